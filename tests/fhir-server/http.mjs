#!/usr/bin/env node
// A tiny HTTP client for the shell tests (no curl needed), and a JSON query helper.
//
//   node http.mjs request METHOD URL [-d BODY | -d @FILE | -d @-] [-H 'Name: value']... [-t SECONDS]
//     Sends one request (Content-Type application/fhir+json when there is a body, unless given
//     with -H) and prints one JSON document on stdout:
//       {"status": 201, "headers": {"location": "...", ...}, "body": <parsed JSON, or the text>}
//     Exit 0 for any HTTP response, 2 for a connection error or timeout (default 10 s), 64 for
//     bad usage. The message for exit 2 goes to stderr.
//
//   node http.mjs get FILE EXPR
//     Evaluates the JavaScript expression EXPR with `r` bound to the JSON in FILE ("-" = stdin)
//     and prints the result: strings raw, undefined as an empty line, anything else as JSON.
//     Example: node http.mjs get resp.json 'r.body.entry.length'
import fs from 'node:fs';
import http from 'node:http';
import process from 'node:process';

function usage(message) {
  process.stderr.write(`http.mjs: ${message}\n`);
  process.exit(64);
}

function readArg(value) {
  if (value === '@-') return fs.readFileSync(0);
  if (value.startsWith('@')) return fs.readFileSync(value.slice(1));
  return Buffer.from(value, 'utf8');
}

function request(args) {
  const [method, target, ...rest] = args;
  if (!method || !target) usage('request needs METHOD and URL');
  const headers = {};
  let body;
  let timeoutS = 10;
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-d' && i + 1 < rest.length) {
      body = readArg(rest[++i]);
    } else if (a === '-H' && i + 1 < rest.length) {
      const h = rest[++i];
      const colon = h.indexOf(':');
      if (colon <= 0) usage(`bad header: ${h}`);
      headers[h.slice(0, colon).trim().toLowerCase()] = h.slice(colon + 1).trim();
    } else if (a === '-t' && i + 1 < rest.length) {
      timeoutS = Number(rest[++i]);
    } else {
      usage(`unknown argument: ${a}`);
    }
  }
  if (body !== undefined) {
    headers['content-type'] ??= 'application/fhir+json';
    headers['content-length'] = String(body.length);
  }
  headers.accept ??= 'application/fhir+json';
  const url = new URL(target);
  const req = http.request(url, { method, headers, agent: false }, (res) => {
    const chunks = [];
    res.on('data', (c) => chunks.push(c));
    res.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let parsed = text;
      if (text.length > 0) {
        try {
          parsed = JSON.parse(text);
        } catch {
          // keep the text
        }
      } else {
        parsed = null;
      }
      process.stdout.write(JSON.stringify({ status: res.statusCode, headers: res.headers, body: parsed }) + '\n');
      process.exit(0);
    });
    res.on('error', (err) => fail(err));
  });
  const fail = (err) => {
    process.stderr.write(`http.mjs: ${method} ${target}: ${err.message}\n`);
    process.exit(2);
  };
  req.on('error', fail);
  req.setTimeout(timeoutS * 1000, () => req.destroy(new Error(`no response within ${timeoutS} s`)));
  req.end(body);
}

function get(args) {
  const [file, expr] = args;
  if (!file || !expr) usage('get needs FILE and EXPR');
  const r = JSON.parse(fs.readFileSync(file === '-' ? 0 : file, 'utf8'));
  // eslint-disable-next-line no-new-func
  const value = new Function('r', `return (${expr});`)(r);
  process.stdout.write((value === undefined ? '' : typeof value === 'string' ? value : JSON.stringify(value)) + '\n');
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'request') request(args);
else if (mode === 'get') get(args);
else usage('usage: node http.mjs request METHOD URL [-d BODY|@FILE|@-] [-H "K: V"]... | get FILE EXPR');
