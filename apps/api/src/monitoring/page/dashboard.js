// The monitoring page: polls GET /monitoring/dashboard every 2 s with the admin key and
// draws the figures; the charts keep the last 5 minutes the page has seen.
const POLL_MS = 2000;
const POINTS = 150;
const KEY_STORAGE = 'mostrador.adminKey';
const MB = 1024 * 1024;

const $ = (id) => document.getElementById(id);
const series = { time: [], rate: [], p95: [], p99: [], rss: [], heap: [] };
const charts = {};
let key = sessionStorage.getItem(KEY_STORAGE);
let polls = 0;
let timer;

const number = (value, digits = 0) =>
  value === null || value === undefined ? '–' : Number(value).toLocaleString('en', { maximumFractionDigits: digits });
const ms = (value) => (value === null || value === undefined ? '–' : `${number(value, value < 10 ? 1 : 0)} ms`);
const pct = (value) => (value === null || value === undefined ? '–' : `${number(value, 1)} %`);
const duration = (seconds) => {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
};

function text(id, value) {
  $(id).textContent = value;
}

function setState(state, message = '') {
  document.body.dataset.state = state;
  text('status', message);
  $('key-form').hidden = state !== 'locked';
  $('dashboard').hidden = state === 'locked';
  $('forget').hidden = state === 'locked';
}

/** Rows of plain text cells (textContent only: alert details may hold error messages). */
function fillTable(id, rows, empty) {
  const body = $(id).tBodies[0];
  body.replaceChildren(
    ...(rows.length > 0 ? rows : [[empty]]).map((cells) => {
      const tr = document.createElement('tr');
      for (const cell of cells) {
        const td = document.createElement('td');
        if (cell && typeof cell === 'object') {
          td.textContent = cell.text;
          td.className = cell.className;
        } else td.textContent = String(cell);
        if (rows.length === 0) td.colSpan = $(id).tHead.rows[0].cells.length;
        tr.append(td);
      }
      return tr;
    }),
  );
}

function makeChart(id, lines, unit) {
  const element = $(id);
  const options = {
    width: Math.max(240, element.clientWidth),
    height: 180,
    scales: { x: { time: true }, y: { range: (_u, min, max) => [0, Math.max(max * 1.15, min + 1)] } },
    axes: [{}, { size: 70, values: (_u, ticks) => ticks.map((t) => `${number(t, 1)}${unit}`) }],
    series: [{}, ...lines.map(([label, stroke]) => ({ label, stroke, width: 2, spanGaps: true }))],
    legend: { show: true },
  };
  const chart = new window.uPlot(options, [[], ...lines.map(() => [])], element);
  new ResizeObserver(() => chart.setSize({ width: Math.max(240, element.clientWidth), height: 180 })).observe(element);
  return chart;
}

function ensureCharts() {
  if (charts.rate) return;
  charts.rate = makeChart('chart-rate', [['requests/s', '#2563eb']], '');
  charts.latency = makeChart(
    'chart-latency',
    [
      ['p95', '#d97706'],
      ['p99', '#dc2626'],
    ],
    ' ms',
  );
  charts.memory = makeChart(
    'chart-memory',
    [
      ['RSS', '#7c3aed'],
      ['heap used', '#059669'],
    ],
    ' MB',
  );
}

function record(snapshot) {
  const push = (name, value) => {
    series[name].push(value ?? null);
    if (series[name].length > POINTS) series[name].shift();
  };
  push('time', Date.parse(snapshot.generatedAt) / 1000);
  push('rate', snapshot.requests.perSecond);
  push('p95', snapshot.responseTime.recent?.p95Ms);
  push('p99', snapshot.responseTime.recent?.p99Ms);
  push('rss', snapshot.process.memory.rssBytes / MB);
  push('heap', snapshot.process.memory.heapUsedBytes === null ? null : snapshot.process.memory.heapUsedBytes / MB);
  charts.rate.setData([series.time, series.rate]);
  charts.latency.setData([series.time, series.p95, series.p99]);
  charts.memory.setData([series.time, series.rss, series.heap]);
}

