#!/usr/bin/env node
// Semantic comparison of FHIR R4 resources for the codec cross-check
// (tests/scripts/fhir_crosscheck.test.sh).
//
//   node compare.js project [--cross-format] REF.json
//       REF projected onto the elements the C++ model carries (MODEL below), as JSON on stdout.
//   node compare.js json [--cross-format] [--numeric] --name NAME REF.json OURS.json
//       REF (projected) against OURS, both FHIR JSON. Exit 1 with the path of the first difference.
//   node compare.js xml [--numeric] --name NAME REF.xml OURS.xml
//       two FHIR XML documents, element by element. Exit 1 with the path of the first difference.
//
// What counts as "the same":
//   * JSON: object member order is free (FHIR JSON does not fix it); array order is significant
//     (FHIR repeating elements are ordered). XML: element order is significant (FHIR XML fixes it),
//     attribute order is free, whitespace-only text between FHIR elements is ignored.
//   * Numbers: exact text by default (the C++ codec keeps decimals as written, "6.0" stays "6.0");
//     with --numeric, equal values compare equal, because the `fhir` npm package normalises
//     decimals ("1.50" -> "1.5").
//   * Narrative div: compared as XHTML, not as text - element names and namespaces, attributes
//     (order free), and text with whitespace runs collapsed. So `<br/>` == `<br />`, `&quot;` == `"`.
//
// MODEL is the explicit allow-list: per type, the elements the C++ model (fhir/model.hpp,
// fhir/datatypes.hpp) carries, written from the R4 spec's element names and types. The reference
// side is projected onto it before comparing; every element removed that way is listed on stderr
// ("not modelled: <path>"), so nothing is skipped silently. The output of our codec is never
// projected: an element our side has and the reference does not is a difference.
//
// Resources of types the model does not know (MedicationRequest, ...) are kept by the codec as raw
// text in the format they came in (OtherResource). Within one format they must round-trip whole;
// across formats (--cross-format) the codec can only carry resourceType and id, so the reference is
// reduced to those.
//
// KNOWN_GAPS lists differences that are accepted on purpose (file, path, why). Empty means none.
'use strict';
const fs = require('fs');
const { DOMParser } = require('@xmldom/xmldom');

// ---------------------------------------------------------------------------------------------
// The allow-list.
const PRIMITIVES = new Set([
  'boolean', 'integer', 'unsignedInt', 'positiveInt', 'decimal', 'base64Binary', 'canonical', 'code',
  'date', 'dateTime', 'id', 'instant', 'markdown', 'oid', 'string', 'time', 'uri', 'url', 'uuid', 'xhtml',
]);

// value[x] of Extension, Task.input/output.value[x] and Parameters.parameter.value[x] in the model
// (R4 allows more: Address, Age, ContactPoint, Duration, Money, Timing, ... are not carried).
const OPEN_VALUE = [
  'base64Binary', 'boolean', 'canonical', 'code', 'date', 'dateTime', 'decimal', 'id', 'instant',
  'integer', 'markdown', 'oid', 'positiveInt', 'string', 'time', 'unsignedInt', 'uri', 'url', 'uuid',
  'Annotation', 'Attachment', 'CodeableConcept', 'Coding', 'HumanName', 'Identifier', 'Period',
  'Quantity', 'Range', 'Ratio', 'Reference', 'Meta',
];

// kind: 'element' (id + extension), 'backbone' (+ modifierExtension), 'resource' (id, meta,
// implicitRules, language), 'domain' (+ text, contained, extension, modifierExtension).
// An element type in [brackets] is a choice element name[x] with those types.
const RESOURCE_BASE = { id: 'id', meta: 'Meta', implicitRules: 'uri', language: 'code' };
const DOMAIN_BASE = {
  ...RESOURCE_BASE, text: 'Narrative', contained: 'Resource', extension: 'Extension',
  modifierExtension: 'Extension',
};
const ELEMENT_BASE = { id: 'plainString', extension: 'Extension' };
const BACKBONE_BASE = { ...ELEMENT_BASE, modifierExtension: 'Extension' };
const OBS_VALUE = ['Quantity', 'CodeableConcept', 'string', 'boolean', 'integer', 'Range', 'Ratio', 'time',
  'dateTime', 'Period'];

