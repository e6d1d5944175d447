#!/usr/bin/env node
// Independent R4 validation of the adapter's output with the `fhir` npm package (FHIR.js 4.12, its
// R4 StructureDefinitions): cardinality, data types, required elements, required-strength code
// bindings (e.g. Observation.status, Task.intent, Bundle.type), unknown properties.
//
//   node validate.js FILE...   -> one line per error; exit 1 when any file has an error
//
// Warnings and information (example-strength bindings such as LOINC codes "not found in value
// set", which the package cannot expand offline) are not errors and are not printed.
'use strict';
const fs = require('fs');
const { Fhir } = require('fhir');

const fhir = new Fhir();
let failed = 0;
for (const file of process.argv.slice(2)) {
  let resource;
  try {
    resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    console.log(`${file}: not JSON: ${e.message}`);
    failed++;
    continue;
  }
  const result = fhir.validate(resource, {});
  const errors = result.messages.filter((m) => m.severity === 'error');
  if (!result.valid || errors.length > 0) {
    failed++;
    for (const m of errors) console.log(`${file}: ${m.resourceId || ''} ${m.location}: ${m.message}`);
  }
}
process.exit(failed > 0 ? 1 : 0);
