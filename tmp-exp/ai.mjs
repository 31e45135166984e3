import { createServer } from 'node:http';
import { generateText, tool, isStepCount } from 'ai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { z } from 'zod';
let n = 0;
const server = createServer(async (req, res) => {
  let body = ''; for await (const c of req) body += c;
  const json = JSON.parse(body);
  n++;
  console.log('REQ', req.url, JSON.stringify(json).slice(0, 1500));
  const hasToolResult = json.messages.some((m) => m.role === 'tool');
  const message = hasToolResult
    ? { role: 'assistant', content: 'Tenemos tenis a $1,299.00' }
    : { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'search_products', arguments: JSON.stringify({ query: 'tenis' }) } }, { id: 'call_2', type: 'function', function: { name: 'search_products', arguments: '{"query": 5}' } }] };
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'x' + n, object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message, finish_reason: hasToolResult ? 'stop' : 'tool_calls' }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }));
}).listen(0);
await new Promise((r) => server.on('listening', r));
const provider = createOpenAICompatible({ name: 'local', baseURL: `http://127.0.0.1:${server.address().port}/v1`, apiKey: 'k' });
const result = await generateText({
  model: provider('scripted'),
  system: 'You sell shoes',
  messages: [{ role: 'user', content: 'tenis?' }],
  tools: { search_products: tool({ description: 'Search', inputSchema: z.object({ query: z.string() }), execute: async ({ query }) => ({ products: [{ name: 'Tenis', price: '1299.00' }] }) }) },
  stopWhen: isStepCount(5),
  maxRetries: 0,
});
console.log('TEXT', result.text, 'STEPS', result.steps.length, 'USAGE', JSON.stringify(result.totalUsage));
for (const s of result.steps) console.log('STEP', JSON.stringify(s.toolCalls.map(c=>c.input)), JSON.stringify(s.toolResults.map(r=>r.output)).slice(0,300), JSON.stringify(s.content.filter(c => c.type==='tool-error')).slice(0,500));
server.close();
