// End-to-end test of the dashboard in a real headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): a real qbittorrent-nox (tests/harness qbt-lab) with a torrent
// named with HTML, a real `qbt-rules --serve`, and the browser doing what a user does.
// Run by `meson test dashboard_e2e`; fails (never skips) when Chromium or node_modules are
// missing. Everything listens on 127.0.0.1; Chromium's background networking is off.
// `node dashboard_test.mjs --browser-only`: only that this Node.js drives this Chromium through
// playwright-core (no server, no build needed): the fresh-machine check in CI
// (scripts/fresh-debian-check.sh packages) runs it to catch a Node.js the driver refuses.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const CHROMIUM = process.env.QBT_TEST_CHROMIUM || '/usr/bin/chromium';
// A torrent name is one file name: no '/'.
const HOSTILE = '<img src=x onerror=window.__xss=1> "quoted" & <b>bold';
const API_KEY = 'dashboard-test-api-key-0123456789';
const TRIGGER_KEY = 'dashboard-test-trigger-key-0123456789';
const started = Date.now();
const children = [];
let dir;

function fail(message) {
  process.exitCode = 1;
  const error = new Error('dashboard_e2e: ' + message);
  error.fatal = true;
  throw error;
}

function log(message) { console.log(`[${((Date.now() - started) / 1000).toFixed(1)} s] ${message}`); }

async function browserDriver() {
  if (!existsSync(CHROMIUM)) fail(`${CHROMIUM} not found: install Debian's chromium (scripts/packages.txt, purpose test)`);
  let playwright;
  try {
    playwright = await import('playwright-core');
  } catch (e) {
    fail(`playwright-core is not installed in ${here}/node_modules: run 'npm ci' there (scripts/install-deps.sh does) (${e.message})`);
  }
  return playwright.chromium;
}

