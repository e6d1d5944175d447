#!/usr/bin/env node
// Synthetic FHIR R4 pathology reports as NDJSON (one report per line), for benchmarks and bulk
// tests: deterministic for a given seed (mulberry32), any count, no patient data.
//
//   node bench/gen/gen.mjs --kind coded|narrative|mixed|xml --count N [--seed S] > reports.ndjson
//
// coded:     a collection Bundle: DiagnosticReport + Observations (histology ICD-O-3 with bodySite
//            ICD-O-3 topography, mCODE tumour size with a component, local mitotic count and
//            necrosis codes, stated grade) - ~2 KB.
// narrative: a DiagnosticReport whose presentedForm (text/plain, base64) holds history, gross,
//            microscopic and a CAP-style synoptic block - ~1.3 KB decoded.
// mixed:     the coded Bundle plus the narrative presentedForm on its report.
// xml:       the shape FHIR XML exports take once converted to JSON (as the XML fixtures are): one
//            DiagnosticReport with its Observations `contained` and referenced as `#id`, an XHTML
//            `text.div`, and the narrative as a text/html presentedForm (paragraphs, a table).
// Histologies and sites are drawn from mappings/histology.json and a fixed site list, sizes from
// 0.5-25 cm, mitoses 0-45 per 10 HPF, necrosis 0-90%.
import fs from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import { fileURLToPath } from 'node:url';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((acc, a, i, all) => (a.startsWith('--') ? [...acc, [a.slice(2), all[i + 1]]] : acc), []));
const kind = args.kind || 'coded';
const count = Number(args.count || 1000);
let seed = Number(args.seed || 20261125) >>> 0;
if (!['coded', 'narrative', 'mixed', 'xml'].includes(kind) || !(count >= 0)) {
  process.stderr.write('usage: node gen.mjs --kind coded|narrative|mixed|xml --count N [--seed S]\n');
  process.exit(64);
}

function rand() {  // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(rand() * list.length)];
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));

const here = path.dirname(fileURLToPath(import.meta.url));
const histology = JSON.parse(fs.readFileSync(path.join(here, '../../mappings/histology.json'), 'utf8')).rows
  .filter((r) => r.category === 'soft-tissue-sarcoma' && r.icdo3.length && r.synonyms.length);
const sites = [
  ['C49.2', 'left thigh'], ['C49.2', 'right buttock'], ['C49.1', 'right forearm'], ['C49.3', 'chest wall'],
  ['C48.0', 'retroperitoneum'], ['C49.0', 'neck'], ['C49.2', 'popliteal fossa'], ['C49.4', 'abdominal wall'],
];
const LOINC = 'http://loinc.org', ICDO = 'http://terminology.hl7.org/CodeSystem/icd-o-3';
const LOCAL = 'https://sarcoma-adapter.dev/fhir/CodeSystem/local-element', UCUM = 'http://unitsofmeasure.org';

function facts(i) {
  const h = pick(histology);
  const [topo, siteWords] = pick(sites);
  return {
    i, h, topo, siteWords,
    size: (int(5, 250) / 10).toFixed(1), mitoses: int(0, 45), necrosis: pick([0, 0, 5, 10, 20, 30, 40, 50, 60, 75, 90]),
    grade: pick(['G1', 'G2', 'G3']),
  };
}

function narrativeLines(f) {
  return [
    'SURGICAL PATHOLOGY REPORT',
    `Accession: SYN-${f.i}`,
    'CLINICAL HISTORY: Enlarging deep soft tissue mass. Imaging suggestive of a sarcoma.',
    `GROSS DESCRIPTION: Received fresh, labelled "${f.siteWords}, excision", a lobulated mass measuring ` +
      `${f.size} x ${(f.size * 0.6).toFixed(1)} x ${(f.size * 0.4).toFixed(1)} cm. Cut surface tan-white, focally myxoid.`,
    'MICROSCOPIC DESCRIPTION: Sections show a cellular spindle cell neoplasm with nuclear atypia and ' +
      'infiltrative borders. Immunohistochemistry performed on block A3 supports the diagnosis.',
    `FINAL DIAGNOSIS: ${f.siteWords}, excision: ${f.h.synonyms[0]}.`,
    '',
    'SYNOPTIC REPORT (soft tissue)',
    'Procedure: Excision',
    `Tumor Site: ${f.siteWords}`,
    `Histologic Type: ${f.h.synonyms[0]}`,
    `Tumor Size: Greatest dimension ${f.size} cm`,
    `Mitotic Rate: ${f.mitoses} mitoses per 10 HPF`,
    `Necrosis: ${f.necrosis === 0 ? 'Not identified' : f.necrosis + '%'}`,
    'Margins: Uninvolved by sarcoma',
    'Regional Lymph Nodes: No lymph nodes submitted',
  ];
}

