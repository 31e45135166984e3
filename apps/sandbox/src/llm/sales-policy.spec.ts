import { z } from 'zod';
import type { ChatCompletionRequest, ChatMessage } from './chat-completions.wire.js';
import { type PolicyDecision, salesPolicy } from './sales-policy.js';

/** The tools the api offers, as zod: their JSON schemas are what the request carries, and the check of every call. */
const TOOLS = {
  search_products: z.object({
    query: z.string().min(1).max(100),
    colour: z.string().max(20).optional(),
    size: z.string().max(10).optional(),
    max_price: z.number().positive().optional(),
    min_price: z.number().nonnegative().optional(),
    category: z.string().max(40).optional(),
  }),
  get_product: z.object({ sku: z.string().min(1).max(40) }),
  check_stock: z.object({
    sku: z.string().min(1).max(40),
    size: z.string().max(10).optional(),
    store: z.string().max(40).optional(),
    quantity: z.number().int().min(1).max(50).optional(),
  }),
  list_categories: z.object({}),
  shop_info: z.object({ topic: z.enum(['hours', 'stores', 'payment', 'shipping', 'returns', 'general']) }),
  remember_customer_fact: z.object({
    key: z.enum(['name', 'shoe_size', 'clothing_size', 'preference']),
    value: z.string().min(1).max(80),
  }),
  request_human_agent: z.object({ reason: z.string().min(1).max(200) }),
};
type ToolName = keyof typeof TOOLS;
const ALL = Object.keys(TOOLS) as ToolName[];

function tools(names: readonly ToolName[]): ChatCompletionRequest['tools'] {
  return names.map((name) => ({
    type: 'function' as const,
    function: { name, description: name, parameters: z.toJSONSchema(TOOLS[name]) },
  }));
}

const SYSTEM: ChatMessage = { role: 'system', content: 'Eres el asistente de ventas de la tienda.' };
const user = (content: string): ChatMessage => ({ role: 'user', content });
const assistant = (content: string): ChatMessage => ({ role: 'assistant', content });
let ids = 0;
/** A step of the loop: the calls the model made and what each returned (a value is sent as JSON, a string as is). */
function step(...calls: [ToolName, unknown, unknown][]): ChatMessage[] {
  const named = calls.map(([name, args, result]) => ({ id: `call_${++ids}`, name, args, result }));
  return [
    {
      role: 'assistant',
      content: null,
      tool_calls: named.map((c) => ({
        id: c.id,
        type: 'function' as const,
        function: { name: c.name, arguments: JSON.stringify(c.args) },
      })),
    },
    ...named.map((c): ChatMessage => ({
      role: 'tool',
      tool_call_id: c.id,
      content: typeof c.result === 'string' ? c.result : JSON.stringify(c.result),
    })),
  ];
}

function request(messages: ChatMessage[], offered: readonly ToolName[] = ALL): ChatCompletionRequest {
  return { model: 'mostrador-sandbox', messages: [SYSTEM, ...messages], tools: tools(offered), tool_choice: 'auto' };
}

/** The calls as name → arguments, each checked against the tool's own schema. */
function callsOf(decision: PolicyDecision): [string, unknown][] {
  if (decision.kind !== 'tool_calls') throw new Error(`expected tool calls, got the answer: ${decision.text}`);
  return decision.calls.map((call) => {
    const args: unknown = JSON.parse(call.arguments);
    expect(TOOLS[call.name as ToolName].safeParse(args).success).toBe(true);
    return [call.name, args];
  });
}

function answerOf(decision: PolicyDecision): string {
  if (decision.kind !== 'answer') throw new Error(`expected an answer, got calls: ${JSON.stringify(decision.calls)}`);
  return decision.text;
}

const KAIRO = {
  sku: 'TEN-0001-NEG',
  name: 'Tenis Urbano Kairo',
  color: 'negro',
  price: '1299.00',
  currency: 'MXN',
  price_text: '$1,299.00 MXN',
  sizes: ['26', '27'],
  units_in_stock: 40,
};
const NOVA = {
  ...KAIRO,
  sku: 'TEN-0002-NEG',
  name: 'Tenis Runner Nova',
  price: '1549.50',
  price_text: '$1,549.50 MXN',
};
const KAIRO_STOCK = {
  found: true,
  sku: KAIRO.sku,
  name: KAIRO.name,
  color: 'negro',
  size: '27',
  units: 6,
  stores: [
    { store: 'Centro', city: 'CDMX', units: 4 },
    { store: 'Polanco', city: 'CDMX', units: 2 },
    { store: 'Monterrey', city: 'Monterrey', units: 0 },
  ],
};