const MODEL = {
  // datatypes
  Element: { ...ELEMENT_BASE },
  Coding: { ...ELEMENT_BASE, system: 'uri', version: 'string', code: 'code', display: 'string', userSelected: 'boolean' },
  CodeableConcept: { ...ELEMENT_BASE, coding: 'Coding', text: 'string' },
  Period: { ...ELEMENT_BASE, start: 'dateTime', end: 'dateTime' },
  Identifier: { ...ELEMENT_BASE, use: 'code', type: 'CodeableConcept', system: 'uri', value: 'string', period: 'Period', assigner: 'Reference' },
  Reference: { ...ELEMENT_BASE, reference: 'string', type: 'uri', identifier: 'Identifier', display: 'string' },
  Quantity: { ...ELEMENT_BASE, value: 'decimal', comparator: 'code', unit: 'string', system: 'uri', code: 'code' },
  Range: { ...ELEMENT_BASE, low: 'Quantity', high: 'Quantity' },
  Ratio: { ...ELEMENT_BASE, numerator: 'Quantity', denominator: 'Quantity' },
  Attachment: {
    ...ELEMENT_BASE, contentType: 'code', language: 'code', data: 'base64Binary', url: 'url', size: 'unsignedInt',
    hash: 'base64Binary', title: 'string', creation: 'dateTime',
  },
  Annotation: { ...ELEMENT_BASE, author: ['Reference', 'string'], time: 'dateTime', text: 'markdown' },
  Meta: {
    ...ELEMENT_BASE, versionId: 'id', lastUpdated: 'instant', source: 'uri', profile: 'canonical', security: 'Coding',
    tag: 'Coding',
  },
  Narrative: { ...ELEMENT_BASE, status: 'code', div: 'xhtml' },
  HumanName: {
    ...ELEMENT_BASE, use: 'code', text: 'string', family: 'string', given: 'string', prefix: 'string', suffix: 'string',
    period: 'Period',
  },
  Extension: { ...ELEMENT_BASE, url: 'plainString', value: OPEN_VALUE },

  // resources
  DiagnosticReport: {
    ...DOMAIN_BASE, identifier: 'Identifier', basedOn: 'Reference', status: 'code', category: 'CodeableConcept',
    code: 'CodeableConcept', subject: 'Reference', encounter: 'Reference', effective: ['dateTime', 'Period'],
    issued: 'instant', performer: 'Reference', resultsInterpreter: 'Reference', specimen: 'Reference',
    result: 'Reference', imagingStudy: 'Reference', media: 'DiagnosticReport.media', conclusion: 'string',
    conclusionCode: 'CodeableConcept', presentedForm: 'Attachment',
  },
  'DiagnosticReport.media': { ...BACKBONE_BASE, comment: 'string', link: 'Reference' },
  Observation: {
    ...DOMAIN_BASE, identifier: 'Identifier', basedOn: 'Reference', partOf: 'Reference', status: 'code',
    category: 'CodeableConcept', code: 'CodeableConcept', subject: 'Reference', focus: 'Reference',
    encounter: 'Reference', effective: ['dateTime', 'Period', 'instant'], issued: 'instant', performer: 'Reference',
    value: OBS_VALUE, dataAbsentReason: 'CodeableConcept', interpretation: 'CodeableConcept', note: 'Annotation',
    bodySite: 'CodeableConcept', method: 'CodeableConcept', specimen: 'Reference', device: 'Reference',
    referenceRange: 'Observation.referenceRange', hasMember: 'Reference', derivedFrom: 'Reference',
    component: 'Observation.component',
  },
  'Observation.referenceRange': {
    ...BACKBONE_BASE, low: 'Quantity', high: 'Quantity', type: 'CodeableConcept', appliesTo: 'CodeableConcept',
    age: 'Range', text: 'string',
  },
  'Observation.component': {
    ...BACKBONE_BASE, code: 'CodeableConcept', value: OBS_VALUE, dataAbsentReason: 'CodeableConcept',
    interpretation: 'CodeableConcept', referenceRange: 'Observation.referenceRange',
  },
  Bundle: {
    ...RESOURCE_BASE, identifier: 'Identifier', type: 'code', timestamp: 'instant', total: 'unsignedInt',
    link: 'Bundle.link', entry: 'Bundle.entry',
  },
  'Bundle.link': { ...BACKBONE_BASE, relation: 'string', url: 'uri' },
  'Bundle.entry': {
    ...BACKBONE_BASE, link: 'Bundle.link', fullUrl: 'uri', resource: 'Resource', search: 'Bundle.entry.search',
    request: 'Bundle.entry.request', response: 'Bundle.entry.response',
  },
  'Bundle.entry.search': { ...BACKBONE_BASE, mode: 'code', score: 'decimal' },
  'Bundle.entry.request': {
    ...BACKBONE_BASE, method: 'code', url: 'uri', ifNoneMatch: 'string', ifModifiedSince: 'instant',
    ifMatch: 'string', ifNoneExist: 'string',
  },
  'Bundle.entry.response': {
    ...BACKBONE_BASE, status: 'string', location: 'uri', etag: 'string', lastModified: 'instant', outcome: 'Resource',
  },
  Task: {
    ...DOMAIN_BASE, identifier: 'Identifier', instantiatesCanonical: 'canonical', instantiatesUri: 'uri',
    basedOn: 'Reference', groupIdentifier: 'Identifier', partOf: 'Reference', status: 'code',
    statusReason: 'CodeableConcept', businessStatus: 'CodeableConcept', intent: 'code', priority: 'code',
    code: 'CodeableConcept', description: 'string', focus: 'Reference', for: 'Reference', encounter: 'Reference',
    executionPeriod: 'Period', authoredOn: 'dateTime', lastModified: 'dateTime', requester: 'Reference',
    performerType: 'CodeableConcept', owner: 'Reference', location: 'Reference', reasonCode: 'CodeableConcept',
    reasonReference: 'Reference', insurance: 'Reference', note: 'Annotation', relevantHistory: 'Reference',
    restriction: 'Task.restriction', input: 'Task.input', output: 'Task.input',
  },
  'Task.restriction': { ...BACKBONE_BASE, repetitions: 'positiveInt', period: 'Period', recipient: 'Reference' },
  'Task.input': { ...BACKBONE_BASE, type: 'CodeableConcept', value: OPEN_VALUE },
  Provenance: {
    ...DOMAIN_BASE, target: 'Reference', occurred: ['Period', 'dateTime'], recorded: 'instant', policy: 'uri',
    location: 'Reference', reason: 'CodeableConcept', activity: 'CodeableConcept', agent: 'Provenance.agent',
    entity: 'Provenance.entity',
  },
  'Provenance.agent': {
    ...BACKBONE_BASE, type: 'CodeableConcept', role: 'CodeableConcept', who: 'Reference', onBehalfOf: 'Reference',
  },
  'Provenance.entity': { ...BACKBONE_BASE, role: 'code', what: 'Reference' },
  OperationOutcome: { ...DOMAIN_BASE, issue: 'OperationOutcome.issue' },
  'OperationOutcome.issue': {
    ...BACKBONE_BASE, severity: 'code', code: 'code', details: 'CodeableConcept', diagnostics: 'string',
    location: 'string', expression: 'string',
  },
  Parameters: { ...RESOURCE_BASE, parameter: 'Parameters.parameter' },
  'Parameters.parameter': {
    ...BACKBONE_BASE, name: 'string', value: OPEN_VALUE, resource: 'Resource', part: 'Parameters.parameter',
  },
  Patient: {
    ...DOMAIN_BASE, identifier: 'Identifier', active: 'boolean', name: 'HumanName', gender: 'code',
    birthDate: 'date', managingOrganization: 'Reference',
  },
  Specimen: {
    ...DOMAIN_BASE, identifier: 'Identifier', accessionIdentifier: 'Identifier', status: 'code',
    type: 'CodeableConcept', subject: 'Reference', receivedTime: 'dateTime', parent: 'Reference',
    request: 'Reference', note: 'Annotation',
  },
};
const RESOURCES = new Set(['DiagnosticReport', 'Observation', 'Bundle', 'Task', 'Provenance', 'OperationOutcome',
  'Parameters', 'Patient', 'Specimen']);

