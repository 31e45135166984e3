import { formatMoney } from '@mostrador/inventory';
import { readCatalogueFile } from '../../apps/sandbox/src/inventory/catalogue.js';
import { lastToolResults, ScriptedLlm } from '../support/scripted-llm.js';
import { type SentToCustomer, type Stack, startStack, until } from '../support/stack.js';
import { customerPhone } from '../whatsapp/meta-webhooks.js';

const catalogue = readCatalogueFile();
type CatalogueProduct = (typeof catalogue.products)[number];
const bySku = new Map(catalogue.products.map((p) => [p.sku, p]));
const product = (sku: string) => bySku.get(sku)!;
const price = (p: CatalogueProduct) => Number(p.price);
const money = (amount: number) => formatMoney({ amount: amount.toFixed(2), currency: catalogue.currency });
const KIDS = new Set(['Niño', 'Niña']);
const adults = catalogue.products.filter((p) => !KIDS.has(p.gender));
/** Units of a product in one size, per store id, from the catalogue file. */
const unitsOf = (p: CatalogueProduct, size: string) =>
  Object.fromEntries(Object.entries(p.stock).map(([store, units]) => [store, units[p.sizes.indexOf(size)]]));
const storeId = (name: string) => catalogue.stores.find((s) => s.name === name)!.id;

interface Choice {
  id: string;
  title: string;
  description?: string;
}

function choices(message: SentToCustomer): Choice[] {
  const interactive = (
    message.payload as { interactive?: { action: { buttons?: { reply: Choice }[]; sections?: { rows: Choice[] }[] } } }
  ).interactive;
  return [
    ...(interactive?.action.buttons?.map((b) => b.reply) ?? []),
    ...(interactive?.action.sections?.flatMap((s) => s.rows) ?? []),
  ];
}

/** Everything the customer reads: texts, bodies, buttons and rows. */
function readable(messages: SentToCustomer[]): string {
  return messages
    .map((m) => {
      const p = m.payload as { text?: { body: string }; interactive?: { body: { text: string } } };
      const rows = choices(m).map((c) => `${c.title} ${c.description ?? ''}`);
      return [p.text?.body ?? p.interactive?.body.text ?? '', ...rows].join('\n');
    })
    .join('\n');
}

/** The products a reply offers (its rows and buttons name them by SKU), in order, each once. */
function offered(messages: SentToCustomer[]): CatalogueProduct[] {
  const skus = messages
    .flatMap(choices)
    .map((c) => /^m1:(?:details|stock|colors|buy):(.+)$/.exec(c.id)?.[1])
    .filter((sku): sku is string => sku !== undefined);
  return [...new Set(skus)].map(product);
}

const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
const wordsOf = (text: string) => fold(text).match(/[a-z0-9]+/g) ?? [];
const NAMES = catalogue.products.map((p) => ` ${wordsOf(p.name).join(' ')} `);
/** From this many words a message is long: no four of its words in a row come back in a reply. */
const LONG_MESSAGE = 8;

/**
 * Four consecutive words of what the customer wrote that the reply repeats — apart from a
 * product name the inventory returned, which a reply may always say.
 */
function echoes(said: string, reply: string): string[] {
  const words = wordsOf(said);
  const text = ` ${wordsOf(reply).join(' ')} `;
  const found: string[] = [];
  for (let i = 0; i + 4 <= words.length; i += 1) {
    const gram = ` ${words.slice(i, i + 4).join(' ')} `;
    if (text.includes(gram) && !NAMES.some((name) => name.includes(gram))) found.push(gram.trim());
  }
  return found;
}

/** One customer over WhatsApp: each message (or tap) waits for its answer, and gets the new replies. */
class Customer {
  readonly phone = customerPhone();
  private inbound = 0;
  private seen = 0;

  constructor(private readonly stack: Stack) {}

  async say(text: string): Promise<SentToCustomer[]> {
    this.inbound += 1;
    await this.stack.say(this.phone, text);
    const replies = await this.replies();
    // Never echo: a reply says what was recognised, it does not repeat what a customer wrote.
    if (wordsOf(text).length >= LONG_MESSAGE) expect(echoes(text, readable(replies))).toEqual([]);
    return replies;
  }

