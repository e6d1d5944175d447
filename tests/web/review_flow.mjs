// The review worklist in a real browser (Debian's Chromium driven by puppeteer-core): a
// coordinator signs in, filters, opens a case, confirms one and amends another; an invalid
// submission shows a clear message and changes nothing; the FHIR store is checked after each
// step through its REST API. Screenshots of every step are kept in the artifacts directory.
//   node review_flow.mjs --base http://127.0.0.1:PORT --user U --password P --artifacts DIR
import { launchBrowser, withTimeout } from './browser.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, a, i, all) => (a.startsWith('--') ? [...pairs, [a.slice(2), all[i + 1]]] : pairs), []),
);
const base = args.base;
const fhir = `${base}/fhir`;
let failures = 0;
function check(what, ok, detail = '') {
  console.log(`${ok ? 'ok' : 'FAIL'}: ${what}${ok || !detail ? '' : ` (${detail})`}`);
  if (!ok) failures += 1;
}

async function fhirGet(path) {
  const r = await fetch(`${fhir}/${path}`, { signal: AbortSignal.timeout(10000) });
  return r.json();
}
async function taskOf(report) {
  const b = await fhirGet(`Task?focus=${encodeURIComponent(report)}`);
  return b.entry?.[0]?.resource;
}
async function derivedStatuses(task) {
  const out = {};
  for (const input of task.input ?? []) {
    if (!input.valueReference) continue;
    const o = await fhirGet(input.valueReference.reference);
    out[o.code.coding[0].code] = { status: o.status, value: o.valueCodeableConcept?.text };
  }
  return out;
}