// Accepted differences: { file: 'name.json', path: 'Bundle.entry[0]...', why: '...' }. Keep short.
const KNOWN_GAPS = [];

// ---------------------------------------------------------------------------------------------
// JSON with number text kept (JSON.parse would turn 6.0 into 6).
class Num {
  constructor(text) { this.text = text; }
}

function parseJson(text) {
  let i = 0;
  const ws = () => { while (i < text.length && ' \t\r\n'.includes(text[i])) ++i; };
  const fail = (m) => { throw new Error(`JSON: ${m} at ${i}`); };
  function value() {
    ws();
    const c = text[i];
    if (c === '{') {
      ++i; const o = {}; ws();
      if (text[i] === '}') { ++i; return o; }
      for (;;) {
        ws(); const k = str(); ws();
        if (text[i++] !== ':') fail('expected :');
        if (Object.prototype.hasOwnProperty.call(o, k)) fail(`duplicate key ${k}`);
        o[k] = value(); ws();
        if (text[i] === ',') { ++i; continue; }
        if (text[i] === '}') { ++i; return o; }
        fail('expected , or }');
      }
    }
    if (c === '[') {
      ++i; const a = []; ws();
      if (text[i] === ']') { ++i; return a; }
      for (;;) {
        a.push(value()); ws();
        if (text[i] === ',') { ++i; continue; }
        if (text[i] === ']') { ++i; return a; }
        fail('expected , or ]');
      }
    }
    if (c === '"') return str();
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (m && m[0].length) { i += m[0].length; return new Num(m[0]); }
    for (const [w, v] of [['true', true], ['false', false], ['null', null]]) {
      if (text.startsWith(w, i)) { i += w.length; return v; }
    }
    return fail('unexpected character');
  }
  function str() {
    if (text[i] !== '"') fail('expected string');
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    const s = JSON.parse(text.slice(i, j + 1));
    i = j + 1;
    return s;
  }
  const v = value(); ws();
  if (i !== text.length) fail('trailing text');
  return v;
}

