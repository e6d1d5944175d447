#!/usr/bin/env node
// Independent FHIR R4 JSON <-> XML conversion with the `fhir` npm package (lantanagroup FHIR.js,
// pinned in package.json): the reference implementation the C++ codecs are cross-checked against.
//
//   node convert.js json2xml FILE   -> the resource as R4 XML on stdout
//   node convert.js xml2json FILE   -> the resource as R4 JSON on stdout (2-space indent)
//
// Known behaviour of the package (see shared/DESIGN.md): it drops elements it does not know and
// normalises decimals ("1.50" -> "1.5"), so callers compare decimals numerically. xml2json also adds
// "fhir_comments" (XML comments), which is not R4 JSON; this script removes them.
'use strict';
const fs = require('fs');
const { Fhir } = require('fhir');

function stripComments(v) {
  if (Array.isArray(v)) return v.map(stripComments);
  if (v && typeof v === 'object') {
    const out = {};
    for (const [k, x] of Object.entries(v)) if (k !== 'fhir_comments') out[k] = stripComments(x);
    return out;
  }
  return v;
}

function main(argv) {
  if (argv.length !== 2 || !['json2xml', 'xml2json'].includes(argv[0])) {
    process.stderr.write('usage: node convert.js json2xml|xml2json FILE\n');
    return 64;
  }
  let text;
  try {
    text = fs.readFileSync(argv[1], 'utf8');
  } catch (e) {
    process.stderr.write(`convert.js: cannot read ${argv[1]}: ${e.message}\n`);
    return 66;
  }
  const fhir = new Fhir();
  try {
    if (argv[0] === 'json2xml') {
      process.stdout.write(fhir.jsonToXml(text) + '\n');
    } else {
      const obj = stripComments(fhir.xmlToObj(text));
      process.stdout.write(JSON.stringify(obj, null, 2) + '\n');
    }
  } catch (e) {
    process.stderr.write(`convert.js: ${argv[0]} failed: ${e.message}\n`);
    return 65;
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