const { browser, page, screenshot } = await launchBrowser({ artifactsDir: args.artifacts });
try {
  page.setDefaultTimeout(10000);
  // 1. Signed out: the worklist sends to the sign-in page; a wrong password is refused.
  await page.goto(`${base}/`);
  check('signed out, / leads to the sign-in page', page.url().endsWith('/login'), page.url());
  await page.type('#username', args.user);
  await page.type('#password', 'not-the-password');
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check('a wrong password is refused with a message', (await page.$eval('#login-error', (e) => e.textContent)).includes('not right'));
  await screenshot('01-sign-in-refused');
  await page.$eval('#password', (e) => { e.value = ''; });
  await page.type('#password', args.password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  check('signed in, the worklist is shown', (await page.title()).startsWith('Worklist'));

  // 2. The worklist: five open cases, most urgent first, with computed values and reason badges.
  const matched = await page.$eval('#matched', (e) => Number(e.textContent));
  check('the worklist lists the five fixture cases', matched === 5, String(matched));
  const firstPriority = await page.$eval('table.worklist tbody tr td .prio', (e) => e.textContent);
  check('the urgent case comes first', firstPriority === 'urgent', firstPriority);
  check('reason badges are shown', (await page.$$('table.worklist .badge')).length >= 10);
  await screenshot('02-worklist');

  // 3. Filter by a reason with the keyboard-usable form: boundary-value is fixture 12 only.
  await page.select('#f-reason', 'boundary-value');
  await Promise.all([page.waitForNavigation(), page.click('.filters button[type=submit]')]);
  const filtered = await page.$eval('#matched', (e) => Number(e.textContent));
  check('filtering by reason leaves one case', filtered === 1, String(filtered));
  const url = new URL(page.url());
  check('the filter is in the URL, and nothing else', url.searchParams.get('reason') === 'boundary-value' &&
    [...url.searchParams.keys()].every((k) => ['status', 'reason', 'priority', 'from', 'to', 'size'].includes(k)), page.url());
  await screenshot('03-filtered');

  // 4. Open the case: components and highlighted sources.
  await Promise.all([page.waitForNavigation(), page.click('table.worklist tbody tr a')]);
  check('the case page names its report', (await page.$eval('h1', (e) => e.textContent)).includes('DiagnosticReport/dr-12'));
  check('FNCLCC components are listed', (await page.$$('table.components')).length >= 2);
  check('narrative sources are highlighted', (await page.$$('blockquote.line mark')).length >= 1);
  await screenshot('04-case');

  // 5. An invalid submission (Amend without a comment) explains itself and changes nothing.
  const before = await taskOf('DiagnosticReport/dr-12');
  await page.click('input[name=decision][value=amend]');
  await page.select('#grade-0', 'G2');
  await Promise.all([page.waitForNavigation(), page.click('.review button[type=submit]')]);
  const errorText = await page.$eval('#form-errors', (e) => e.textContent);
  check('the invalid form shows a clear message', errorText.includes('Say why the values are amended.'), errorText);
  check('focus moves to the error summary', await page.evaluate(() => document.activeElement?.id === 'form-errors'));
  const after = await taskOf('DiagnosticReport/dr-12');
  check('the invalid submission changed nothing', after.meta.versionId === before.meta.versionId && after.status === 'requested');
  await screenshot('05-invalid-submission');

  // 6. Amend: the grade and stage group with a comment.
  await page.type('#comment', 'Necrosis re-estimated below 50% on review of all blocks.');
  await page.select('#stage-0', 'II');
  await Promise.all([page.waitForNavigation(), page.click('.review button[type=submit]')]);
  check('the amended review is saved', (await page.$eval('.notice', (e) => e.textContent)).includes('Review saved'));
  check('the case shows completed', (await page.$eval('#task-status', (e) => e.textContent)) === 'completed');
  await screenshot('06-amended');
  const amended = await taskOf('DiagnosticReport/dr-12');
  check('store: the Task is completed', amended.status === 'completed');
  check('store: the Task names the reviewer', amended.owner?.identifier?.value === args.user);
  const statuses = await derivedStatuses(amended);
  check('store: the grade Observation is amended to G2', statuses['33732-9']?.status === 'amended' && statuses['33732-9']?.value === 'G2', JSON.stringify(statuses['33732-9']));
  check('store: the stage group Observation is amended to II', statuses['21902-2']?.status === 'amended' && statuses['21902-2']?.value === 'II');
  check('store: T, N and M are final', ['21899-0', '21900-6', '21901-4'].every((c) => statuses[c]?.status === 'final'));

  // 7. Confirm another case, reached from the worklist (keyboard: focus the link, press Enter).
  await page.goto(`${base}/?priority=urgent`);
  await page.focus('table.worklist tbody tr a');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  await page.click('input[name=decision][value=confirm]');
  check('amendment fields are disabled while Confirm is chosen', await page.$eval('fieldset.amend', (e) => e.disabled));
  await Promise.all([page.waitForNavigation(), page.click('.review button[type=submit]')]);
  check('the confirmation is saved', (await page.$eval('.notice', (e) => e.textContent)).includes('Review saved'));
  await screenshot('07-confirmed');
  const confirmed = await taskOf('DiagnosticReport/dr-24');
  check('store: the confirmed Task is completed', confirmed.status === 'completed');
  const confirmedStatuses = Object.values(await derivedStatuses(confirmed)).map((s) => s.status);
  check('store: every derived Observation is final', confirmedStatuses.length === 5 && confirmedStatuses.every((s) => s === 'final'), confirmedStatuses.join());
  const provenance = await fhirGet('Provenance?_count=100');
  const verifiers = (provenance.entry ?? []).filter((e) => e.resource.agent?.[0]?.type?.coding?.[0]?.code === 'verifier');
  check('store: one review Provenance per reviewed case', verifiers.length === 2, String(verifiers.length));

  // 8. Back on the worklist: three open cases; the exports answer.
  await page.goto(`${base}/`);
  check('reviewed cases leave the open worklist', (await page.$eval('#matched', (e) => Number(e.textContent))) === 3);
  // The export links, followed with the browser's session (the pages' CSP forbids fetch from page scripts).
  const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join('; ');
  const exportGet = (p) => fetch(`${base}${p}`, { headers: { cookie }, signal: AbortSignal.timeout(10000) });
  const csvLink = await page.$eval('a[href^="/exports/tumour-board.csv"]', (a) => a.getAttribute('href'));
  const csv = await (await exportGet(csvLink)).text();
  check('the tumour-board CSV lists the three open cases', csv.trim().split('\r\n').length === 4, String(csv.trim().split('\r\n').length));
  const list = await (await exportGet('/exports/tumour-board.json')).json();
  check('the tumour-board FHIR List has three entries', list.resourceType === 'List' && list.entry.length === 3);
  await screenshot('08-worklist-after-review');

  // 9. Sign out: the session ends.
  await Promise.all([page.waitForNavigation(), page.click('.signout button')]);
  await page.goto(`${base}/`);
  check('after signing out, the worklist asks for sign-in again', page.url().endsWith('/login'));
} catch (e) {
  check('the browser flow ran to the end', false, e.stack);
  await screenshot('failure').catch(() => {});
} finally {
  await withTimeout(browser.close(), 10000, 'closing the browser').catch(() => {});
}
console.log(failures === 0 ? 'all browser checks passed' : `${failures} browser check(s) failed`);
process.exit(failures === 0 ? 0 : 1);