function render(d) {
  const r = d.requests;
  text('t-requests', number(r.total));
  text('t-requests-detail', `${number(r.ok)} ok · ${number(r.clientErrors)} 4xx · ${number(r.failed)} 5xx`);
  text('t-rate', number(r.perSecond, 2));
  text('t-latency', `p95 ${ms(d.responseTime.p95Ms)}`);
  text('t-latency-detail', `avg ${ms(d.responseTime.avgMs)} · p99 ${ms(d.responseTime.p99Ms)}`);
  text('t-tools', number(d.tools.calls));
  text('t-tools-detail', `success ${pct(d.tools.successRatePercent)}`);
  text('t-conversations', number(d.conversations.active));
  text(
    't-conversations-detail',
    `active · ${number(d.conversations.total)} started · avg ${duration(d.conversations.averageDurationSeconds)}`,
  );
  const memory = d.process.memory;
  text('t-memory', `${number(memory.rssBytes / MB)} MB`);
  text('t-memory-detail', `${pct(memory.percentOfLimit)} of ${number(memory.limitBytes / MB)} MB`);
  text('t-cpu', pct(d.process.cpu.percent));
  text('t-uptime', `up ${duration(d.process.uptimeSeconds)}`);
  text('t-cache', pct(d.cache?.overall.hitRatePercent));
  text(
    't-cache-detail',
    d.cache ? `${number(d.cache.overall.hits)} hits · ${number(d.cache.overall.misses)} misses` : 'not measured',
  );
  const e = d.errors;
  const meta = Object.entries(e.meta).map(([code, n]) => `${code}×${n}`);
  text('t-errors', number(e.http5xx + e.tools + e.llm + e.soap));
  text(
    't-errors-detail',
    `5xx ${e.http5xx} · tools ${e.tools} · LLM ${e.llm} · SOAP ${e.soap}${meta.length ? ` · Meta ${meta.join(' ')}` : ''}`,
  );

  const badge = (severity) => ({ text: severity, className: `severity ${severity}` });
  const details = (alert) =>
    Object.entries(alert.details)
      .map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : v}`)
      .join(', ');
  const time = (iso) => (iso ? new Date(iso).toLocaleTimeString() : '–');
  fillTable(
    'alerts',
    d.alerts.active.map((a) => [badge(a.severity), a.title, time(a.firedAt), details(a)]),
    'none: all well',
  );
  fillTable(
    'history',
    d.alerts.recent.map((a) => [
      badge(a.severity),
      a.title,
      time(a.firedAt),
      a.severity === 'info' ? '' : time(a.resolvedAt),
    ]),
    'none yet',
  );
  fillTable(
    'tools',
    d.tools.byTool.map((t) => [t.tool, number(t.calls), pct(t.successRatePercent), ms(t.avgMs), ms(t.p95Ms)]),
    'no tool calls yet',
  );
  fillTable(
    'routes',
    d.responseTime.slowestRoutes.map((r) => [r.route, number(r.requests), ms(r.avgMs), ms(r.p95Ms)]),
    'no requests yet',
  );
  fillTable(
    'breakers',
    d.breakers.map((b) => [b.name, { text: b.state, className: `breaker ${b.state}` }]),
    'none measured',
  );
  fillTable(
    'limits',
    d.limits.map((l) => [l.limiter, number(l.rejections)]),
    'none measured',
  );
}

async function poll() {
  clearTimeout(timer);
  try {
    const response = await fetch('/monitoring/dashboard', { headers: { 'x-api-key': key }, cache: 'no-store' });
    if (response.status === 401) {
      sessionStorage.removeItem(KEY_STORAGE);
      key = null;
      setState('locked');
      text('key-error', 'That key was refused.');
      return;
    }
    if (!response.ok) throw new Error(`the dashboard answered ${response.status}`);
    const snapshot = await response.json();
    setState('live', `live · updated ${new Date(snapshot.generatedAt).toLocaleTimeString()}`);
    ensureCharts();
    render(snapshot);
    record(snapshot);
    document.body.dataset.polls = String(++polls);
  } catch (error) {
    setState('stale', `not updating: ${error.message}; trying again`);
  }
  timer = setTimeout(poll, POLL_MS);
}

$('key-form').addEventListener('submit', (event) => {
  event.preventDefault();
  key = $('key').value.trim();
  if (!key) return;
  sessionStorage.setItem(KEY_STORAGE, key);
  text('key-error', '');
  $('key').value = '';
  setState('starting', 'connecting…');
  void poll();
});

$('forget').addEventListener('click', () => {
  clearTimeout(timer);
  sessionStorage.removeItem(KEY_STORAGE);
  key = null;
  setState('locked');
});

if (key) void poll();
else setState('locked');