function narrative(f) {
  const text = narrativeLines(f).join('\n');
  return { contentType: 'text/plain', data: Buffer.from(text, 'utf8').toString('base64') };
}

const escapeHtml = (t) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

// The report as an LIS renders it: prose paragraphs, then the synoptic block as a two-column table.
function html(f) {
  const lines = narrativeLines(f);
  const cut = lines.indexOf('');
  const prose = lines.slice(0, cut).map((l) => `<p>${escapeHtml(l)}</p>`).join('');
  const rows = lines.slice(cut + 2).map((l) => {
    const [label, value] = l.split(/:\s*/, 2);
    return `<tr><td>${escapeHtml(label)}:</td><td>${escapeHtml(value)}</td></tr>`;
  }).join('');
  return `${prose}<h2>${escapeHtml(lines[cut + 1])}</h2><table>${rows}</table>`;
}

function xmlDerived(f) {
  const obs = observations(f).map((o) => {
    const { subject, ...rest } = o;  // contained resources carry no subject of their own here
    return { ...rest, id: o.id.replace(`syn-${f.i}-`, '') };
  });
  const dr = report(f, false, null);
  dr.text = { status: 'generated', div: `<div xmlns="http://www.w3.org/1999/xhtml">${html(f)}</div>` };
  dr.contained = obs;
  dr.result = obs.map((o) => ({ reference: `#${o.id}` }));
  dr.presentedForm = [{ contentType: 'text/html', data: Buffer.from(`<html><body>${html(f)}</body></html>`, 'utf8').toString('base64') }];
  // Key order as a converter writes it: resourceType, id, text, contained, then the elements.
  const { resourceType, id, text, contained, ...restOfReport } = dr;
  return { resourceType, id, text, contained, ...restOfReport };
}

function report(f, withNarrative, results) {
  const dr = {
    resourceType: 'DiagnosticReport', id: `syn-${f.i}`,
    identifier: [{ system: 'https://synthetic.test/report', value: `SYN-${f.i}` }],
    status: 'final', code: { coding: [{ system: LOINC, code: '60568-3' }] },
    subject: { reference: `Patient/syn-p${f.i}` }, issued: '2026-01-01T00:00:00Z',
  };
  if (results) dr.result = results.map((r) => ({ reference: `Observation/${r.id}` }));
  if (withNarrative) dr.presentedForm = [narrative(f)];
  return dr;
}

function observations(f) {
  const subject = { reference: `Patient/syn-p${f.i}` };
  const obs = (id, code, value) => ({ resourceType: 'Observation', id: `syn-${f.i}-${id}`, status: 'final', code, subject, ...value });
  return [
    obs('hist', { coding: [{ system: LOINC, code: '31206-6' }] }, {
      valueCodeableConcept: { coding: [{ system: ICDO, code: f.h.icdo3[0] }] },
      bodySite: { coding: [{ system: ICDO, code: f.topo }] } }),
    obs('size', { coding: [{ system: LOINC, code: '21889-1' }] }, {
      component: [{ code: { coding: [{ system: LOINC, code: '33728-7' }] },
        valueQuantity: { value: Number(f.size), unit: 'cm', system: UCUM, code: 'cm' } }] }),
    obs('mit', { coding: [{ system: LOCAL, code: 'mitotic-count' }] }, { valueInteger: f.mitoses }),
    obs('nec', { coding: [{ system: LOCAL, code: 'necrosis' }] }, {
      valueQuantity: { value: f.necrosis, unit: '%', system: UCUM, code: '%' } }),
    obs('grade', { coding: [{ system: LOINC, code: '33732-9' }] }, { valueCodeableConcept: { text: f.grade } }),
  ];
}

const out = [];
const flush = () => { process.stdout.write(out.join('')); out.length = 0; };
for (let i = 1; i <= count; i++) {
  const f = facts(i);
  let line;
  if (kind === 'narrative') {
    line = report(f, true, null);
  } else if (kind === 'xml') {
    line = xmlDerived(f);
  } else {
    const obs = observations(f);
    line = { resourceType: 'Bundle', type: 'collection',
      entry: [report(f, kind === 'mixed', obs), ...obs].map((r) => ({ fullUrl: `https://synthetic.test/fhir/${r.resourceType}/${r.id}`, resource: r })) };
  }
  out.push(JSON.stringify(line) + '\n');
  if (out.length >= 1000) flush();
}
flush();