  async tap(message: SentToCustomer, choice: Choice): Promise<SentToCustomer[]> {
    this.inbound += 1;
    const kind = (message.payload as { interactive: { type: string } }).interactive.type;
    await this.stack.tap(this.phone, {
      type: kind === 'list' ? 'list_reply' : 'button_reply',
      id: choice.id,
      title: choice.title,
      context: message.wamid,
    });
    return this.replies();
  }

  private async replies(): Promise<SentToCustomer[]> {
    await until(async () => {
      const inbound = (await this.stack.storedFor(this.phone)).filter((m) => m.direction === 'inbound');
      const done = inbound.length === this.inbound && inbound.every((m) => m.status === 'answered');
      return done && (await this.stack.isIdle(this.phone)) ? true : undefined;
    }, `${this.inbound} answered messages from ${this.phone}`);
    const all = await this.stack.sentTo(this.phone);
    const fresh = all.slice(this.seen);
    this.seen = all.length;
    expect(fresh.length).toBeGreaterThan(0);
    return fresh;
  }
}

/**
 * Search that understands shoppers, end to end over HTTP: prices, order, totals, the words
 * customers use for things, whose models, US sizes, a size kept across taps — every figure
 * checked against the catalogue file, and no reply repeating the customer's words.
 */
/** The reply states `units` in the store: "• Polanco (Ciudad de México): 2 piezas", or none there. */
function expectUnitsIn(reply: string, store: string, units: number): void {
  if (units === 0) expect(reply).toMatch(/no tenemos .* en ninguna tienda/);
  else expect(reply).toMatch(new RegExp(`• ${store} \\([^)]+\\): ${units} piezas?$`, 'm'));
}