function writeJson(v) {
  if (v instanceof Num) return v.text;
  if (Array.isArray(v)) return `[${v.map(writeJson).join(',')}]`;
  if (v && typeof v === 'object') return `{${Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}:${writeJson(x)}`).join(',')}}`;
  return JSON.stringify(v);
}

// ---------------------------------------------------------------------------------------------
// Projection onto MODEL.
const cap = (s) => s[0].toUpperCase() + s.slice(1);

function lookup(def, name) {
  if (Object.prototype.hasOwnProperty.call(def, name) && !Array.isArray(def[name])) return def[name];
  for (const [base, t] of Object.entries(def)) {
    if (!Array.isArray(t) || !name.startsWith(base)) continue;
    const suffix = name.slice(base.length);
    const hit = t.find((ty) => cap(ty) === suffix);
    if (hit) return hit;
  }
  return null;
}

const isEmpty = (v) => v === undefined || (Array.isArray(v) && v.length === 0) ||
  (v && typeof v === 'object' && !(v instanceof Num) && !Array.isArray(v) && Object.keys(v).length === 0);

function project(v, type, path, opts, dropped) {
  if (Array.isArray(v)) {
    return v.map((x, k) => project(x, type, `${path}[${k}]`, opts, dropped)).filter((x) => x === null || !isEmpty(x));
  }
  if (v === null) return null;
  if (type === 'Resource') {
    const rt = v.resourceType;
    if (!RESOURCES.has(rt)) {
      if (!opts.crossFormat) return v;  // kept raw within one format
      const out = { resourceType: rt };
      if (v.id !== undefined) out.id = v.id;
      for (const k of Object.keys(v)) if (k !== 'resourceType' && k !== 'id') dropped.push(`${path}.${k} (inside ${rt}, not carried across formats)`);
      return out;
    }
    type = rt;
  }
  const def = MODEL[type];
  if (!def) throw new Error(`compare.js: no MODEL entry for ${type}`);
  const out = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === 'resourceType' && RESOURCES.has(type)) { out[k] = x; continue; }
    const underscore = k.startsWith('_');
    const name = underscore ? k.slice(1) : k;
    const t = lookup(def, name);
    const where = `${path}.${k}`;
    if (t === null || (underscore && !PRIMITIVES.has(t))) { dropped.push(where); continue; }
    let p;
    if (underscore) p = project(x, 'Element', where, opts, dropped);
    else if (PRIMITIVES.has(t) || t === 'plainString') p = x;
    else p = project(x, t, where, opts, dropped);
    if (!isEmpty(p)) out[k] = p;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// XHTML and XML comparison.
const XHTML_NS = 'http://www.w3.org/1999/xhtml';
const collapse = (s) => s.replace(/\s+/g, ' ');

function parseXml(text, what) {
  const errors = [];
  const doc = new DOMParser({
    onError: (level, msg) => { if (level !== 'warning') errors.push(msg); },
  }).parseFromString(text, 'text/xml');
  if (errors.length || !doc || !doc.documentElement) throw new Error(`${what}: not well-formed XML: ${errors[0] || 'no root'}`);
  return doc.documentElement;
}

// A canonical, whitespace-insensitive rendering of an XHTML subtree, as a list of tokens.
function xhtmlTokens(node, out) {
  if (node.nodeType === 1) {
    const attrs = [];
    for (let k = 0; k < node.attributes.length; ++k) {
      const a = node.attributes[k];
      if (a.name === 'xmlns' || a.name.startsWith('xmlns:')) continue;
      attrs.push(`${a.namespaceURI || ''}|${a.localName}=${collapse(a.value)}`);
    }
    attrs.sort();
    out.push(`<{${node.namespaceURI}}${node.localName} ${attrs.join(' ')}>`);
    for (let c = node.firstChild; c; c = c.nextSibling) xhtmlTokens(c, out);
    out.push(`</${node.localName}>`);
  } else if (node.nodeType === 3 || node.nodeType === 4) {
    const t = collapse(node.data);
    if (out.length && out[out.length - 1].startsWith('#')) out[out.length - 1] = collapse(out[out.length - 1] + t);
    else out.push(`#${t}`);
  }
  return out;
}

