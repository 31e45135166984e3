/**
 * `npm run bench:conversations` — how often does the assistant answer a customer right? The
 * held-out conversations of `bench/conversations/held-out.ts` (written for this table, not
 * taken from the tests' corpus) are played through the whole product as customers play them:
 * the sandbox's chat route (a signed Meta webhook to the api), the api with PGlite, the
 * in-process turns and the sandbox's SOAP inventory and Graph API, as `test/support/stack.ts`
 * boots them — the rule-based assistant, unless BENCH_LLM_BASE_URL points the api at an
 * OpenAI-compatible server (BENCH_LLM_MODEL, BENCH_LLM_API_KEY).
 *
 * Each conversation writes from a phone of its own (a "later" one reuses the phone of an
 * earlier one, after closing it through the admin API), one turn at a time: the message (or a
 * tap on a button or row of the previous reply), then bounded polling until the message is
 * answered and nothing is under way, then the turn's expectations are checked (see
 * `bench/conversations/scoring.ts`). Prints the share of turns judged right per category and
 * overall, the failures counted by expectation, and every failing turn with its reply.
 *
 * BENCH_SET=2 plays the second held-out table (`bench/conversations/held-out-2.ts`, written after
 * the tuning on the first, as a generalisation check) instead of the first (the default);
 * BENCH_SET=3 the third (`bench/conversations/held-out-3.ts`, written blind while the second
 * table's losses were being fixed, as the judge of that work).
 * BENCH_SET=4 the fourth (`bench/conversations/held-out-4.ts`, written blind while the third
 * table's losses were being fixed, as the judge of that work).
 * BENCH_SET=5 the fifth (`bench/conversations/held-out-5.ts`, written blind after the fourth
 * table's losses were fixed on `c1ab26b`, as the judge of that work).
 * BENCH_ONLY=id,id plays some conversations (and the ones they follow); BENCH_JSON=path
 * writes every turn's result; BENCH_TURN_TIMEOUT_MS bounds the wait for one reply (30 s, or
 * 120 s with an LLM). Talks to 127.0.0.1 only, unless BENCH_LLM_BASE_URL says otherwise.
 */
import { execSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { type Stack, startStack, until } from '../test/support/stack.js';
import { CONVERSATIONS as FIRST_TABLE } from './conversations/held-out.js';
import { CONVERSATIONS as SECOND_TABLE } from './conversations/held-out-2.js';
import { CONVERSATIONS as THIRD_TABLE } from './conversations/held-out-3.js';
import { CONVERSATIONS as FOURTH_TABLE } from './conversations/held-out-4.js';
import { CONVERSATIONS as FIFTH_TABLE } from './conversations/held-out-5.js';
import {
  type AdminOrder,
  type CatalogueProduct,
  type Choice,
  type Failure,
  judge,
  type JudgeContext,
  normalise,
  ProductIndex,
  profileAmounts,
  readCatalogue,
  type ReadReply,
  readReply,
  customerNumbers,
} from './conversations/scoring.js';
import { type BenchCategory, type BenchConversation, type BenchTurn, CATEGORIES } from './conversations/types.js';
import { reportFigures } from './support/report-figures.js';

const LLM_URL = process.env.BENCH_LLM_BASE_URL;
const TURN_TIMEOUT_MS = Number(process.env.BENCH_TURN_TIMEOUT_MS ?? (LLM_URL ? 120_000 : 30_000));
const ONLY = process.env.BENCH_ONLY?.split(',').map((s) => s.trim());
const TABLES: Record<string, { file: string; conversations: BenchConversation[] }> = {
  '1': { file: 'held-out.ts', conversations: FIRST_TABLE },
  '2': { file: 'held-out-2.ts', conversations: SECOND_TABLE },
  '3': { file: 'held-out-3.ts', conversations: THIRD_TABLE },
  '4': { file: 'held-out-4.ts', conversations: FOURTH_TABLE },
  '5': { file: 'held-out-5.ts', conversations: FIFTH_TABLE },
};
const SET = process.env.BENCH_SET?.trim() || '1';
if (!TABLES[SET]) {
  process.stderr.write(`bench:conversations: BENCH_SET=${SET}: no such table (${Object.keys(TABLES).join(', ')})\n`);
  process.exit(2);
}
const CONVERSATIONS = TABLES[SET].conversations;

interface TurnResult {
  conversation: string;
  turn: number;
  category: BenchCategory;
  customer: string;
  reply: string;
  intent: string | null;
  failures: Failure[];
  /** Informational, not scored: a handoff whose reason the shop can read; an erasure request kept. */
  handoffReason?: boolean;
  erasureRecorded?: boolean;
}

interface Snapshot {
  handoff: boolean;
  optedOut: boolean;
  intent: string | null;
  conversation: unknown;
  customer: unknown;
  facts: Record<string, unknown> | string;
  /** This customer's order requests. */
  orders: AdminOrder[] | string;
  /** Every order request of the run: another customer's hold lowers the stock this one is told. */
  allOrders: AdminOrder[] | string;
}

function selected(): BenchConversation[] {
  if (!ONLY) return CONVERSATIONS;
  const wanted = new Set(ONLY);
  for (const c of [...CONVERSATIONS].reverse()) if (wanted.has(c.id) && c.later) wanted.add(c.later);
  return CONVERSATIONS.filter((c) => wanted.has(c.id));
}

async function main(): Promise<void> {
  const catalogue = readCatalogue();
  const index = new ProductIndex(catalogue);
  const profile = JSON.parse(readFileSync('shop-profile.json', 'utf8')) as { orders?: { shippingCost?: string } };
  const shipping = Number(profile.orders?.shippingCost ?? 149);
  const ctx: JudgeContext = { index, profileAmounts: profileAmounts(), shippingCost: shipping };

  const llmEnv: Record<string, string> = LLM_URL
    ? {
        LLM_PROVIDERS: 'compatible',
        LLM_BASE_URL: LLM_URL,
        LLM_MODEL: process.env.BENCH_LLM_MODEL ?? 'default',
        ...(process.env.BENCH_LLM_API_KEY && { LLM_API_KEY: process.env.BENCH_LLM_API_KEY }),
      }
    : {};
  const started = performance.now();
  // Nest exits the process without a word when a module fails to build: say what was going on.
  const bootFailed = (code: number) =>
    process.stderr.write(
      `bench:conversations: the stack did not start (exit ${code}); does the tree build? (npm run typecheck)\n`,
    );
  process.once('exit', bootFailed);
  const stack = await startStack({
    TURN_COALESCE_MS: '100',
    TURN_MAX_WAIT_MS: '500',
    LOG_LEVEL: 'warn',
    // The scorer reads the admin API after every turn (memory, orders, profiles): far more than a
    // person's 50 a minute, and a 429 would be scored as the assistant's miss.
    RATE_LIMIT_USER: '1000000',
    RATE_LIMIT_IP: '1000000',
    ...llmEnv,
  });
  process.off('exit', bootFailed);
  const results: TurnResult[] = [];
  try {
    const phones = new Map<string, string>();
    const earlierByPhone = new Map<string, CatalogueProduct[]>();
    const numbersByPhone = new Map<string, number[]>();
    let n = 0;
    for (const conversation of selected()) {
      const phone = conversation.later
        ? phones.get(conversation.later)!
        : `52155${String(90_000_000 + n++).padStart(8, '0')}`;
      phones.set(conversation.id, phone);
      if (conversation.later) await closeConversations(stack, phone);
      const earlier = earlierByPhone.get(phone) ?? [];
      const numbers = numbersByPhone.get(phone) ?? [];
      let previous: ReadReply = readReply([]);
      for (const [i, turn] of conversation.turns.entries()) {
        const result = await playTurn(stack, ctx, {
          conversation,
          turn,
          phone,
          previous,
          earlier,
          numbers,
        });
        results.push({ ...result.result, turn: i + 1 });
        previous = result.reply;
        const named = index.mentions(result.reply).flatMap((m) => m.skus.map((s) => index.bySku.get(s)!));
        if (named.length > 0) earlier.splice(0, earlier.length, ...named);
      }
      earlierByPhone.set(phone, earlier);
      numbersByPhone.set(phone, numbers);
      process.stderr.write('.');
    }
    process.stderr.write('\n');
  } finally {
    await stack.close();
  }
  report(results, (performance.now() - started) / 1000);
  if (process.env.BENCH_JSON) writeFileSync(process.env.BENCH_JSON, JSON.stringify(results, null, 2));
}

async function playTurn(
  stack: Stack,
  ctx: JudgeContext,
  input: {
    conversation: BenchConversation;
    turn: BenchTurn;
    phone: string;
    previous: ReadReply;
    earlier: CatalogueProduct[];
    numbers: number[];
  },
): Promise<{ result: Omit<TurnResult, 'turn'>; reply: ReadReply }> {
  const { conversation, turn, phone } = input;
  const failures: Failure[] = [];
  const before = await snapshot(stack, phone, null);
  const seen = (await stack.sentTo(phone)).length;

  let message: unknown;
  let customer: string;
  let said: string | undefined;
  if (turn.tap !== undefined) {
    const choice = findChoice(input.previous.choices, turn.tap, ctx.index);
    const wanted = typeof turn.tap === 'string' ? turn.tap : `row ${turn.tap.row}`;
    customer = `[tap ${choice ? `"${choice.title}"` : `${wanted} (not offered)`}]`;
    if (choice) {
      message =
        choice.kind === 'row'
          ? { type: 'list_reply', id: choice.id, title: choice.title, context: choice.wamid }
          : { type: 'button_reply', id: choice.id, title: choice.title, context: choice.wamid };
    } else {
      failures.push({ kind: 'tap', detail: `no button or row "${wanted}" in the previous reply; typed it instead` });
      message = { type: 'text', body: typeof turn.tap === 'string' ? turn.tap : String(turn.tap.row) };
    }
  } else {
    said = turn.say!;
    customer = said;
    message = { type: 'text', body: said };
    input.numbers.push(...customerNumbers(said));
  }

  const response = await fetch(`${stack.sandboxUrl}/sandbox/chat/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, name: conversation.profileName, message }),
  });
  if (response.status !== 200) throw new Error(`chat send: ${response.status} ${await response.text()}`);
  const { wamid } = (await response.json()) as { wamid: string };

  let conversationId: string | null;
  try {
    conversationId = await until(
      async () => {
        const mine = (await stack.storedFor(phone)).find((m) => m.waMessageId === wamid);
        if (!mine || mine.status === 'received') return undefined;
        return (await stack.isIdle(phone)) ? mine.conversationId : undefined;
      },
      `the answer to "${customer}"`,
      TURN_TIMEOUT_MS,
    );
  } catch {
    failures.push({ kind: 'timeout', detail: `not answered within ${TURN_TIMEOUT_MS} ms` });
    conversationId = (await stack.storedFor(phone)).find((m) => m.waMessageId === wamid)?.conversationId ?? null;
  }

  const sent = (await stack.sentTo(phone)).slice(seen);
  const reply = readReply(sent);
  const after = await snapshot(stack, phone, conversationId);
  failures.push(
    ...judge(
      {
        expect: turn.expect,
        said,
        numbers: input.numbers,
        reply,
        earlier: input.earlier,
        intent: after.intent,
        before,
        after,
        ordersBefore: before.orders,
        ordersAfter: after.orders,
        facts: after.facts,
        held: heldBy(after.allOrders),
      },
      ctx,
    ),
  );
  const result: Omit<TurnResult, 'turn'> = {
    conversation: conversation.id,
    category: turn.category ?? conversation.category,
    customer,
    reply: reply.text,
    intent: after.intent,
    failures,
  };
  if (turn.expect.action === 'handoff')
    result.handoffReason = hasKey(after.conversation, /reason|motivo/i) || hasKey(after.customer, /handoff.?reason/i);
  if (turn.expect.erasureRequested) result.erasureRecorded = hasKey(after.customer, /eras|delet|borra|forget/i);
  return { result, reply };
}

/**
 * The button or row a tap means: the first whose title (or the product name a row's title cut
 * at 24 characters stands for) and description hold every word of `tap`; or by its position.
 */
function findChoice(choices: Choice[], tap: BenchTurn['tap'], index: ProductIndex): Choice | undefined {
  if (typeof tap === 'string') {
    const wanted = normalise(tap).split(' ');
    const haystack = (c: Choice) => {
      const names = c.title.endsWith('…')
        ? index.productNames.filter((name) => name.startsWith(normalise(c.title.slice(0, -1))))
        : [];
      return ` ${normalise([c.title, ...names, c.description ?? ''].join(' '))} `;
    };
    return choices.find((c) => {
      const text = haystack(c);
      return wanted.every((word) => text.includes(word));
    });
  }
  const rows = choices.filter((c) => c.kind === 'row');
  return (rows.length > 0 ? rows : choices)[tap!.row - 1];
}

/**
 * The scorer's reads ask for a fresh answer: the admin API caches GETs for a couple of seconds
 * (CACHE_TTL_ADMIN_SECONDS), and the read after one turn would otherwise show the one before it.
 */
const FRESH = { 'cache-control': 'no-cache' };

/** The customer's conversation, profile and order requests as the admin API shows them. */
async function snapshot(stack: Stack, phone: string, conversationId: string | null): Promise<Snapshot> {
  const customerResponse = await stack.admin('GET', `/admin/customers?phone=${phone}`, undefined, FRESH);
  const customer = customerResponse.status === 200 ? ((await customerResponse.json()) as CustomerView) : null;
  const id = conversationId ?? customer?.conversations[0]?.id ?? null;
  let conversation: ConversationView | null = null;
  if (id) {
    const response = await stack.admin('GET', `/admin/conversations/${id}`, undefined, FRESH);
    if (response.status === 200) conversation = (await response.json()) as ConversationView;
  }
  const allOrders = await listOrders(stack);
  return {
    handoff: conversation?.status === 'handoff',
    optedOut: customer?.customer.optedOut ?? false,
    intent: conversation?.lastIntent ?? null,
    conversation,
    customer,
    facts: customer ? customer.customer.facts : `GET /admin/customers answered ${customerResponse.status}`,
    orders: typeof allOrders === 'string' ? allOrders : allOrders.filter((o) => o.customer?.phoneNumber === phone),
    allOrders,
  };
}

interface CustomerView {
  customer: { optedOut: boolean; facts: Record<string, unknown> };
  conversations: { id: string; status: string }[];
}
interface ConversationView {
  status: string;
  lastIntent: string | null;
}

async function listOrders(stack: Stack): Promise<AdminOrder[] | string> {
  const orders: AdminOrder[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const query = cursor ? `&cursor=${cursor}` : '';
    const response = await stack.admin('GET', `/admin/orders?limit=100${query}`, undefined, FRESH);
    if (response.status !== 200) return `GET /admin/orders answered ${response.status}`;
    const body = (await response.json()) as { items: AdminOrder[]; nextCursor: string | null };
    orders.push(...body.items);
    cursor = body.nextCursor;
    if (!cursor) break;
  }
  return orders;
}

/** Units this run's order requests hold: the inventory leaves them out of what it answers. */
function heldBy(orders: AdminOrder[] | string): (sku: string, size: string, store: string) => number {
  const held = typeof orders === 'string' ? [] : orders.filter((o) => o.reservation && o.status !== 'cancelled');
  return (sku, size, store) =>
    held
      .filter((o) => o.fulfilment.kind !== 'pickup' || o.fulfilment.storeId === store)
      .flatMap((o) => o.items)
      .filter((item) => item.sku === sku && item.size === size)
      .reduce((sum, item) => sum + item.quantity, 0);
}

async function closeConversations(stack: Stack, phone: string): Promise<void> {
  const response = await stack.admin('GET', `/admin/customers?phone=${phone}`, undefined, FRESH);
  if (response.status !== 200) return;
  const { conversations } = (await response.json()) as CustomerView;
  for (const c of conversations.filter((c) => c.status !== 'closed')) {
    const closed = await stack.admin('POST', `/admin/conversations/${c.id}/close`);
    if (closed.status >= 300) throw new Error(`close ${c.id}: ${closed.status}`);
  }
}

function hasKey(value: unknown, key: RegExp): boolean {
  if (value === null || typeof value !== 'object') return false;
  return Object.entries(value as Record<string, unknown>).some(
    ([k, v]) =>
      (key.test(k) && v !== null && v !== false && v !== '' && v !== undefined) ||
      (typeof v === 'object' && hasKey(v, key)),
  );
}

function report(results: TurnResult[], seconds: number): void {
  const out: string[] = [];
  const pct = (right: number, all: number) => (all === 0 ? '—' : `${((100 * right) / all).toFixed(1)}%`);
  const row = (cells: (string | number)[]) =>
    cells.map((c, i) => (i === 0 ? String(c).padEnd(14) : String(c).padStart(13))).join('');
  let commit = 'unknown';
  try {
    commit = execSync('git rev-parse --short HEAD', { encoding: 'utf8' }).trim();
    if (execSync('git status --porcelain --untracked-files=no', { encoding: 'utf8' }).trim() !== '')
      commit += ' + uncommitted changes';
  } catch {
    // not a git checkout
  }
  out.push(
    `bench:conversations — table ${SET} (${TABLES[SET].file}), ${LLM_URL ? `LLM assistant at ${LLM_URL}` : 'rule-based assistant'}, commit ${commit}, ${seconds.toFixed(0)} s`,
    '',
    row(['category', 'conversations', 'turns', 'right', 'share']),
  );
  const right = (r: TurnResult) => r.failures.length === 0;
  for (const category of CATEGORIES) {
    const turns = results.filter((r) => r.category === category);
    if (turns.length === 0) continue;
    const conversations = new Set(turns.map((r) => r.conversation)).size;
    const ok = turns.filter(right).length;
    out.push(row([category, conversations, turns.length, ok, pct(ok, turns.length)]));
  }
  const ok = results.filter(right).length;
  out.push(
    row(['overall', new Set(results.map((r) => r.conversation)).size, results.length, ok, pct(ok, results.length)]),
  );

  const byKind = new Map<string, number>();
  for (const r of results)
    for (const kind of new Set(r.failures.map((f) => f.kind))) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  out.push('', 'failing turns by expectation (a turn may fail several):');
  for (const [kind, count] of [...byKind].sort((a, b) => b[1] - a[1])) out.push(`  ${kind.padEnd(10)} ${count}`);

  const handoffs = results.filter((r) => r.handoffReason !== undefined);
  const erasures = results.filter((r) => r.erasureRecorded !== undefined);
  out.push(
    '',
    'not scored:',
    `  handoffs with a reason on the admin API: ${handoffs.filter((r) => r.handoffReason).length}/${handoffs.length}`,
    `  erasure requests on the customer's profile: ${erasures.filter((r) => r.erasureRecorded).length}/${erasures.length}`,
  );

  out.push('', 'failing turns:');
  for (const r of results.filter((x) => !right(x))) {
    out.push(
      `${r.conversation} #${r.turn} (${r.category}) customer: ${r.customer}`,
      `    reply [${r.intent ?? '—'}]: ${oneLine(r.reply)}`,
      ...r.failures.map((f) => `    ✗ ${f.kind}: ${f.detail}`),
    );
  }
  out.push('', `overall: ${ok}/${results.length} turns right (${pct(ok, results.length)}); goal ≥ 90%`);
  process.stdout.write(`${out.join('\n')}\n`);
  const share = results.length === 0 ? null : (100 * ok) / results.length;
  reportFigures('conversations', [
    {
      figure: `turns answered right, table ${SET}${ONLY ? ` (BENCH_ONLY: ${results.length} turns)` : ''}, ${LLM_URL ? 'LLM' : 'rule-based'} assistant`,
      value: share,
      unit: '%',
      goal: '≥ 90%',
      pass: share === null ? null : share >= 90,
    },
  ]);
}

function oneLine(text: string): string {
  const flat = text.replace(/\n+/g, ' ⏎ ');
  return flat === '' ? '(nothing)' : flat.length > 400 ? `${flat.slice(0, 399)}…` : flat;
}

main().catch((error: unknown) => {
  process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
});
