import { spawnSync } from 'node:child_process';
import { customerPhone } from '../whatsapp/meta-webhooks.js';
import { type Exposition, parsePrometheusText, sampleSum } from '../support/prometheus-text.js';
import { type Stack, startStack } from '../support/stack.js';

const PROMTOOL = spawnSync('promtool', ['--version']).status === 0;

/**
 * GET /metrics over a whole stack (api + sandbox) after real traffic: customers write through
 * signed webhooks, the assistant looks up the inventory and answers, admin calls come in
 * right and wrong. The exposition is parsed by a Prometheus text parser, checked by promtool
 * when it is installed (.ci/run installs it), and no label carries a phone number or an id.
 */
describe('GET /metrics', () => {
  let stack: Stack;
  let text: string;
  let metrics: Exposition;
  const phones = [customerPhone(), customerPhone()];

  beforeAll(async () => {
    stack = await startStack();
    for (const phone of phones) {
      await stack.say(phone, 'hola, ¿tienen tenis?');
      await stack.say(phone, '¿a qué hora abren?');
    }
    for (const phone of phones) await stack.settled(phone);
    for (const phone of phones) expect((await stack.sentTo(phone)).length).toBeGreaterThanOrEqual(1);
    expect((await stack.admin('GET', '/admin/conversations?limit=5')).status).toBe(200);
    expect(
      (await stack.admin('GET', '/admin/conversations', undefined, { 'x-api-key': 'wrong-key-wrong-key' })).status,
    ).toBe(401);
    expect((await fetch(`${stack.apiUrl}/no/such/route/${phones[0]}`)).status).toBe(404);

    const response = await fetch(`${stack.apiUrl}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    text = await response.text();
    metrics = parsePrometheusText(text);
  }, 180_000);
  afterAll(() => stack?.close(), 60_000);

  it('should count HTTP requests by route template, method and status, unmatched routes as one series', () => {
    expect(
      sampleSum(metrics, 'http_requests_total', { method: 'POST', route: '/webhooks/whatsapp', status: '200' }),
    ).toBeGreaterThanOrEqual(4);
    expect(
      sampleSum(metrics, 'http_requests_total', { method: 'GET', route: '/admin/conversations', status: '200' }),
    ).toBe(1);
    expect(
      sampleSum(metrics, 'http_requests_total', { method: 'GET', route: '/admin/conversations', status: '401' }),
    ).toBe(1);
    expect(sampleSum(metrics, 'http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(metrics.types.get('http_request_duration_seconds')).toBe('histogram');
    expect(metrics.types.get('http_requests_total')).toBe('counter');
    expect(
      sampleSum(metrics, 'http_request_duration_seconds_count', { method: 'POST', route: '/webhooks/whatsapp' }),
    ).toBeGreaterThanOrEqual(4);
  });

  it('should count the domain: messages in and out, webhook events, turns, SOAP calls, conversations', () => {
    expect(sampleSum(metrics, 'mostrador_messages_total', { direction: 'in', type: 'text', status: 'stored' })).toBe(4);
    expect(sampleSum(metrics, 'mostrador_messages_total', { direction: 'out', status: 'sent' })).toBeGreaterThanOrEqual(
      2,
    );
    expect(sampleSum(metrics, 'mostrador_webhook_events_total', { kind: 'message' })).toBe(4);
    expect(sampleSum(metrics, 'mostrador_webhook_events_total', { kind: 'status' })).toBeGreaterThan(0);
    expect(sampleSum(metrics, 'mostrador_turns_total')).toBeGreaterThanOrEqual(2);
    expect(sampleSum(metrics, 'mostrador_turn_duration_seconds_count')).toBe(
      sampleSum(metrics, 'mostrador_turns_total'),
    );
    expect(sampleSum(metrics, 'mostrador_soap_calls_total', { outcome: 'ok' })).toBeGreaterThan(0);
    expect(sampleSum(metrics, 'mostrador_conversations_started_total')).toBe(2);
    expect(sampleSum(metrics, 'mostrador_conversations_active')).toBe(2);
  });

  it('should read the cache, the breakers and the process at scrape time', () => {
    const cacheSeries = metrics.samples.filter((s) => s.name === 'mostrador_cache_lookups').map((s) => s.labels);
    expect(cacheSeries).toEqual(
      expect.arrayContaining([
        { level: 'memory', result: 'hit' },
        { level: 'overall', result: 'miss' },
      ]),
    );
    expect(sampleSum(metrics, 'mostrador_cache_lookups', { level: 'overall', result: 'miss' })).toBeGreaterThan(0);
    // The inventory's breaker exists once it was called, closed.
    expect(metrics.samples.filter((s) => s.name === 'mostrador_breaker_state')).toEqual(
      expect.arrayContaining([{ name: 'mostrador_breaker_state', labels: { breaker: 'inventory' }, value: 0 }]),
    );
    expect(sampleSum(metrics, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
    expect(sampleSum(metrics, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
  });

  it('should never put a phone number, wamid, conversation id or other id in a label', () => {
    const values = metrics.samples.flatMap((s) =>
      Object.entries(s.labels)
        .filter(([k]) => k !== 'le')
        .map(([, v]) => v),
    );
    expect(values.length).toBeGreaterThan(20);
    const suspicious = values.filter(
      (v) => /\d{7,}/.test(v) || /^wamid\./i.test(v) || /[0-9a-f]{8}-[0-9a-f]{4}-/i.test(v),
    );
    expect(suspicious).toEqual([]);
    for (const phone of phones) expect(text).not.toContain(phone);
  });

  (PROMTOOL ? it : it.skip)('should pass promtool check metrics', () => {
    const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    expect(`${result.stdout}${result.stderr}`.trim()).toBe('');
    expect(result.status).toBe(0);
  });
  if (!PROMTOOL) process.stderr.write('\n  SKIPPED promtool check: install it with apt-get install -y prometheus\n\n');
});