function compareXhtml(a, b, path) {
  const ta = xhtmlTokens(typeof a === 'string' ? parseXml(a, `${path} (reference)`) : a, [])
    .map((t) => (t.startsWith('#') ? `#${t.slice(1).trim()}` : t)).filter((t) => t !== '#');
  const tb = xhtmlTokens(typeof b === 'string' ? parseXml(b, `${path} (ours)`) : b, [])
    .map((t) => (t.startsWith('#') ? `#${t.slice(1).trim()}` : t)).filter((t) => t !== '#');
  for (let k = 0; k < Math.max(ta.length, tb.length); ++k) {
    if (ta[k] !== tb[k]) return `${path}: narrative differs at token ${k}: reference ${JSON.stringify(ta[k])} vs ours ${JSON.stringify(tb[k])}`;
  }
  return null;
}

const DECIMAL = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$/;
const sameNumber = (a, b) => DECIMAL.test(a) && DECIMAL.test(b) && Number(a) === Number(b);

function compareJson(a, b, path, opts) {
  if (a instanceof Num || b instanceof Num) {
    if (!(a instanceof Num && b instanceof Num)) return `${path}: reference ${writeJson(a)} vs ours ${writeJson(b)}`;
    if (a.text === b.text || (opts.numeric && sameNumber(a.text, b.text))) return null;
    return `${path}: number ${a.text} vs ours ${b.text}`;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b))) return `${path}: reference ${writeJson(a)} vs ours ${writeJson(b)}`;
    for (let k = 0; k < Math.max(a.length, b.length); ++k) {
      if (k >= a.length) return `${path}[${k}]: extra in ours: ${writeJson(b[k]).slice(0, 200)}`;
      if (k >= b.length) return `${path}[${k}]: missing in ours: ${writeJson(a[k]).slice(0, 200)}`;
      const d = compareJson(a[k], b[k], `${path}[${k}]`, opts);
      if (d) return d;
    }
    return null;
  }
  if (a && typeof a === 'object' && b && typeof b === 'object') {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
      const p = `${path}.${k}`;
      if (!(k in b)) return `${p}: missing in ours (reference ${writeJson(a[k]).slice(0, 200)})`;
      if (!(k in a)) return `${p}: extra in ours (${writeJson(b[k]).slice(0, 200)})`;
      const d = k === 'div' && typeof a[k] === 'string' && typeof b[k] === 'string'
        ? compareXhtml(a[k], b[k], p) : compareJson(a[k], b[k], p, opts);
      if (d) return d;
    }
    return null;
  }
  if (a === b) return null;
  return `${path}: reference ${JSON.stringify(a)} vs ours ${JSON.stringify(b)}`;
}

