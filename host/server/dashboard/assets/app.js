// qbt-rules dashboard: a small single-page app over the server's JSON API. Every value
// from the server is put in the page as text (textContent, attributes set one by one):
// torrent names, rule names and messages are untrusted input.
'use strict';

const KEY_STORAGE = 'qbt-rules-api-key';
const PAGE_SIZE = 25;
const SVG_NS = 'http://www.w3.org/2000/svg';
const $ = (id) => document.getElementById(id);

// el('td', {class: 'mono'}, 'text', childNode...): children are text or nodes, never HTML.
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) node.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function svg(tag, attrs, text) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = String(text);
  return node;
}

function show(container, ...nodes) { container.replaceChildren(...nodes.filter((n) => n !== null && n !== undefined)); }

function table(headers, rows) {
  return el('table', {}, el('thead', {}, el('tr', {}, ...headers.map((h) => el('th', {}, h)))),
    el('tbody', {}, ...rows));
}

class ApiError extends Error {
  constructor(status, body) {
    super((body && body.message) || ('HTTP ' + status));
    this.status = status;
    this.body = body;
  }
}

async function api(path, options = {}) {
  const headers = Object.assign({ 'X-API-Key': sessionStorage.getItem(KEY_STORAGE) || '' }, options.headers || {});
  const init = { method: options.method || 'GET', headers, cache: 'no-store' };
  if (options.json !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(options.json);
  }
  const response = await fetch(path, init);
  let body = null;
  try { body = await response.json(); } catch (e) { body = null; }
  if (response.status === 401 && !options.keepKey) { logout('Your API key was refused: log in again.'); }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// ---- login -------------------------------------------------------------------------
async function tryLogin(key) {
  const response = await fetch('/api/stats', { headers: { 'X-API-Key': key }, cache: 'no-store' });
  if (response.ok) return null;
  if (response.status === 401) return 'Wrong API key: the server refused it. Use server.api_key.';
  if (response.status === 403) {
    return 'This is the trigger key: it may only queue jobs. Log in with the API key (server.api_key).';
  }
  return 'The server answered HTTP ' + response.status + '; try again.';
}

function logout(message) {
  sessionStorage.removeItem(KEY_STORAGE);
  $('login-error').textContent = message || '';
  go('#/login');
}

// Shows `hash`: through hashchange when it changes, else by routing again now.
function go(hash) {
  if (location.hash === hash) route();
  else location.hash = hash;
}

function loggedIn() { return Boolean(sessionStorage.getItem(KEY_STORAGE)); }

// ---- formatting --------------------------------------------------------------------
function when(iso) { return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '-'; }
function statusCell(status) { return el('td', { class: 'status-' + status }, status); }

function jobRow(job) {
  const link = el('a', { href: '#/jobs/' + encodeURIComponent(job.job_id) }, job.job_id.slice(0, 8));
  const result = job.result || {};
  return el('tr', { 'data-job-id': job.job_id },
    el('td', { class: 'mono' }, link), statusCell(job.status), el('td', {}, job.context || '-'),
    el('td', {}, job.instance || '-'), el('td', {}, job.dry_run ? 'yes' : 'no'), el('td', {}, when(job.created_at)),
    el('td', {}, result.actions_executed !== undefined ? result.actions_executed : '-'));
}
const JOB_HEADERS = ['Job', 'Status', 'Context', 'Instance', 'Dry run', 'Created', 'Actions'];

// ---- overview ----------------------------------------------------------------------
function card(id, label, value) {
  return el('div', { class: 'card', id: 'card-' + id }, el('div', { class: 'value' }, value), el('div', { class: 'label' }, label));
}

function actionsChart(summary) {
  const actions = Object.entries(summary.by_action || {});
  if (actions.length === 0) return el('p', { id: 'actions-empty', class: 'hint' }, 'No actions executed in the last ' + summary.hours + ' h.');
  const max = Math.max(1, ...actions.map(([, r]) => Object.values(r).reduce((a, b) => a + b, 0)));
  const rowHeight = 26, labelWidth = 170, barWidth = 360;
  const chart = svg('svg', { class: 'chart', width: labelWidth + barWidth + 120, height: actions.length * rowHeight + 4, role: 'img',
    'aria-label': 'actions per type' });
  actions.forEach(([action, results], i) => {
    const y = i * rowHeight + 2;
    chart.append(svg('text', { x: 0, y: y + 16 }, action));
    let x = labelWidth;
    for (const kind of ['ok', 'error', 'not_executed', 'other']) {
      const n = results[kind] || 0;
      if (!n) continue;
      const width = Math.max(2, Math.round((n / max) * barWidth));
      const bar = svg('rect', { x, y: y + 3, width, height: rowHeight - 8, class: 'bar-' + (kind === 'ok' || kind === 'error' ? kind : 'other') });
      bar.append(svg('title', {}, action + ' ' + kind + ': ' + n));
      chart.append(bar);
      x += width;
    }
    const total = Object.values(results).reduce((a, b) => a + b, 0);
    chart.append(svg('text', { x: x + 6, y: y + 16, 'data-action': action, class: 'count' }, total));
  });
  return chart;
}

// Each instance's qBittorrent and Web API version, as the server learned them at its first job.
function versionsTable(versions) {
  const unknown = 'not known yet (no job so far)';
  const rows = Object.entries(versions || {}).map(([name, v]) => el('tr', { 'data-instance': name },
    el('td', {}, name), el('td', { class: 'qbt-version' }, v.version || unknown),
    el('td', { class: 'webapi-version' }, v.webapi_version || unknown)));
  return table(['Instance', 'qBittorrent', 'Web API'], rows);
}

async function showOverview() {
  const [stats, jobs, actions] = await Promise.all([
    api('/api/stats'), api('/api/jobs?limit=10'), api('/api/stats/actions?hours=24')]);
  const worker = stats.worker || {};
  show($('overview-cards'),
    card('queue-depth', 'queue depth (pending)', stats.queue.depth),
    card('processing', 'processing', stats.jobs.processing),
    card('completed', 'completed', stats.jobs.completed),
    card('failed', 'failed', stats.jobs.failed),
    card('worker', 'worker' + (worker.current_job ? ' (job ' + worker.current_job.slice(0, 8) + ')' : ''), worker.status || '-'),
    card('average', 'average run', stats.performance.average_execution_time || '-'));
  show($('overview-qbittorrent'), versionsTable(stats.qbittorrent));
  show($('actions-chart'), actionsChart(actions));
  show($('overview-jobs'), table(JOB_HEADERS, jobs.jobs.map(jobRow)));
}

// ---- jobs --------------------------------------------------------------------------
let jobsOffset = 0;

async function showJobs() {
  const params = new URLSearchParams({ limit: PAGE_SIZE, offset: jobsOffset });
  for (const name of ['status', 'context', 'instance']) {
    const value = $('filter-' + name).value.trim();
    if (value) params.set(name, value);
  }
  const list = await api('/api/jobs?' + params);
  // A server that ignores `instance` still answers: filter here too so the list is right.
  const instance = $('filter-instance').value.trim();
  const jobs = instance ? list.jobs.filter((j) => j.instance === instance) : list.jobs;
  $('jobs-summary').textContent = list.total === 0 ? 'No jobs match.' :
    'Jobs ' + (list.offset + 1) + '-' + (list.offset + list.jobs.length) + ' of ' + list.total + ', newest first.';
  show($('jobs-table'), table(JOB_HEADERS, jobs.map(jobRow)));
  $('jobs-prev').disabled = jobsOffset === 0;
  $('jobs-next').disabled = list.offset + list.jobs.length >= list.total;
}

function field(name, value) { return [el('dt', {}, name), el('dd', { 'data-field': name }, value === null || value === undefined ? '-' : value)]; }

async function showJob(id) {
  $('job-id').textContent = id;
  const [job, audit] = await Promise.all([
    api('/api/jobs/' + encodeURIComponent(id)), api('/api/jobs/' + encodeURIComponent(id) + '/actions')]);
  show($('job-fields'), ...field('status', job.status), ...field('context', job.context), ...field('hash', job.hash),
    ...field('instance', job.instance), ...field('dry run', job.dry_run ? 'yes' : 'no'), ...field('created', when(job.created_at)),
    ...field('started', when(job.started_at)), ...field('completed', when(job.completed_at)), ...field('error', job.error));
  const result = job.result;
  const parts = [];
  if (result) {
    parts.push(el('p', { id: 'job-counts' }, 'torrents ' + result.total_torrents + ', matched ' + result.rules_matched +
      ', executed ' + result.actions_executed + ', skipped ' + result.actions_skipped + ', errors ' + result.errors));
    if (result.planned && result.planned.length) {
      parts.push(el('h4', {}, 'Planned (dry run)'));
      parts.push(table(['Rule', 'Torrent', 'Action', 'Params', 'Note'], result.planned.map((p) => el('tr', { class: 'planned' },
        el('td', {}, p.rule), el('td', { class: 'torrent-name' }, p.name), el('td', {}, p.action), el('td', { class: 'mono' }, JSON.stringify(p.params)),
        el('td', { class: 'note' }, p.note || '')))));
    }
  } else {
    parts.push(el('p', { class: 'hint' }, 'No result yet.'));
  }
  show($('job-result'), ...parts);
  const rows = audit.actions.map((a) => el('tr', { class: 'audit-row' }, el('td', {}, a.rule), el('td', { class: 'torrent-name' }, a.name),
    el('td', { class: 'mono' }, a.hash), el('td', {}, a.action), el('td', { class: 'mono' }, JSON.stringify(a.params)),
    el('td', { class: a.outcome === 'ok' ? 'ok' : 'error' }, a.outcome), el('td', { class: 'note' }, a.note || '')));
  show($('job-audit'), rows.length ? table(['Rule', 'Torrent', 'Hash', 'Action', 'Params', 'Outcome', 'Note'], rows)
    : el('p', { class: 'hint', id: 'audit-empty' }, job.dry_run ? 'A dry run executes nothing: see the planned actions above.' : 'No actions were executed.'),
  audit.omitted ? el('p', { class: 'hint' }, audit.omitted + ' more actions were not recorded (audit cap).') : null);
}

// ---- rules tree --------------------------------------------------------------------
function whereText(where) { return where && where.line ? where.text : ''; }

function groupNode(group) {
  const items = group.items.map((item) => {
    if (item.items) return groupNode(item);
    return el('li', { class: 'condition' }, el('code', {}, item.field), ' ', item.operator, ' ',
      el('code', {}, JSON.stringify(item.expected)), el('span', { class: 'where' }, whereText(item.where)));
  });
  return el('li', { class: 'group' }, el('strong', {}, group.kind + ' of'), el('span', { class: 'where' }, whereText(group.where)), el('ul', {}, ...items));
}

function ruleNode(rule) {
  const contexts = rule.contexts.length ? rule.contexts.map((c) => el('span', { class: 'tag' }, c)) : [el('span', { class: 'tag' }, 'every context')];
  const actions = rule.actions.map((a) => el('li', { class: 'action' }, el('strong', {}, a.type), ' ', el('code', {}, JSON.stringify(a.params)),
    el('span', { class: 'where' }, whereText(a.where))));
  return el('div', { class: 'rule tree' + (rule.enabled ? '' : ' disabled'), 'data-rule': rule.name },
    el('div', {}, el('span', { class: 'rule-name' }, rule.name), el('span', { class: 'where' }, whereText(rule.where)),
      rule.enabled ? null : el('span', { class: 'tag' }, 'disabled'), rule.stop_on_match ? el('span', { class: 'tag' }, 'stop on match') : null),
    rule.meta && typeof rule.meta.description === 'string' ? el('div', { class: 'rule-description' }, rule.meta.description) : null,
    rule.meta ? el('div', {}, 'meta: ', el('code', {}, JSON.stringify(rule.meta))) : null,
    el('div', {}, 'contexts: ', ...contexts),
    rule.instances && rule.instances.length ? el('div', {}, 'instances: ', ...rule.instances.map((i) => el('span', { class: 'tag' }, i))) : null,
    el('ul', {}, el('li', {}, 'when', el('ul', {}, groupNode(rule.conditions))), el('li', {}, 'then', el('ul', {}, ...actions))),
    rule.enabled ? el('div', { class: 'rule-run' },
      button('rule-run-now', 'Run now', (e) => confirmRule(e, rule.name, false)), ' ',
      button('rule-dry-run', 'Dry run', (e) => confirmRule(e, rule.name, true)),
      el('div', { class: 'rule-confirm' })) : null);
}

function button(cls, text, onClick) {
  const node = el('button', { type: 'button', class: cls }, text);
  node.addEventListener('click', onClick);
  return node;
}

// Run now / Dry run of one rule: its preview first, then a confirmation that queues the job.
async function confirmRule(event, name, dryRun) {
  const box = event.target.parentElement.querySelector('.rule-confirm');
  box.className = 'rule-confirm';
  box.textContent = 'Previewing ' + name + '...';
  try {
    const r = await api('/api/preview', { method: 'POST', json: { rule: [name] } });
    const rule = r.rules.find((x) => x.name === name) || { matched_count: 0, planned_count: 0, planned: [] };
    const planned = rule.planned.map((p) => el('li', { class: 'planned' }, p.action + ' ' + p.name));
    box.replaceChildren(el('p', { class: 'rule-preview' }, name + ': ' + rule.matched_count + ' matched, ' + rule.planned_count + ' action(s) planned'),
      el('ul', {}, ...planned),
      button('rule-confirm-yes', dryRun ? 'Confirm dry run' : 'Confirm: run now', () => queueRule(box, name, dryRun)), ' ',
      button('rule-confirm-no', 'Cancel', () => box.replaceChildren()));
  } catch (e) {
    box.className = 'rule-confirm error';
    box.textContent = 'Preview failed: ' + e.message;
  }
}

async function queueRule(box, name, dryRun) {
  try {
    const job = await api('/api/execute', { method: 'POST', json: { rule: [name], dry_run: dryRun } });
    box.className = 'rule-confirm ok';
    box.replaceChildren('Queued job ', el('a', { href: '#/jobs/' + encodeURIComponent(job.job_id), class: 'rule-job-link' }, job.job_id),
      dryRun ? ' (dry run)' : '');
  } catch (e) {
    box.className = 'rule-confirm error';
    box.textContent = 'Not queued: ' + e.message;
  }
}

async function showRules() {
  const rules = await api('/api/rules');
  $('rules-source').textContent = rules.rules.length + ' rule(s) from ' + rules.source;
  $('rules-problem').textContent = rules.problem ? 'The newest rules file did not load (the rules below stay in use): ' + rules.problem : '';
  const protect = rules.protect ? el('div', { class: 'rule tree', id: 'rules-protect' },
    el('div', {}, el('span', { class: 'rule-name' }, 'protect'), el('span', { class: 'where' }, whereText(rules.protect.where))),
    el('p', { class: 'hint' }, 'No rule deletes, moves or recycles a torrent this matches.'),
    el('ul', {}, groupNode(rules.protect))) : null;
  show($('rules-tree'), protect, ...rules.rules.map(ruleNode));
}

// ---- run now and preview -----------------------------------------------------------
function optional(id) { const v = $(id).value.trim(); return v === '' ? undefined : v; }

async function runNow(event) {
  event.preventDefault();
  const message = $('run-message');
  message.className = '';
  message.textContent = 'Queueing...';
  try {
    const job = await api('/api/execute', { method: 'POST', json: { context: optional('run-context'), hash: optional('run-hash'), dry_run: $('run-dry-run').checked } });
    message.replaceChildren('Queued job ', el('a', { href: '#/jobs/' + encodeURIComponent(job.job_id), id: 'run-job-link' }, job.job_id),
      job.coalesced ? ' (an identical pending job)' : '');
    message.className = 'ok';
  } catch (e) {
    message.className = 'error';
    message.textContent = 'Not queued: ' + e.message;
  }
}

async function preview(event) {
  event.preventDefault();
  const message = $('preview-message');
  message.className = '';
  message.textContent = 'Running the rules in dry-run...';
  show($('preview-result'));
  try {
    const r = await api('/api/preview', { method: 'POST', json: { context: optional('preview-context'), hash: optional('preview-hash'), rules: optional('preview-rules') } });
    message.textContent = r.stats.total_torrents + ' torrents, ' + r.stats.actions_planned + ' action(s) planned, ' + r.stats.actions_in_place + ' already in place (rules: ' + r.rules_source + ').';
    const sections = r.rules.map((rule) => el('div', { class: 'rule', 'data-rule': rule.name },
      el('div', { class: 'rule-name' }, rule.name + ': ' + rule.matched_count + ' matched, ' + rule.planned_count + ' planned'),
      rule.matched.length ? table(['Matched torrent', 'State'], rule.matched.map((m) => el('tr', { class: 'matched' },
        el('td', { class: 'matched-name' }, m.name), el('td', { class: 'torrent-state' }, m.state)))) : null,
      rule.planned.length ? table(['Torrent', 'Action', 'Params'], rule.planned.map((p) => el('tr', { class: 'planned' },
        el('td', { class: 'torrent-name' }, p.name), el('td', {}, p.action), el('td', { class: 'mono' }, JSON.stringify(p.params))))) : null));
    show($('preview-result'), ...sections);
  } catch (e) {
    message.className = 'error';
    const where = e.body && Array.isArray(e.body.diagnostics) ? ' ' + e.body.diagnostics.map((d) => d.text).join('; ') : '';
    message.textContent = 'Preview failed: ' + e.message + where;
  }
}

// ---- routing -----------------------------------------------------------------------
const PAGES = { overview: showOverview, jobs: showJobs, rules: showRules, run: null, preview: null };

async function route() {
  const [, page = 'overview', id] = location.hash.split('/');
  const name = !loggedIn() ? 'login' : id && page === 'jobs' ? 'job' : (page in PAGES ? page : 'overview');
  $('nav').hidden = name === 'login';
  for (const section of document.querySelectorAll('.page')) section.hidden = section.id !== 'page-' + name;
  for (const link of document.querySelectorAll('nav a')) link.classList.toggle('active', link.dataset.page === (name === 'job' ? 'jobs' : name));
  const section = $('page-' + name);
  section.removeAttribute('data-loaded');
  section.querySelector('.page-error')?.remove();
  try {
    if (name === 'job') await showJob(decodeURIComponent(id));
    else if (PAGES[name]) await PAGES[name]();
    section.setAttribute('data-loaded', 'true');
  } catch (e) {
    if (e.status === 401) return;
    section.append(el('p', { class: 'error page-error' }, 'Could not load this page: ' + e.message));
  }
}

function init() {
  $('login-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const key = $('api-key').value;
    const problem = await tryLogin(key).catch((e) => 'Cannot reach the server: ' + e.message);
    if (problem) {
      $('login-error').textContent = problem;
      return;
    }
    sessionStorage.setItem(KEY_STORAGE, key);
    $('api-key').value = '';
    $('login-error').textContent = '';
    go('#/overview');
  });
  $('logout').addEventListener('click', () => logout(''));
  $('jobs-filter').addEventListener('submit', (event) => { event.preventDefault(); jobsOffset = 0; showJobs(); });
  $('jobs-prev').addEventListener('click', () => { jobsOffset = Math.max(0, jobsOffset - PAGE_SIZE); showJobs(); });
  $('jobs-next').addEventListener('click', () => { jobsOffset += PAGE_SIZE; showJobs(); });
  $('run-form').addEventListener('submit', runNow);
  $('preview-form').addEventListener('submit', preview);
  window.addEventListener('hashchange', route);
  route();
}

document.addEventListener('DOMContentLoaded', init);
