#!/usr/bin/env bash
# TLS both ways (issue 7). To an upstream FHIR server (the FHIR client): certificate verification is on. A Node
# HTTPS server on 127.0.0.1 with a throwaway self-signed certificate (made here with the openssl
# CLI, subjectAltName IP:127.0.0.1) stands in for the hospital's server. `submit` is the client.
#   trusted via --ca-file -> the transaction arrives, with the bearer token;
#   no --ca-file (system trust store) -> refused, exit 69, "tls" in the error;
#   a certificate for another host name -> refused.
# And the daemon serving HTTPS with a configured certificate and key.
set -u
bin="${SARCOMA_BIN:?SARCOMA_BIN not set}"
src="${SARCOMA_SOURCE_DIR:-.}"
# shellcheck source=lib.sh
. "$src/tests/scripts/lib.sh"
tmp=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
command -v openssl >/dev/null || { echo "openssl CLI missing"; exit 1; }
cert() {  # name, subjectAltName
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$1" -addext "subjectAltName=$2" \
    -keyout "$tmp/$1.key" -out "$tmp/$1.pem" >/dev/null 2>&1
}
cert right "IP:127.0.0.1"
cert wrong "DNS:fhir.elsewhere.test"

serve() {  # name -> starts an HTTPS server with that certificate; sets port
  cat >"$tmp/server.js" <<'JS'
const https = require('https'), fs = require('fs');
const [key, cert, log] = process.argv.slice(2);
https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    fs.appendFileSync(log, JSON.stringify({ method: req.method, url: req.url, auth: req.headers.authorization || '', type: req.headers['content-type'] || '', size: body.length }) + '\n');
    res.writeHead(200, { 'Content-Type': 'application/fhir+json' });
    res.end('{"resourceType":"Bundle","type":"transaction-response","entry":[]}');
  });
}).listen(0, '127.0.0.1', function () { console.log('LISTENING ' + this.address().port); });
JS
  node "$tmp/server.js" "$tmp/$1.key" "$tmp/$1.pem" "$tmp/requests.log" >"$tmp/server.out" 2>&1 &
  pid=$!
  port=""
  for _ in $(seq 1 100); do
    port=$(sed -n 's/^LISTENING //p' "$tmp/server.out")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || { echo "test server did not start"; cat "$tmp/server.out"; exit 1; }
}
report="$src/fixtures/reports/07-narrative-myxofibrosarcoma-thigh-plain.json"

serve right
export UPSTREAM_TOKEN_FOR_TEST="t0ken-$$"
"$bin" submit --server "https://127.0.0.1:$port/fhir" --ca-file "$tmp/right.pem" --token-env UPSTREAM_TOKEN_FOR_TEST \
  "$report" >"$tmp/out" 2>"$tmp/err"
check "trusted certificate: submit exits 0" 0 $?
check "one request arrived" 1 "$(wc -l <"$tmp/requests.log")"
grep -q '"method":"POST","url":"/fhir"' "$tmp/requests.log"; check "POST to the base" 0 $?
grep -q "\"auth\":\"Bearer t0ken-$$\"" "$tmp/requests.log"; check "bearer token sent" 0 $?
grep -q '"type":"application/fhir+json"' "$tmp/requests.log"; check "FHIR JSON content type" 0 $?

"$bin" submit --server "https://127.0.0.1:$port/fhir" "$report" >"$tmp/out" 2>"$tmp/err"
check "untrusted certificate: refused with exit 69" 69 $?
grep -q "tls" "$tmp/err"; check "the error says tls" 0 $?
check "nothing more arrived" 1 "$(wc -l <"$tmp/requests.log")"
kill "$pid"; wait "$pid" 2>/dev/null; pid=""

serve wrong
"$bin" submit --server "https://127.0.0.1:$port/fhir" --ca-file "$tmp/wrong.pem" "$report" >"$tmp/out" 2>"$tmp/err"
check "certificate for another host: refused with exit 69" 69 $?
check "nothing arrived at the wrong host" 1 "$(wc -l <"$tmp/requests.log")"
kill "$pid"; wait "$pid" 2>/dev/null; pid=""

# The daemon serving HTTPS itself (tls.cert_file / tls.key_file), reached by the same client.
cat >"$tmp/daemon.json" <<JSON
{"listen": "127.0.0.1:0", "tls": {"cert_file": "$tmp/right.pem", "key_file": "$tmp/right.key"}}
JSON
"$bin" serve --config "$tmp/daemon.json" --data-dir "$tmp/data" >"$tmp/daemon.out" 2>"$tmp/daemon.log" &
pid=$!
port=""
for _ in $(seq 1 100); do port=$(grep -o '"port":[0-9]*' "$tmp/daemon.out" 2>/dev/null | cut -d: -f2); [ -n "$port" ] && break; sleep 0.1; done
grep -q '"scheme":"https"' "$tmp/daemon.out"; check "daemon reports https" 0 $?
"$bin" submit --server "https://127.0.0.1:$port/fhir" --ca-file "$tmp/right.pem" "$report" >/dev/null 2>"$tmp/err"
check "report stored over HTTPS" 0 $?
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 --cacert "$tmp/right.pem" "https://127.0.0.1:$port/livez")
check "curl with the CA: livez 200" 200 "$code"
curl -s -o /dev/null --max-time 5 "http://127.0.0.1:$port/livez"
check "plain HTTP to the HTTPS port gets no answer" 1 "$([ $? -ne 0 ] && echo 1 || echo 0)"
kill -TERM "$pid"; wait "$pid"; rc=$?; pid=""
check "HTTPS daemon stops cleanly" 0 "$rc"
printf '{"tls": {"cert_file": "%s", "key_file": "%s"}}' "$tmp/missing.pem" "$tmp/right.key" >"$tmp/bad.json"
"$bin" serve --config "$tmp/bad.json" --listen 127.0.0.1:0 --data-dir "$tmp/data2" >/dev/null 2>"$tmp/err"
check "a missing certificate stops the start" 66 $?
grep -q "tls: cannot load certificate" "$tmp/err"; check "and says so" 0 $?
[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