function fhirElements(node) {
  const out = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    if (c.nodeType === 1) out.push(c);
    else if ((c.nodeType === 3 || c.nodeType === 4) && c.data.trim() !== '') out.push(c);
  }
  return out;
}

// `here` is the path of a (and b), e.g. "/Bundle/entry[1]/resource/Observation/code".
function compareXml(a, b, here, opts) {
  const name = (n) => (n.nodeType === 1 ? `{${n.namespaceURI}}${n.localName}` : `#text ${JSON.stringify(n.data.trim())}`);
  if (name(a) !== name(b)) return `${here}: reference <${name(a)}> vs ours <${name(b)}>`;
  if (a.nodeType !== 1) return null;
  if (a.namespaceURI === XHTML_NS && a.localName === 'div') return compareXhtml(a, b, here);
  const attrs = (n) => {
    const m = new Map();
    for (let k = 0; k < n.attributes.length; ++k) {
      const at = n.attributes[k];
      if (at.name === 'xmlns' || at.name.startsWith('xmlns:')) continue;
      m.set(`${at.namespaceURI || ''}|${at.localName}`, at.value);
    }
    return m;
  };
  const aa = attrs(a);
  const ba = attrs(b);
  for (const k of new Set([...aa.keys(), ...ba.keys()])) {
    const x = aa.get(k);
    const y = ba.get(k);
    if (x === y) continue;
    if (x !== undefined && y !== undefined && opts.numeric && k === '|value' && sameNumber(x, y)) continue;
    return `${here}/@${k.replace(/^\|/, '')}: reference ${JSON.stringify(x)} vs ours ${JSON.stringify(y)}`;
  }
  const ac = fhirElements(a);
  const bc = fhirElements(b);
  const seen = new Map();
  for (let k = 0; k < Math.max(ac.length, bc.length); ++k) {
    if (k >= ac.length) return `${here}: extra in ours: <${bc[k].localName || '#text'}> (child ${k})`;
    if (k >= bc.length) return `${here}: missing in ours: <${ac[k].localName || '#text'}> (child ${k})`;
    const label = ac[k].localName || '#text';
    const n = seen.get(label) || 0;
    seen.set(label, n + 1);
    const d = compareXml(ac[k], bc[k], `${here}/${label}${n ? `[${n}]` : ''}`, opts);
    if (d) return d;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
function main(argv) {
  const mode = argv.shift();
  const opts = { crossFormat: false, numeric: false, name: '' };
  const files = [];
  while (argv.length) {
    const a = argv.shift();
    if (a === '--cross-format') opts.crossFormat = true;
    else if (a === '--numeric') opts.numeric = true;
    else if (a === '--name') opts.name = argv.shift();
    else files.push(a);
  }
  const read = (f) => fs.readFileSync(f, 'utf8');
  if (mode === 'project' && files.length === 1) {
    const ref = parseJson(read(files[0]));
    const dropped = [];
    const p = project(ref, 'Resource', ref.resourceType, opts, dropped);
    for (const d of dropped) process.stderr.write(`not modelled: ${d}\n`);
    process.stdout.write(writeJson(p) + '\n');
    return 0;
  }
  let diff;
  if (mode === 'json' && files.length === 2) {
    const ref = parseJson(read(files[0]));
    const ours = parseJson(read(files[1]));
    const dropped = [];
    const p = project(ref, 'Resource', ref.resourceType, opts, dropped);
    for (const d of dropped) process.stderr.write(`not modelled: ${d}\n`);
    diff = compareJson(p, ours, ref.resourceType, opts);
  } else if (mode === 'xml' && files.length === 2) {
    const ra = parseXml(read(files[0]), files[0]);
    diff = compareXml(ra, parseXml(read(files[1]), files[1]), `/${ra.localName}`, opts);
  } else {
    process.stderr.write('usage: node compare.js project|json|xml [--cross-format] [--numeric] [--name NAME] FILE [FILE]\n');
    return 64;
  }
  if (!diff) return 0;
  const gap = KNOWN_GAPS.find((g) => g.file === opts.name && diff.startsWith(g.path));
  if (gap) {
    process.stderr.write(`known gap (${gap.why}): ${diff}\n`);
    return 0;
  }
  process.stdout.write(`first difference: ${diff}\n`);
  return 1;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (e) {
  process.stdout.write(`compare.js: ${e.message}\n`);
  process.exitCode = 2;
}