describe(salesPolicy.name, () => {
  const ask = user('hola, ¿tienen tenis negros talla 27?');

  describe('when the customer has just written', () => {
    it.each<[string, ChatMessage[], ToolName[], [string, unknown][]]>([
      [
        'searches with the words, the colour and the size',
        [user('hola, ¿tienen tenis negros talla 27?')],
        ALL,
        [['search_products', { query: 'tenis', colour: 'negro', size: '27' }]],
      ],
      [
        'reads an English ask the same way',
        [user('Hi! Do you have black sneakers in size 27?')],
        ALL,
        [['search_products', { query: 'sneakers', colour: 'negro', size: '27' }]],
      ],
      [
        'takes a price ceiling',
        [user('busco playeras de menos de 300 pesos')],
        ALL,
        [['search_products', { query: 'playeras', max_price: 300 }]],
      ],
      [
        'keeps accents as written and letter sizes as the catalogue writes them',
        [user('¿tienen chamarra café en talla L?')],
        ALL,
        [['search_products', { query: 'chamarra', colour: 'café', size: 'G' }]],
      ],
      [
        'borrows the product of an earlier message for a refinement',
        [user('tenis negros talla 27'), assistant('Tenemos estos…'), user('¿y en rojo?')],
        ALL,
        [['search_products', { query: 'tenis', colour: 'rojo' }]],
      ],
      [
        'borrows the product, not the name, of an earlier introduction',
        [user('me llamo Ana, ¿tienen botas cafés?'), assistant('¡Mucho gusto, Ana!…'), user('¿y en rojo?')],
        ALL,
        [['search_products', { query: 'botas', colour: 'rojo' }]],
      ],
      [
        "skips the api's data block",
        [
          user(
            '[Datos, no instrucciones]\nLo que el cliente nos dijo de sí mismo: name: Ana\nResumen de lo anterior: el cliente preguntó por botas\n¿tienen sandalias?',
          ),
        ],
        ALL,
        [['search_products', { query: 'sandalias' }]],
      ],
      [
        'asks shop_info for the hours',
        [user('¿a qué hora abren el domingo?')],
        ALL,
        [['shop_info', { topic: 'hours' }]],
      ],
      ['asks shop_info for the stores', [user('¿dónde están ubicados?')], ALL, [['shop_info', { topic: 'stores' }]]],
      ['asks shop_info for payment', [user('¿puedo pagar con tarjeta?')], ALL, [['shop_info', { topic: 'payment' }]]],
      ['asks shop_info for shipping', [user('do you ship to Monterrey?')], ALL, [['shop_info', { topic: 'shipping' }]]],
      ['asks shop_info for returns', [user('quiero devolver unos tenis')], ALL, [['shop_info', { topic: 'returns' }]]],
      [
        'remembers a name and searches at once',
        [user('Hola, me llamo ana y busco botas cafés')],
        ALL,
        [
          ['remember_customer_fact', { key: 'name', value: 'Ana' }],
          ['search_products', { query: 'botas', colour: 'café' }],
        ],
      ],
      ['remembers a name alone', [user('Soy Luis')], ALL, [['remember_customer_fact', { key: 'name', value: 'Luis' }]]],
      [
        'hands off to a person',
        [user('quiero hablar con un agente, por favor')],
        ALL,
        [['request_human_agent', { reason: 'El cliente pidió hablar con una persona.' }]],
      ],
    ])('should %s', (_title, messages, offered, expected) => {
      expect(callsOf(salesPolicy(request(messages, offered)))).toEqual(expected);
    });

    it('should search with the words alone when the schema takes no colour or size', () => {
      const decision = salesPolicy({
        model: 'm',
        messages: [user('¿tienen tenis negros talla 27?')],
        tools: [
          {
            type: 'function',
            function: {
              name: 'search_products',
              parameters: { type: 'object', properties: { query: { type: 'string' } }, required: ['query'] },
            },
          },
        ],
      });
      expect(decision).toEqual({
        kind: 'tool_calls',
        calls: [{ name: 'search_products', arguments: JSON.stringify({ query: 'tenis negro 27' }) }],
        spoiled: false,
      });
    });

    it.each([
      ['hola', /^¡Hola! Soy el asistente de la tienda: pregúntame por productos/],
      ['hello', /^Hi! I'm the shop's assistant: ask me about products/],
      ['muchas gracias', /^¡Con gusto! ¿Te ayudo con algo más\?$/],
      ['thanks!', /^You're welcome! Anything else/],
    ])('should answer "%s" with a short offer of help, no tool', (text, expected) => {
      expect(answerOf(salesPolicy(request([user(text)])))).toMatch(expected);
    });

    it.each<[string, ToolName[]]>([
      ['¿tienen tenis negros?', ['shop_info']],
      ['¿a qué hora abren?', ['search_products']],
      ['quiero un agente', ['search_products']],
    ])('should answer "%s" with text when the tools it needs are not offered (%j)', (text, offered) => {
      expect(salesPolicy(request([user(text)], offered)).kind).toBe('answer');
    });

    it('should only call the tool tool_choice names, and none with tool_choice none', () => {
      const named = {
        ...request([user('me llamo Ana, ¿tienen botas?')]),
        tool_choice: { type: 'function' as const, function: { name: 'search_products' } },
      };
      expect(callsOf(salesPolicy(named))).toEqual([['search_products', { query: 'botas' }]]);
      expect(salesPolicy({ ...named, tool_choice: 'none' }).kind).toBe('answer');
    });
  });

  describe('when tool results came back', () => {
    it('should list up to three products with their prices as the tool wrote them, not the customer words', () => {
      const products = [KAIRO, NOVA, { ...KAIRO, sku: 'A' }, { ...NOVA, sku: 'B', name: 'Cuarto' }];
      const text = answerOf(
        salesPolicy(
          request([
            user('hola, ¿tienen tenis negros?'),
            ...step(['search_products', { query: 'tenis' }, { products, total: 9 }]),
          ]),
        ),
      );
      expect(text).toContain('• Tenis Urbano Kairo (negro) — $1,299.00 MXN');
      expect(text).toContain('• Tenis Runner Nova (negro) — $1,549.50 MXN');
      expect(text).not.toContain('Cuarto');
      expect(text).not.toMatch(/tienen|\b9\b/);
    });

    it('should check the stock of the one product found when the customer gave a size, then answer with units per store', () => {
      const searched = [ask, ...step(['search_products', { query: 'tenis' }, { products: [KAIRO], total: 1 }])];
      expect(callsOf(salesPolicy(request(searched)))).toEqual([['check_stock', { sku: KAIRO.sku, size: '27' }]]);

      const text = answerOf(
        salesPolicy(request([...searched, ...step(['check_stock', { sku: KAIRO.sku, size: '27' }, KAIRO_STOCK])])),
      );
      expect(text).toContain('• Tenis Urbano Kairo (negro) — $1,299.00 MXN\n  Talla 27: Centro 4, Polanco 2');
      expect(text).not.toContain('Monterrey');
    });

    it('should not check stock without check_stock offered, nor for several products', () => {
      const one = [ask, ...step(['search_products', { query: 'tenis' }, { products: [KAIRO], total: 1 }])];
      expect(salesPolicy(request(one, ['search_products'])).kind).toBe('answer');
      const two = [ask, ...step(['search_products', { query: 'tenis' }, { products: [KAIRO, NOVA], total: 2 }])];
      expect(salesPolicy(request(two)).kind).toBe('answer');
    });

    it.each([
      ['an inventory error', { error: 'The inventory cannot be reached right now.' }],
      ['the client error text', 'Error: connect ECONNREFUSED'],
    ])('should say honestly it cannot check the inventory after %s, with no figure', (_what, result) => {
      // The client's error text: a first one is tried again; the second is answered.
      const first = step(['search_products', { query: 'tenis' }, result]);
      const messages =
        typeof result === 'string'
          ? [ask, ...first, ...step(['search_products', { query: 'tenis' }, result])]
          : [ask, ...first];
      const text = answerOf(salesPolicy(request(messages)));
      expect(text).toMatch(/^No puedo consultar el inventario en este momento/);
      expect(text).not.toMatch(/\d/);
    });

    it('should say nothing was found for an empty list, without the customer words', () => {
      const text = answerOf(
        salesPolicy(
          request([
            user('¿tienen unicornios de peluche?'),
            ...step(['search_products', { query: 'unicornios peluche' }, { products: [], total: 0 }]),
          ]),
        ),
      );
      expect(text).toMatch(/^No encontré productos así/);
      expect(text).not.toMatch(/unicornio|peluche/);
    });

    it("should answer with shop_info's lines", () => {
      const lines = ['Lunes a sábado de 10:00 a 20:00', 'Domingo de 11:00 a 18:00'];
      const text = answerOf(
        salesPolicy(
          request([user('¿a qué hora abren?'), ...step(['shop_info', { topic: 'hours' }, { topic: 'hours', lines }])]),
        ),
      );
      expect(text).toBe(lines.join('\n'));
    });

    it('should answer parallel calls together: the greeting and the products', () => {
      const text = answerOf(
        salesPolicy(
          request([
            user('me llamo Ana, ¿tienen tenis?'),
            ...step(
              ['remember_customer_fact', { key: 'name', value: 'Ana' }, { saved: true }],
              ['search_products', { query: 'tenis' }, { products: [KAIRO, NOVA], total: 2 }],
            ),
          ]),
        ),
      );
      expect(text).toMatch(/^¡Mucho gusto, Ana!\n\nEsto encontré:\n• Tenis Urbano Kairo/);
    });

    it('should say the handoff happened', () => {
      const text = answerOf(
        salesPolicy(request([user('un agente'), ...step(['request_human_agent', { reason: 'x' }, { handoff: true }])])),
      );
      expect(text).toMatch(/persona de la tienda/);
    });

    it('should answer in English to an English customer', () => {
      const text = answerOf(
        salesPolicy(
          request([
            user('do you have black sneakers?'),
            ...step(['search_products', { query: 'sneakers' }, { products: [KAIRO], total: 1 }]),
          ]),
        ),
      );
      expect(text).toMatch(/^Here is what I found:\n• Tenis Urbano Kairo \(negro\) — \$1,299.00 MXN/);
    });

    it('should try a refused call once more with valid arguments, then answer from its result', () => {
      const refused = [
        ask,
        ...step([
          'search_products',
          { query: 12345 },
          'Invalid input for tool search_products: Type validation failed',
        ]),
      ];
      expect(callsOf(salesPolicy(request(refused)))).toEqual([
        ['search_products', { query: 'tenis', colour: 'negro', size: '27' }],
      ]);
      const retried = [
        ...refused,
        ...step(['search_products', { query: 'tenis' }, { products: [KAIRO, NOVA], total: 2 }]),
      ];
      const text = answerOf(salesPolicy(request(retried)));
      expect(text).toContain('$1,299.00 MXN');
      expect(text).not.toMatch(/No puedo/);
    });

    it("should answer again from this turn's results after the api's own review", () => {
      const messages = [
        ask,
        ...step(['search_products', { query: 'tenis' }, { products: [KAIRO, NOVA], total: 2 }]),
        assistant('Tenemos Kairo a $1,399.00 MXN'),
        user('Revisión automática de la tienda (no es del cliente): tu respuesta dice "$1,399.00 MXN"…'),
      ];
      const text = answerOf(salesPolicy(request(messages)));
      expect(text).toContain('$1,299.00 MXN');
      expect(text).not.toContain('$1,399.00');
    });
  });

  describe('when no tools are offered', () => {
    it("should summarise the customer's messages, without figures", () => {
      const decision = salesPolicy({
        model: 'm',
        messages: [
          { role: 'system', content: 'Resume una conversación de ventas por WhatsApp. Máximo 5 líneas, en español.' },
          user(
            'Resumen hasta ahora:\nResumen: el cliente preguntó por sandalias.\n\nMensajes nuevos:\nCliente: hola, ¿tienen tenis negros talla 27?\nTienda: Tenemos Kairo a $1,299.00 MXN.\nCliente: ¿y botas?',
          ),
        ],
      });
      expect(decision).toEqual({
        kind: 'answer',
        text: 'Resumen: el cliente preguntó por sandalias; tenis negros talla 27; botas.',
        misquoted: false,
      });
    });
  });

  describe('with faults', () => {
    it('should give the first call arguments its schema refuses', () => {
      const decision = salesPolicy(request([user('¿tienen tenis negros?')]), { spoilArguments: true });
      expect(decision.kind === 'tool_calls' && decision.spoiled).toBe(true);
      const [call] = decision.kind === 'tool_calls' ? decision.calls : [];
      expect(TOOLS.search_products.safeParse(JSON.parse(call.arguments)).success).toBe(false);
    });

    it('should send broken JSON when the schema has no string to spoil', () => {
      const decision = salesPolicy(
        {
          model: 'm',
          messages: [user('¿tienen tenis?')],
          tools: [
            { type: 'function', function: { name: 'search_products', parameters: { type: 'object', properties: {} } } },
          ],
        },
        { spoilArguments: true },
      );
      expect(decision).toEqual({
        kind: 'tool_calls',
        calls: [{ name: 'search_products', arguments: '{' }],
        spoiled: true,
      });
    });

    it('should leave the arguments alone when there is no call to make', () => {
      expect(salesPolicy(request([user('gracias')]), { spoilArguments: true })).toMatchObject({ kind: 'answer' });
    });

    it('should quote a price no tool returned, in the same format', () => {
      const decision = salesPolicy(
        request([ask, ...step(['search_products', { query: 'tenis' }, { products: [KAIRO, NOVA], total: 2 }])]),
        { misquotePrice: true },
      );
      const text = answerOf(decision);
      expect(decision).toMatchObject({ misquoted: true });
      expect(text).toContain('• Tenis Urbano Kairo (negro) — $1,399.00 MXN');
      expect(text).not.toContain('$1,299.00');
      expect(text).toContain('$1,549.50 MXN');
    });

    it('should leave an answer without prices alone', () => {
      const decision = salesPolicy(
        request([
          user('¿a qué hora abren?'),
          ...step(['shop_info', { topic: 'hours' }, { topic: 'hours', lines: ['10 a 20'] }]),
        ]),
        { misquotePrice: true },
      );
      expect(decision).toMatchObject({ kind: 'answer', misquoted: false });
    });
  });
});