describe('shopper search, end to end', () => {
  describe('with the rule-based assistant', () => {
    let stack: Stack;
    const customer = () => new Customer(stack);

    beforeAll(async () => {
      stack = await startStack();
    }, 120_000);
    afterAll(() => stack?.close(), 60_000);

    describe('price ceilings and floors', () => {
      it.each<[string, { max?: number; min?: number; category?: string }]>([
        ['algo para correr de menos de 1000 pesos', { max: 1000 }],
        ['tenis de menos de mil', { max: 1000, category: 'Tenis' }],
        ['playeras hasta 300', { max: 300, category: 'Playeras' }],
        ['sudaderas de máximo 1k', { max: 1000, category: 'Sudaderas' }],
        ['huaraches hasta $700', { max: 700, category: 'Huaraches' }],
        ['zapatos de menos de 1,200', { max: 1200, category: 'Zapatos' }],
        ['chamarras entre 500 y 1000', { min: 500, max: 1000, category: 'Chamarras' }],
        ['botas de más de 2000', { min: 2000, category: 'Botas' }],
      ])(
        'should show only products within "%s"',
        async (text, range) => {
          const shown = offered(await customer().say(text));
          expect(shown.length).toBeGreaterThan(0);
          for (const p of shown) {
            expect(price(p)).toBeLessThanOrEqual(range.max ?? Infinity);
            expect(price(p)).toBeGreaterThanOrEqual(range.min ?? 0);
            if (range.category) expect(p.category).toBe(range.category);
          }
        },
        60_000,
      );

      it('should say what the cheapest is when nothing is under the ceiling, and quote nothing else', async () => {
        const replies = await customer().say('¿tienen botas de menos de 300 pesos?');
        const cheapest = Math.min(...adults.filter((p) => p.category === 'Botas').map(price));
        expect(readable(replies)).toContain(money(cheapest));
        expect(readable(replies).match(/\$[\d,]+\.\d{2}/g)).toEqual([money(cheapest).replace(/ MXN$/, '')]);
      }, 60_000);
    });

    describe('sorting by price', () => {
      it('should list "tenis baratos" cheapest first, from the cheapest adult pair', async () => {
        const shown = offered(await customer().say('tenis baratos'));
        expect(shown.map(price)).toEqual([...shown.map(price)].sort((a, b) => a - b));
        expect(price(shown[0])).toBe(Math.min(...adults.filter((p) => p.category === 'Tenis').map(price)));
      }, 60_000);

      it('should answer "¿cuál es más barato?" about the search just shown', async () => {
        const ana = customer();
        await ana.say('busco chamarras');
        const [card] = offered(await ana.say('¿cuál es más barato?'));
        expect(price(card)).toBe(Math.min(...adults.filter((p) => p.category === 'Chamarras').map(price)));
      }, 60_000);

      it('should answer "el más caro" of a search', async () => {
        const [card] = offered(await customer().say('el más caro de las botas'));
        expect(price(card)).toBe(Math.max(...adults.filter((p) => p.category === 'Botas').map(price)));
      }, 60_000);
    });

    describe('totals', () => {
      it('should total "2 playeras M" at the catalogue price, with the stock of size M', async () => {
        const text = readable(await customer().say('2 playeras M, ¿cuánto es en total?'));
        const lines = [
          ...text.matchAll(/^\d+\. (.+) — (\w+) — 2 × (\$[\d,.]+ MXN) = (\$[\d,.]+ MXN) — (\d+) piezas? \(.*\)$/gm),
        ];
        expect(lines.length).toBeGreaterThan(0);
        for (const [, name, colour, unit, total, units] of lines) {
          const p = catalogue.products.find((c) => c.name === name && c.color === colour)!;
          expect(p.category).toBe('Playeras');
          expect(unit).toBe(money(price(p)));
          expect(total).toBe(money(price(p) * 2));
          const inM = Object.values(unitsOf(p, 'M')).reduce((sum, n) => sum + n, 0);
          expect(Number(units)).toBe(inM);
        }
      }, 60_000);

      it('should answer "¿descuento por 3?" with the listed total, no discount, and a person to ask', async () => {
        const ana = customer();
        const [basic] = offered(await ana.say('playera básica algodón negra'));
        const replies = await ana.say('¿me hace descuento por 3?');
        const text = readable(replies);
        expect(text).toContain(`3 × ${money(price(basic))} = ${money(price(basic) * 3)}`);
        expect(text).toMatch(/No tenemos descuentos/);
        expect(text).not.toMatch(/\d+ ?%/);
        // Only the unit price and the total: no other amount.
        const amounts = new Set(text.match(/\$[\d,]+\.\d{2}/g));
        expect([...amounts].sort()).toEqual(
          [money(price(basic)), money(price(basic) * 3)].map((m) => m.split(' ')[0]).sort(),
        );
        expect(replies.flatMap(choices).map((c) => c.id)).toContain('m1:agent');
      }, 60_000);
    });

    describe('the words shoppers use', () => {
      it.each<[string, string[]]>([
        ['¿tienen chaquetas?', ['Chamarras']],
        ['quiero ver pants', ['Pantalones']],
        ['¿manejan shorts?', ['Shorts']],
        ['una sudadera', ['Sudaderas']],
        ['algo abrigador', ['Chamarras', 'Sudaderas']],
      ])(
        'should read "%s" as %j',
        async (text, categories) => {
          const shown = offered(await customer().say(text));
          expect(new Set(shown.map((p) => p.category))).toEqual(new Set(categories));
        },
        60_000,
      );

      it('should find running shoes for "tenis para correr"', async () => {
        const shown = offered(await customer().say('tenis para correr'));
        expect(shown.length).toBeGreaterThan(0);
        for (const p of shown) expect(p).toMatchObject({ category: 'Tenis', name: expect.stringMatching(/Correr/) });
      }, 60_000);

      it('should find the backpacks for "mochila"', async () => {
        const [first] = offered(await customer().say('¿tienen mochila?'));
        expect(first.name).toMatch(/Mochila/);
      }, 60_000);

      it('should say it has no swimwear, without repeating the words, and offer the categories', async () => {
        const replies = await customer().say('¿tienen trajes de baño?');
        expect(readable(replies)).toMatch(/^No encontré eso en nuestro catálogo/);
        expect(readable(replies)).not.toMatch(/traje|baño/i);
        expect(replies.flatMap(choices).map((c) => c.id)).toEqual(['m1:categories']);
      }, 60_000);

      it.each([
        'Hola buenas tardes, quisiera saber si tienen trajes de baño para toda la familia porque nos vamos a la playa',
        'Oiga disculpe, le escribo porque ando buscando unos zapatos de astronauta para una fiesta de disfraces',
        'Buenas noches, mire, fíjese que mi esposa quiere unas botas vaqueras rojas pero de menos de mil pesos',
        'Hello there, I am looking for some comfortable running shoes for my daughter who is starting school',
        'Qué tal, quería ver si de casualidad manejan sombreros de charro o algo parecido para mi papá',
      ])(
        'should not repeat four words in a row of "%s"',
        async (said) => {
          const replies = await customer().say(said);
          expect(echoes(said, readable(replies))).toEqual([]);
        },
        60_000,
      );

      it('should search past the talk around a product, and for the son it names', async () => {
        const said =
          'Buenas tardes joven, mire, fíjese que le escribo porque mi hijo va a entrar a la secundaria y necesita unos tenis negros';
        const replies = await customer().say(said);
        expect(readable(replies)).not.toMatch(/No encontré/);
        const shown = offered(replies);
        expect(shown.length).toBeGreaterThan(0);
        for (const p of shown) expect(p).toMatchObject({ gender: 'Niño', color: 'negro', category: 'Tenis' });
      }, 60_000);
    });

    describe('US and Mexican shoe sizes', () => {
      it.each<[string, string]>([
        ['¿tienen tenis negros talla 9 US?', '27'],
        ['black sneakers size 9', '27'],
        ['botas 8 americano', '26'],
        ['tenis de mujer talla 7 US', '24'],
      ])(
        'should look "%s" up as Mexican size %s',
        async (text, size) => {
          const replies = await customer().say(text);
          expect(readable(replies)).toContain(size);
          const shown = offered(replies);
          expect(shown.length).toBeGreaterThan(0);
          for (const p of shown) expect(p.sizes).toContain(size);
        },
        60_000,
      );
    });

    describe("kids' and adults' models", () => {
      it.each<[string, string[]]>([
        ['tenis para mi hijo', ['Niño']],
        ['tenis para mi hija', ['Niña']],
        ['¿tienen tenis de niño?', ['Niño']],
        ['for my son, sneakers', ['Niño']],
        ['chamarras para niños', ['Niño', 'Niña']],
      ])(
        'should show only kids\' models for "%s"',
        async (text, genders) => {
          const shown = offered(await customer().say(text));
          expect(shown.length).toBeGreaterThan(0);
          for (const p of shown) expect(genders).toContain(p.gender);
        },
        60_000,
      );

      it.each(['busco tenis', '¿tienen tenis blancos?', 'playeras', 'sandalias baratas'])(
        'should never show kids\' models to an adult asking plainly: "%s"',
        async (text) => {
          const shown = offered(await customer().say(text));
          expect(shown.length).toBeGreaterThan(0);
          for (const p of shown) expect(KIDS.has(p.gender)).toBe(false);
        },
        60_000,
      );
    });

    describe('a size kept across taps and follow-ups', () => {
      it('should answer for size 27 in Polanco after a tap on a product of "tenis negros talla 27"', async () => {
        const ana = customer();
        const listed = await ana.say('¿tienen tenis negros talla 27?');
        const list = listed.find((m) => choices(m).length > 1)!;
        const row = choices(list)[0];
        const tapped = product(/^m1:stock:(.+)$/.exec(row.id)![1]);
        const afterTap = readable(await ana.tap(list, row));
        const units27 = unitsOf(tapped, '27');
        const total27 = Object.values(units27).reduce((sum, n) => sum + n, 0);
        expect(afterTap).toContain(`talla 27: ${total27} pieza`);

        const polanco = readable(await ana.say('¿cuántos hay en Polanco?'));
        expect(polanco).toContain(`${tapped.name} ${tapped.color} talla 27`);
        expectUnitsIn(polanco, 'Polanco', units27[storeId('Polanco')]);
      }, 90_000);

      it('should keep the size for "el segundo" then "¿y en Polanco?"', async () => {
        const ana = customer();
        const listed = await ana.say('¿tienen botas cafés talla 27?');
        const second = offered(listed)[1];
        await ana.say('el segundo');
        const polanco = readable(await ana.say('¿y en Polanco?'));
        expect(polanco).toContain(`${second.name} ${second.color} talla 27`);
        expectUnitsIn(polanco, 'Polanco', unitsOf(second, '27')[storeId('Polanco')]);
      }, 90_000);
    });
  });

  describe('with the rule-based assistant: follow-ups, own sizes and everyday words', () => {
    let stack: Stack;
    const customer = () => new Customer(stack);
    /** Units of a product in a size, in all stores. */
    const unitsIn = (p: CatalogueProduct, size: string) => Object.values(unitsOf(p, size)).reduce((a, n) => a + n, 0);

    beforeAll(async () => {
      stack = await startStack();
    }, 120_000);
    afterAll(() => stack?.close(), 60_000);

    it("should look in the customer's own clothing size, and not for their child", async () => {
      const lupe = customer();
      await lupe.say('hola, soy Lupita, mi talla es G');
      const replies = await lupe.say('quiero ver camisas');
      expect(readable(replies)).toContain('talla G');
      const shown = offered(replies);
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) expect(unitsIn(p, 'G')).toBeGreaterThan(0);

      const forSon = await lupe.say('¿y para mi hijo?');
      expect(readable(forSon)).not.toContain('talla G');
      for (const p of offered(forSon)) expect(p.gender).toBe('Niño');
    }, 90_000);

    it("should look in the customer's own shoe size in a later search", async () => {
      const beto = customer();
      await beto.say('buenas, calzo del 26');
      const shown = offered(await beto.say('¿qué botas tienen?'));
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) {
        expect(p.category).toBe('Botas');
        expect(unitsIn(p, '26')).toBeGreaterThan(0);
      }
    }, 90_000);

    it('should pick one of the products just shown by a word of its name, then its other colour', async () => {
      const ana = customer();
      await ana.say('busco blusas negras');
      const picked = await ana.say('la de gasa');
      const gasa = product('BLU-0003-NEG');
      expect(offered(picked).map((p) => p.sku)).toEqual([gasa.sku]);
      expect(readable(picked)).toContain(money(price(gasa)));

      const white = offered(await ana.say('¿y en blanco?'));
      expect(white.map((p) => p.sku)).toEqual(['BLU-0003-BLA']);
    }, 90_000);

    it('should search the kind when what qualifies it names nothing of that kind', async () => {
      const shown = offered(await customer().say('busco zapatos de vestir cafés'));
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) expect(p).toMatchObject({ category: 'Zapatos', color: 'café' });
    }, 60_000);

    it('should read a day as when the product is for, not as a question about the hours', async () => {
      const replies = await customer().say('quiero un vestido negro para una fiesta el domingo');
      expect(readable(replies)).not.toMatch(/Abrimos|horario/i);
      const shown = offered(replies);
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) expect(p).toMatchObject({ category: 'Vestidos', color: 'negro' });
    }, 60_000);

    it('should search past a long message for the product it names, its colour and size', async () => {
      const said =
        'Buenas tardes, fíjese que busco unos tenis para mi esposo que sean grises porque trabaja de pie todo el día, calza del 28';
      const shown = offered(await customer().say(said));
      expect(shown.length).toBeGreaterThan(1);
      for (const p of shown) {
        expect(p).toMatchObject({ category: 'Tenis', color: 'gris' });
        expect(['Hombre', 'Unisex']).toContain(p.gender);
        expect(unitsIn(p, '28')).toBeGreaterThan(0);
      }
    }, 60_000);

    it('should show adults\' models again for "para mí" after a child\'s search', async () => {
      const gaby = customer();
      await gaby.say('tenis para mi hija del 19');
      const shown = offered(await gaby.say('y para mí unos negros del 25'));
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) {
        expect(KIDS.has(p.gender)).toBe(false);
        expect(p).toMatchObject({ category: 'Tenis', color: 'negro' });
        expect(unitsIn(p, '25')).toBeGreaterThan(0);
      }
    }, 90_000);

    it('should read English product words, and "which stores have them" as their stock', async () => {
      const canvas = offered(await customer().say('do you have canvas sneakers in red?'));
      expect(canvas.length).toBeGreaterThan(0);
      for (const p of canvas)
        expect(p).toMatchObject({ category: 'Tenis', color: 'rojo', name: expect.stringMatching(/Lona/) });

      const tom = customer();
      const walking = offered(await tom.say('walking shoes for my husband'));
      expect(walking.length).toBeGreaterThan(0);
      for (const p of walking) expect(p).toMatchObject({ category: 'Tenis', name: expect.stringMatching(/Caminar/) });
      const stores = offered(await tom.say('which stores have them in size 28?'));
      expect(stores.length).toBeGreaterThan(0);
      for (const p of stores) {
        expect(p.name).toMatch(/Caminar/);
        expect(unitsIn(p, '28')).toBeGreaterThan(0);
      }
    }, 90_000);

    it('should search a kind said among greetings, slang and filler', async () => {
      const caps = offered(await customer().say('buenass, neta tienen cachuchas?'));
      expect(caps.length).toBeGreaterThan(0);
      for (const p of caps) expect(p.category).toBe('Gorras');
      const hoodies = offered(await customer().say('hey u guys got any hoodies?'));
      expect(hoodies.length).toBeGreaterThan(0);
      for (const p of hoodies) expect(p.category).toBe('Sudaderas');
      const canvas = offered(await customer().say('ocupo unos converse'));
      expect(canvas.length).toBeGreaterThan(0);
      for (const p of canvas) expect(p.name).toMatch(/Lona/);
    }, 90_000);

    it('should show what a budget buys without a kind, and raise it on a follow-up', async () => {
      const ana = customer();
      const first = offered(await ana.say('traigo 400 pesos, que me recomiendas pa mi hermano'));
      expect(first.length).toBeGreaterThan(0);
      for (const p of first) expect(price(p)).toBeLessThanOrEqual(400);
      const raised = offered(await ana.say('y hasta 700?'));
      expect(raised.length).toBeGreaterThan(0);
      for (const p of raised) expect(price(p)).toBeLessThanOrEqual(700);
    }, 90_000);

    it('should refine the kind shown by a material, and re-run it for another audience', async () => {
      const rita = customer();
      await rita.say('quiero ver chamarras');
      const denim = offered(await rita.say('y de mezclilla?'));
      expect(denim.length).toBeGreaterThan(0);
      for (const p of denim) expect(p.name).toBe('Chamarra de Mezclilla');

      const leo = customer();
      await leo.say('tienen shorts?');
      const mens = offered(await leo.say('y de caballero?'));
      expect(mens.length).toBeGreaterThan(0);
      for (const p of mens) expect(['Hombre', 'Unisex']).toContain(p.gender);
    }, 90_000);

    it("should convert a US size for women's shoes, never for a child's clothes", async () => {
      const boots = await customer().say('busco botines de dama talla 6 americana');
      expect(readable(boots)).toMatch(/6.*≈ 23/);
      for (const p of offered(boots)) expect(p.sizes).toContain('23');

      const sara = customer();
      await sara.say('una sudadera para mi niña');
      expect(readable(await sara.say('tienen talla 10 us?'))).not.toMatch(/≈/);
    }, 90_000);

    it('should answer about the one store named: its address, its own hours', async () => {
      const address = readable(await customer().say('y donde queda la de monterrey?'));
      expect(address).toContain('Calz. del Valle');
      expect(address).not.toContain('Chapultepec');
      const hours = readable(await customer().say('what time does the polanco store close on weekdays?'));
      expect(hours).toContain('21:00');
      expect(hours).not.toContain('Centro');
    }, 90_000);

    it('should read "aparte de…" as asking for the other categories', async () => {
      const text = readable(await customer().say('aparte de tenis, qué más manejan?'));
      expect(text).toMatch(/categorías/);
      expect(text).toMatch(/Playeras/);
    }, 60_000);

    it('should read Mexican "pants" as joggers, and a two-word name as that product', async () => {
      const pants = offered(await customer().say('tienen pants grises?'));
      expect(pants.length).toBeGreaterThan(0);
      for (const p of pants) expect(p.name).toMatch(/Jogger/);
      const western = offered(await customer().say('quiero la bota vaquera'));
      expect(western.length).toBeGreaterThan(0);
      for (const p of western) expect(p.name).toMatch(/Vaquera/);
    }, 90_000);

    it('should search past words neither the shop nor the catalogue knows', async () => {
      const shown = offered(await customer().say('¿venden sudaderas? son pa un campamento'));
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) expect(p.category).toBe('Sudaderas');
      const boots = offered(await customer().say('busco botines, en gringo soy 9'));
      expect(boots.length).toBeGreaterThan(0);
      for (const p of boots) expect(p.category).toBe('Botas');
    }, 90_000);

    it('should read what a product is for as the kind made for it', async () => {
      const shown = offered(await customer().say('ocupo unos tenis pal gimnasio, que se vean chidos'));
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) expect(p.name).toMatch(/Entrenamiento/);
    }, 60_000);

    it('should leave out what the customer rules out', async () => {
      const shown = offered(await customer().say('busco una bolsa bonita que no sea de piel'));
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) {
        expect(p.category).toBe('Bolsas');
        expect(fold(`${p.name} ${p.description}`)).not.toMatch(/\bpiel\b/);
      }
    }, 60_000);

    it('should show each kind asked for together', async () => {
      const shown = offered(await customer().say('para la boda me faltan un cinturón y unos huaraches, de caballero'));
      expect(new Set(shown.map((p) => p.category))).toEqual(new Set(['Cinturones', 'Huaraches']));
      for (const p of shown) expect(['Hombre', 'Unisex']).toContain(p.gender);
    }, 60_000);

    it("should find a product by a kind's word in its name, and keep to it", async () => {
      const alma = customer();
      const shown = offered(await alma.say('¿tienen botas de lona?'));
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) expect(p.name).toBe('Tenis de Bota Lona');
      const black = offered(await alma.say('negros del 25'));
      expect(black.length).toBeGreaterThan(0);
      for (const p of black) expect(p).toMatchObject({ name: 'Tenis de Bota Lona', color: 'negro' });
    }, 90_000);

    it('should keep to the line shown when the customer names its kind again', async () => {
      const memo = customer();
      const shown = offered(await memo.say('busco botas de trabajo para hombre'));
      expect(shown.length).toBeGreaterThan(0);
      const again = offered(await memo.say('las botas en negro del 27 cuánto salen'));
      expect(again.length).toBeGreaterThan(0);
      for (const p of again) expect(p).toMatchObject({ category: 'Botas', color: 'negro' });
      for (const p of again) expect(p.name).toMatch(/Trabajo/);
    }, 90_000);

    it('should read talk around a colour as about the product shown', async () => {
      const rosa = customer();
      await rosa.say('quiero la bota alta valeria');
      const text = readable(await rosa.say('ah caray, ¿y en café?'));
      expect(text).toContain('Bota Alta Valeria');
      expect(text).toMatch(/café/);
      expect(text).not.toMatch(/No encontré/);
    }, 90_000);

    it('should pick the product shown before when the customer asks for it again', async () => {
      const tere = customer();
      await tere.say('enséñame el mocasín dama camila en rojo');
      const shown = offered(await tere.say('¿sigue habiendo el mocasín que me enseñaste?'));
      expect(shown.map((p) => p.name)).toEqual(['Mocasín Dama Camila']);
    }, 90_000);

    it('should answer for the size a product was looked at in when asked for it again', async () => {
      const nora = customer();
      await nora.say('¿hay mocasín dama camila rojo en 24?');
      const text = readable(await nora.say('¿todavía tienen el mocasín que vi?'));
      expect(text).toContain('Mocasín Dama Camila');
      expect(text).toMatch(/talla 24/);
    }, 90_000);

    it("should search for someone's worn-out product, not hand a complaint over", async () => {
      const text = 'a mi esposo se le rompieron sus botas de tanto usarlas y necesita otras de trabajo, calza 27';
      const replies = await customer().say(text);
      expect(readable(replies)).not.toMatch(/persona de nuestro equipo/);
      const shown = offered(replies);
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) expect(p.name).toMatch(/Trabajo/);
    }, 60_000);

    it("should not offer kids' models to an adult, but the closest adults' kind", async () => {
      const replies = await customer().say('¿tienen botas de lluvia?');
      expect(readable(replies)).toMatch(/modelos infantiles/);
      const shown = offered(replies);
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) expect(p).toMatchObject({ category: 'Botas' });
      for (const p of shown) expect(KIDS.has(p.gender)).toBe(false);
    }, 60_000);

    it('should read a diminutive as the kind, for the child talked about', async () => {
      const lety = customer();
      await lety.say('busco tenis para mi niña');
      const shown = offered(await lety.say('¿y unos huarachitos?'));
      expect(shown.length).toBeGreaterThan(0);
      for (const p of shown) expect(p).toMatchObject({ category: 'Huaraches', gender: 'Niña' });
    }, 90_000);

    it('should answer "¿mandan hasta…?" with the shipping terms', async () => {
      const text = readable(await customer().say('oigan, ¿mandan hasta Tijuana?'));
      expect(text).toMatch(/Envíos/);
      expect(text).toContain('$149');
      expect(text).not.toMatch(/Tijuana/);
    }, 60_000);
  });

  describe('with an LLM: search_products takes the same filters', () => {
    const llm = new ScriptedLlm();
    let stack: Stack;

    beforeAll(async () => {
      await llm.start();
      stack = await startStack({ LLM_BASE_URL: `${llm.url}/v1`, LLM_PROVIDERS: 'compatible', LLM_TIMEOUT_MS: '5000' });
    }, 120_000);
    afterAll(async () => {
      await stack?.close();
      await llm.stop();
    }, 60_000);
    beforeEach(() => llm.reset());

    interface Found {
      products: { sku: string; gender: string; price: string; sizes: string[] }[];
      total: number;
      size_searched?: string;
    }

    /** The customer writes; the model calls search_products with `args`; returns what the tool gave it. */
    async function searched(text: string, args: Record<string, unknown>): Promise<Found> {
      llm.answer({ calls: [{ name: 'search_products', args }] }, { text: 'Te muestro lo que encontré.' });
      await new Customer(stack).say(text);
      const view = llm.requests.find((v) => v.turns.at(-1)?.role === 'tool')!;
      return lastToolResults(view)[0] as Found;
    }

    it.each<[string, Record<string, unknown>, (p: Found['products'][number]) => boolean]>([
      ['tenis para mi hijo', { query: 'tenis', audience: 'boys' }, (p) => p.gender === 'Niño'],
      ['tenis para mi hijo', { query: 'tenis para mi hijo' }, (p) => p.gender === 'Niño'],
      ['busco tenis', { query: 'tenis' }, (p) => !KIDS.has(p.gender)],
      ['algo para correr de menos de 1000 pesos', { query: 'correr', max_price: 1000 }, (p) => Number(p.price) <= 1000],
      [
        'algo para correr de menos de 1000 pesos',
        { query: 'algo para correr de menos de 1000 pesos' },
        (p) => Number(p.price) <= 1000,
      ],
    ])(
      'should apply the filters of "%s" given as %j',
      async (text, args, applies) => {
        const found = await searched(text, args);
        expect(found.products.length).toBeGreaterThan(0);
        for (const p of found.products) expect(applies(p)).toBe(true);
      },
      60_000,
    );

    it('should sort by price when asked', async () => {
      const found = await searched('tenis baratos', { query: 'tenis', sort: 'price_asc' });
      const prices = found.products.map((p) => Number(p.price));
      expect(prices).toEqual([...prices].sort((a, b) => a - b));
      expect(prices[0]).toBe(Math.min(...adults.filter((p) => p.category === 'Tenis').map(price)));
    }, 60_000);

    it('should convert a US size to the Mexican one it searches', async () => {
      const found = await searched('black sneakers size 9', {
        query: 'tenis',
        colour: 'negro',
        size: '9',
        size_system: 'US',
      });
      expect(found.size_searched).toBe('27');
      for (const p of found.products) expect(p.sizes).toContain('27');
    }, 60_000);
  });
});