async function prerequisites() {
  const chromium = await browserDriver();
  const exe = process.env.QBT_RULES_EXE;
  const buildRoot = process.env.QBT_TEST_BUILD_ROOT;
  if (!exe || !existsSync(exe)) fail('QBT_RULES_EXE unset or not built (run through meson test)');
  const lab = buildRoot && path.join(buildRoot, 'tests', 'harness', 'qbt-lab');
  if (!lab || !existsSync(lab)) fail('qbt-lab not built (QBT_TEST_BUILD_ROOT/tests/harness/qbt-lab)');
  return { chromium, exe, lab };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function start(command, args, env, logName) {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  child.output = '';
  const keep = (data) => { child.output += data; };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  child.logName = logName;
  child.on('exit', (code, signal) => { child.output += `\n[${logName} exited: code ${code}, signal ${signal}]\n`; });
  children.push(child);
  return child;
}

async function waitFor(what, check, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await check().catch((e) => { if (e.fatal) throw e; return undefined; });
    if (value) return value;
    if (Date.now() > deadline) fail(`timed out after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function startLab(lab) {
  const child = start(lab, ['--torrents', '2', '--name', HOSTILE], {}, 'qbt-lab');
  const text = await waitFor('qbt-lab to be ready', async () => {
    if (child.exitCode !== null) fail(`qbt-lab exited: ${child.output}`);
    return child.output.includes('ready') ? child.output : undefined;
  }, 60);
  const value = (name) => text.match(new RegExp(`^${name}=(.*)$`, 'm'))[1];
  return { url: value('url'), username: value('username'), password: value('password'), version: value('version') };
}

const RULES = `rules:
  - name: Tag lab torrents
    context: dashboard
    conditions:
      all:
        - field: info.name
          operator: matches
          value: '.'
    actions:
      - type: add_tag
        params: {tags: [dash-seen]}
  - name: Big and shared
    id: big-shared
    meta: {description: 'Stops <b>big</b> shared ones', owner: lab}
    context: [nightly, dashboard]
    conditions:
      any:
        - field: info.ratio
          operator: '>'
          value: 1000
      none:
        - field: info.category
          operator: in
          value: [keep]
    actions:
      - type: stop
`;

async function startServer(exe, qbt) {
  const port = await freePort();
  writeFileSync(path.join(dir, 'rules.yml'), RULES);
  const child = start(exe, ['--serve'], {
    QBT_RULES_CONFIG_DIR: dir,
    QBT_RULES_SERVER_HOST: '127.0.0.1',
    QBT_RULES_SERVER_PORT: String(port),
    QBT_RULES_SERVER_API_KEY: API_KEY,
    QBT_RULES_SERVER_TRIGGER_KEY: TRIGGER_KEY,
    QBT_RULES_QUEUE_SQLITE_PATH: path.join(dir, 'qbt-rules.db'),
    QBT_RULES_QUEUE_POLL_INTERVAL: '0.2',
    QBT_RULES_RULES_FILE: path.join(dir, 'rules.yml'),
    QBT_RULES_PLUGINS_DIRS: path.join(dir, 'no-user-plugins'),
    QBT_RULES_QBITTORRENT_HOST: qbt.url,
    QBT_RULES_QBITTORRENT_USERNAME: qbt.username,
    QBT_RULES_QBITTORRENT_PASSWORD: qbt.password,
  }, 'qbt-rules');
  const base = `http://127.0.0.1:${port}`;
  await waitFor('qbt-rules --serve to answer /api/health', async () => {
    if (child.exitCode !== null) fail(`qbt-rules exited: ${child.output}`);
    return (await fetch(base + '/api/health')).ok;
  });
  return base;
}

async function apiGet(base, pathAndQuery) {
  const response = await fetch(base + pathAndQuery, { headers: { 'X-API-Key': API_KEY } });
  assert.equal(response.status, 200, `GET ${pathAndQuery}`);
  return response.json();
}

// The static files: types, CSP, ETag revalidation; the data endpoints need the key.
async function checkHttp(base) {
  const index = await fetch(base + '/');
  assert.equal(index.status, 200);
  assert.match(index.headers.get('content-type'), /^text\/html/);
  assert.match(index.headers.get('content-security-policy'), /default-src 'none'; script-src 'self'/);
  assert.equal(index.headers.get('x-content-type-options'), 'nosniff');
  const etag = index.headers.get('etag');
  assert.ok(etag, 'index.html has an ETag');
  assert.equal((await fetch(base + '/', { headers: { 'If-None-Match': etag } })).status, 304);
  const js = await fetch(base + '/assets/app.js');
  assert.match(js.headers.get('content-type'), /^text\/javascript/);
  assert.match((await fetch(base + '/assets/app.css')).headers.get('content-type'), /^text\/css/);
  assert.equal((await fetch(base + '/assets/nothing.js')).status, 404);
  assert.equal((await fetch(base + '/api/rules')).status, 401);
  assert.equal((await fetch(base + '/api/rules', { headers: { 'X-API-Key': TRIGGER_KEY } })).status, 403);
  assert.equal((await fetch(base + '/api/stats/actions', { headers: { 'X-API-Key': TRIGGER_KEY } })).status, 403);
  const badHours = await fetch(base + '/api/stats/actions?hours=0', { headers: { 'X-API-Key': API_KEY } });
  assert.equal(badHours.status, 400);
  assert.match((await badHours.json()).message, /hours must be a whole number from 1 to 744/);
  assert.equal((await fetch(base + '/', { method: 'POST' })).status, 405);
}

async function login(page, key) {
  await page.fill('#api-key', key);
  await page.click('#login-form button[type=submit]');
}

async function cardValue(page, id) { return (await page.textContent(`#card-${id} .value`)).trim(); }

async function runFromForm(page, base, dryRun) {
  await page.click('nav a[data-page=run]');
  await page.fill('#run-context', 'dashboard');
  await page.setChecked('#run-dry-run', dryRun);
  await page.click('#run-form button[type=submit]');
  await page.waitForSelector('#run-job-link');
  const jobId = (await page.textContent('#run-job-link')).trim();
  await waitFor(`job ${jobId} to complete`, async () => (await apiGet(base, '/api/jobs/' + jobId)).status === 'completed', 40);
  await page.click('#run-job-link');
  await page.waitForFunction((id) => document.getElementById('job-id').textContent === id &&
    document.getElementById('page-job').dataset.loaded === 'true', jobId);
  assert.equal((await page.textContent('#job-fields dd[data-field=status]')).trim(), 'completed');
  return jobId;
}

async function checkNoHtmlInjected(page) {
  assert.equal(await page.evaluate(() => window.__xss), undefined, 'no script from a torrent name ran');
  assert.equal(await page.locator('main img, main b').count(), 0, 'no element from a torrent name was created');
}

function launch(chromium) {
  return chromium.launchPersistentContext(path.join(dir, 'chromium-profile'), {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
}

// The browser runs a page's script and the driver reads the result back.
async function browserOnly() {
  const chromium = await browserDriver();
  dir = mkdtempSync(path.join(tmpdir(), 'qbt-dashboard-'));
  const context = await launch(chromium);
  try {
    const page = context.pages()[0] || await context.newPage();
    await page.setContent('<p id="sum"></p><script>document.getElementById("sum").textContent = String(20 + 22)</script>');
    assert.equal(await page.textContent('#sum'), '42');
    log(`Node.js ${process.versions.node} drives ${CHROMIUM} (${context.browser()?.version() ?? 'persistent context'})`);
  } finally {
    await context.close();
  }
}

async function browserTest(chromium, base, qbt) {
  const context = await launch(chromium);
  try {
    const page = context.pages()[0] || await context.newPage();
    const problems = [];
    page.on('console', (m) => { if (m.type() === 'error' && !/status of 40[13]/.test(m.text())) problems.push(m.text()); });
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('response', (r) => { if (r.status() >= 404) problems.push(`HTTP ${r.status()} for ${r.url()}`); });
    page.setDefaultTimeout(15000);

    await page.goto(base + '/');
    await page.waitForSelector('#page-login:not([hidden])');
    assert.equal(await page.isVisible('#nav'), false, 'no navigation before login');
    await login(page, 'not-the-key');
    await page.waitForFunction(() => document.getElementById('login-error').textContent.includes('Wrong API key'));
    await login(page, TRIGGER_KEY);
    await page.waitForFunction(() => document.getElementById('login-error').textContent.includes('trigger key'));
    assert.equal(await page.evaluate(() => sessionStorage.length), 0, 'a refused key is not stored');
    log('wrong key and trigger key refused');

    await login(page, API_KEY);
    await page.waitForSelector('#page-overview[data-loaded=true]');
    assert.equal(await page.evaluate(() => sessionStorage.getItem('qbt-rules-api-key')), API_KEY);
    const stats = await apiGet(base, '/api/stats');
    assert.equal(await cardValue(page, 'queue-depth'), String(stats.queue.depth));
    assert.equal(await cardValue(page, 'completed'), String(stats.jobs.completed));
    assert.equal(await cardValue(page, 'failed'), String(stats.jobs.failed));
    assert.equal(await cardValue(page, 'worker'), stats.worker.status);
    assert.deepEqual(stats.qbittorrent, { default: { version: null, webapi_version: null } });
    assert.match(await page.textContent('#overview-qbittorrent tr[data-instance=default]'), /not known yet/);
    log('overview matches /api/stats');

    await page.click('nav a[data-page=rules]');
    await page.waitForSelector('#page-rules[data-loaded=true]');
    const rules = await apiGet(base, '/api/rules');
    assert.deepEqual(rules.rules.map((r) => [r.name, r.contexts, r.instances]),
      [['Tag lab torrents', ['dashboard'], []], ['Big and shared', ['nightly', 'dashboard'], []]]);
    assert.equal(rules.problem, null);
    assert.equal(await page.locator('#rules-tree .rule').count(), rules.rules.length);
    const tagRule = page.locator('.rule[data-rule="Tag lab torrents"]');
    assert.match(await tagRule.textContent(), /rules\.yml:2/);
    assert.match(await tagRule.textContent(), /add_tag/);
    assert.match(await page.locator('.rule[data-rule="Big and shared"]').textContent(), /none of.*info\.category/s);
    // qbt-rules 0.6's meta: its description under the name, as text (never markup).
    assert.deepEqual(rules.rules[1].meta, { description: 'Stops <b>big</b> shared ones', owner: 'lab' });
    assert.equal(rules.rules[1].id, 'big-shared');
    assert.equal(await page.textContent('.rule[data-rule="Big and shared"] .rule-description'), 'Stops <b>big</b> shared ones');
    assert.equal(await page.locator('.rule[data-rule="Big and shared"] .rule-description b').count(), 0);
    await page.screenshot({ path: path.join(process.env.QBT_TEST_BUILD_ROOT, 'dashboard-rules.png'), fullPage: true });
    log('rules tree shown');

    // Issue 19: "Dry run" of one rule shows its preview, then queues a job for that rule only.
    await tagRule.locator('.rule-dry-run').click();
    await tagRule.locator('.rule-preview').waitFor();
    assert.match(await tagRule.locator('.rule-preview').textContent(), /Tag lab torrents: 3 matched, 3 action\(s\) planned/);
    assert.equal(await tagRule.locator('.rule-confirm li.planned').count(), 3);
    await tagRule.locator('.rule-confirm-yes').click();
    await tagRule.locator('.rule-job-link').waitFor();
    const ruleJobId = (await tagRule.locator('.rule-job-link').textContent()).trim();
    await waitFor(`job ${ruleJobId} to complete`, async () => (await apiGet(base, '/api/jobs/' + ruleJobId)).status === 'completed', 40);
    const ruleJob = await apiGet(base, '/api/jobs/' + ruleJobId);
    assert.deepEqual(ruleJob.rules, ['Tag lab torrents']);
    assert.equal(ruleJob.dry_run, true);
    assert.deepEqual(ruleJob.result.rules.map((r) => r.name), ['Tag lab torrents'], 'only the named rule ran');
    assert.equal(ruleJob.result.planned.length, 3);
    log(`rule dry run ${ruleJobId}: preview shown, then only that rule ran`);

    await page.click('nav a[data-page=preview]');
    await page.fill('#preview-context', 'dashboard');
    await page.click('#preview-form button[type=submit]');
    await page.waitForSelector('#preview-result .rule[data-rule="Tag lab torrents"] tr.planned');
    assert.equal(await page.locator('#preview-result .rule[data-rule="Tag lab torrents"] tr.planned').count(), 3);
    assert.equal(await page.locator('#preview-result td.torrent-name', { hasText: HOSTILE }).count(), 1);
    const states = await page.locator('#preview-result .rule[data-rule="Tag lab torrents"] tr.matched td.torrent-state').allTextContents();
    assert.equal(states.length, 3);
    for (const state of states) assert.match(state, /^[a-zA-Z]+$/, 'qBittorrent\'s own state per matched torrent');
    await checkNoHtmlInjected(page);
    log('preview planned 3 add_tag actions');

    const dryJob = await runFromForm(page, base, true);
    assert.equal(await page.locator('#job-result tr.planned').count(), 3);
    assert.match(await page.textContent('#job-audit'), /dry run executes nothing/);
    log(`dry-run job ${dryJob} completed, its planned actions shown`);

    await page.click('nav a[data-page=jobs]');
    await page.selectOption('#filter-status', 'completed');
    await page.fill('#filter-context', 'dashboard');
    await page.click('#jobs-filter button[type=submit]');
    await page.waitForSelector(`#jobs-table tr[data-job-id="${dryJob}"]`);
    assert.match(await page.textContent(`#jobs-table tr[data-job-id="${dryJob}"]`), /completed/);
    await page.selectOption('#filter-status', 'failed');
    await page.click('#jobs-filter button[type=submit]');
    await page.waitForFunction(() => document.getElementById('jobs-summary').textContent === 'No jobs match.');
    log('jobs list filters');

    const realJob = await runFromForm(page, base, false);
    const auditRows = page.locator('#job-audit tr.audit-row');
    assert.equal(await auditRows.count(), 3);
    assert.doesNotMatch(await page.textContent('#job-audit'), /null|undefined/);
    assert.equal(await page.locator('#job-audit td.torrent-name', { hasText: HOSTILE }).count(), 1);
    const audit = await apiGet(base, `/api/jobs/${realJob}/actions`);
    assert.ok(audit.actions.some((a) => a.name === HOSTILE && a.outcome === 'ok'));
    await checkNoHtmlInjected(page);
    log(`real job ${realJob}: audit shows the hostile name as text`);

    await page.click('nav a[data-page=overview]');
    await page.waitForSelector('#page-overview[data-loaded=true]');
    const summary = await apiGet(base, '/api/stats/actions?hours=24');
    assert.equal(summary.by_action.add_tag.ok, 3);
    assert.equal((await page.textContent('#actions-chart text.count[data-action=add_tag]')).trim(), '3');
    assert.equal(await cardValue(page, 'completed'), String((await apiGet(base, '/api/stats')).jobs.completed));
    assert.equal(await page.locator('#overview-jobs tbody tr').count(), 3);  // the rule dry run, the form's dry run and real job
    log('overview chart: add_tag 3');
    const known = (await apiGet(base, '/api/stats')).qbittorrent.default;
    assert.equal(known.version, qbt.version);
    assert.match(known.webapi_version, /^2\.\d+\.\d+$/);
    assert.equal((await page.textContent('#overview-qbittorrent tr[data-instance=default] td.qbt-version')).trim(), qbt.version);
    assert.equal((await apiGet(base, '/api/health')).qbittorrent.default.version, qbt.version);
    log(`overview shows qBittorrent ${qbt.version}, Web API ${known.webapi_version}`);
    const shots = process.env.QBT_TEST_BUILD_ROOT;
    await page.screenshot({ path: path.join(shots, 'dashboard-overview.png'), fullPage: true });
    await page.click(`#overview-jobs a[href="#/jobs/${realJob}"]`);
    await page.waitForFunction((id) => document.getElementById('job-id').textContent === id &&
      document.getElementById('page-job').dataset.loaded === 'true', realJob);
    await page.screenshot({ path: path.join(shots, 'dashboard-job.png'), fullPage: true });

    await page.click('#logout');
    await page.waitForSelector('#page-login:not([hidden])');
    assert.equal(await page.isVisible('#nav'), false);
    assert.equal(await page.evaluate(() => sessionStorage.length), 0);
    assert.deepEqual(problems, [], 'no console errors (CSP violations show here)');
  } finally {
    await context.close();
  }
}

async function main() {
  const { chromium, exe, lab } = await prerequisites();
  dir = mkdtempSync(path.join(tmpdir(), 'qbt-dashboard-'));
  const qbt = await startLab(lab);
  log(`qbittorrent-nox at ${qbt.url}`);
  const base = await startServer(exe, qbt);
  log(`qbt-rules at ${base}`);
  await checkHttp(base);
  log('static files and auth checked over HTTP');
  await browserTest(chromium, base, qbt);
  log('passed');
}

async function stopChildren() {
  for (const child of children.reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15000);
    await exited;
    clearTimeout(timer);
  }
}

try {
  await (process.argv.includes('--browser-only') ? browserOnly() : main());
} catch (e) {
  process.exitCode = 1;
  console.error(e);
  for (const child of children) console.error(`--- ${child.logName} output ---\n${child.output.slice(-4000)}`);
} finally {
  await stopChildren();
  if (dir) rmSync(dir, { recursive: true, force: true });
}
