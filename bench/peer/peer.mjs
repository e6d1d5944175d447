#!/usr/bin/env node
// The peer baseline for bench/run.sh: the same job - find the report, extract histology, size, site,
// mitoses and necrosis from coded Observations (FHIRPath) or the narrative (regular expressions),
// grade with FNCLCC and stage T by size - written the way a Node integration would, with HL7's
// fhirpath.js. Reads NDJSON, prints {"lines","seconds","lines_per_s","graded"}. Not a product:
// a yardstick, kept honest by grading the same inputs.
//   node bench/peer/peer.mjs FILE.ndjson
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fhirpath = require('fhirpath');
const r4 = require('fhirpath/fhir-context/r4');

const here = path.dirname(fileURLToPath(import.meta.url));
const histology = JSON.parse(fs.readFileSync(path.join(here, '../../mappings/histology.json'), 'utf8')).rows;
const byCode = new Map();
const bySynonym = [];
for (const h of histology) {
  for (const c of h.icdo3) byCode.set(c, h);
  for (const s of h.synonyms) bySynonym.push([s, h]);
}
bySynonym.sort((a, b) => b[0].length - a[0].length);

const compiled = {
  reports: fhirpath.compile("descendants().where(resourceType = 'DiagnosticReport') | where(resourceType = 'DiagnosticReport')", r4),
  histology: fhirpath.compile("entry.resource.where(resourceType = 'Observation' and code.coding.code = '31206-6').value.coding.code", r4),
  size: fhirpath.compile("entry.resource.where(resourceType = 'Observation').component.where(code.coding.code = '33728-7').value.value", r4),
  mitoses: fhirpath.compile("entry.resource.where(resourceType = 'Observation' and code.coding.code = 'mitotic-count').value", r4),
  necrosis: fhirpath.compile("entry.resource.where(resourceType = 'Observation' and code.coding.code = 'necrosis').value.value", r4),
  narrative: fhirpath.compile("presentedForm.data", r4),
};

function grade(diff, mitoses, necrosis) {
  if (diff == null || mitoses == null || necrosis == null) return 'GX';
  const m = mitoses >= 20 ? 3 : mitoses >= 10 ? 2 : 1;
  const n = necrosis === 0 ? 0 : necrosis < 50 ? 1 : 2;
  const total = diff + m + n;
  return total <= 3 ? 'G1' : total <= 5 ? 'G2' : 'G3';
}
const tBySize = (cm) => (cm == null ? 'TX' : cm <= 5 ? 'T1' : cm <= 10 ? 'T2' : cm <= 15 ? 'T3' : 'T4');

function assess(resource) {
  const report = compiled.reports(resource)[0];
  let h = byCode.get(compiled.histology(resource)[0]);
  let size = compiled.size(resource)[0];
  let mitoses = compiled.mitoses(resource)[0];
  let necrosis = compiled.necrosis(resource)[0];
  for (const data of report ? compiled.narrative(report) : []) {
    const text = Buffer.from(data, 'base64').toString('utf8').toLowerCase();
    if (!h) h = bySynonym.find(([s]) => text.includes(s))?.[1];
    size ??= Number(/greatest dimension\s+([\d.]+)\s*cm/.exec(text)?.[1] ?? NaN) || undefined;
    mitoses ??= Number(/(\d+)\s+mitoses per 10 hpf/.exec(text)?.[1] ?? NaN);
    if (Number.isNaN(mitoses)) mitoses = undefined;
    const nec = /necrosis:\s*(not identified|(\d+)%)/.exec(text);
    if (nec) necrosis ??= nec[2] ? Number(nec[2]) : 0;
  }
  return { grade: grade(h?.differentiation_score, mitoses, necrosis), t: tBySize(size) };
}

const file = process.argv[2];
if (!file) {
  process.stderr.write('usage: node peer.mjs FILE.ndjson\n');
  process.exit(64);
}
const started = process.hrtime.bigint();
let lines = 0, graded = 0;
const rl = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
for await (const line of rl) {
  if (!line.trim()) continue;
  lines++;
  const result = assess(JSON.parse(line));
  if (result.grade !== 'GX') graded++;
}
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
console.log(JSON.stringify({ lines, seconds: Number(seconds.toFixed(3)), lines_per_s: Math.round(lines / seconds), graded }));
