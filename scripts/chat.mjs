// `npm run chat -- "hola" "lo quiero" …`: talks to the running demo (`npm run demo`) as one
// customer from the terminal, through the sandbox's chat route (a signed Meta webhook, like the
// chat page), and prints each reply and, at the end, the order requests the shop sees.
// CHAT_PHONE, CHAT_NAME, SANDBOX_URL, API_URL and ADMIN_API_KEY override the demo's values.
const sandbox = process.env.SANDBOX_URL ?? 'http://127.0.0.1:3100';
const api = process.env.API_URL ?? 'http://127.0.0.1:3000';
const adminKey = process.env.ADMIN_API_KEY ?? 'mostrador-dev-admin-key';
const phone = process.env.CHAT_PHONE ?? '5215500000001';
const name = process.env.CHAT_NAME ?? 'Cliente';
const said = process.argv.slice(2);
if (said.length === 0) {
  process.stderr.write('usage: npm run chat -- "first message" ["next message" …]\n');
  process.exit(2);
}

/** A reply is complete once nothing new arrived for this long. */
const QUIET_MS = 2_000;
const POLL_MS = 250;
const REPLY_TIMEOUT_MS = 30_000;

async function request(url, init) {
  const response = await fetch(url, init).catch((error) => {
    throw new Error(`${url}: ${error.cause?.code ?? error.message} (is \`npm run demo\` running?)`);
  });
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${await response.text()}`);
  return response.json();
}

const sentToCustomer = async () =>
  (await request(`${sandbox}/sandbox/graph-api/messages?to=${phone}`)).filter((e) => e.kind === 'message');

function render(event) {
  const payload = event.payload ?? {};
  if (payload.type === 'text') return payload.text.body;
  const interactive = payload.interactive;
  if (!interactive) return `(${payload.type})`;
  const options =
    interactive.type === 'button'
      ? interactive.action.buttons.map((b) => `[${b.reply.title}]`)
      : interactive.action.sections.flatMap((s) => s.rows.map((r) => `[${r.title}]`));
  return `${interactive.body.text}\n  ${options.join(' ')}`;
}

for (const text of said) {
  const before = (await sentToCustomer()).length;
  process.stdout.write(`\n> ${text}\n`);
  await request(`${sandbox}/sandbox/chat/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ phone, name, message: { type: 'text', body: text } }),
  });
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  let seen = before;
  let changedAt = Date.now();
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    const count = (await sentToCustomer()).length;
    if (count !== seen) [seen, changedAt] = [count, Date.now()];
    else if (count > before && Date.now() - changedAt >= QUIET_MS) break;
  }
  const replies = (await sentToCustomer()).slice(before);
  if (replies.length === 0) process.stdout.write('(no reply)\n');
  for (const event of replies) process.stdout.write(`< ${render(event).replaceAll('\n', '\n  ')}\n`);
}

// The newest page is enough for a demo: this customer's requests are among the latest.
const orders = await request(`${api}/admin/orders`, { headers: { 'x-api-key': adminKey } })
  .then((page) => page.items.filter((order) => order.customer?.phoneNumber === phone))
  .catch((error) => ({ error: error.message }));
process.stdout.write(`\nthis customer's order requests (GET /admin/orders): ${JSON.stringify(orders, null, 2)}\n`);
