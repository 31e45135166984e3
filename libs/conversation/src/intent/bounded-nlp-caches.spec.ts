import { LangEn } from '@nlpjs/lang-en';
import { LangEs } from '@nlpjs/lang-es';
import { Nlp } from '@nlpjs/nlp';
import { boundNlpCaches } from './bounded-nlp-caches.js';

async function trained(bounded: boolean) {
  const nlp = new Nlp({ languages: ['es', 'en'], autoSave: false, autoLoad: false, nlu: { log: false } });
  nlp.use(LangEs);
  nlp.use(LangEn);
  const sizes = bounded ? boundNlpCaches(nlp, { texts: 20, words: 30, ttlMs: 3_600_000 }) : undefined;
  for (const [language, text, intent] of [
    ['es', 'hola buenas tardes', 'greeting'],
    ['es', 'cuánto cuestan los tenis', 'price'],
    ['en', 'hello there', 'greeting'],
    ['en', 'how much are the boots', 'price'],
  ]) {
    nlp.addDocument(language, text, intent);
  }
  await nlp.train();
  return { nlp, sizes };
}

/** Distinct messages, each with words of its own, as a day of customers writes them. */
const messages = Array.from({ length: 300 }, (_, i) => `hola cuánto cuestan los tenis modelo${i} color${i}`);

describe(boundNlpCaches.name, () => {
  it('should keep at most the configured texts and words however many distinct messages come', async () => {
    const { nlp, sizes } = await trained(true);
    for (const text of messages) await nlp.classify('es', text);

    expect(sizes!().es).toEqual({ texts: 20, words: 30 });
    const own = (name: string) => nlp.container.get(name) as { cache?: Record<string, unknown> };
    // NLP.js's own memo: never filled by tokenizing, and emptied on every stemming miss.
    expect(own('tokenizer-es').cache).toBeUndefined();
    expect(Object.keys(own('stemmer-es').cache ?? {}).length).toBeLessThanOrEqual(1);
  }, 15_000);

  it('should classify exactly as NLP.js does with its own caches', async () => {
    const [bounded, unbounded] = await Promise.all([trained(true), trained(false)]);
    for (const text of [...messages.slice(0, 50), 'hello friend', 'how much is it', ...messages.slice(0, 50)]) {
      const language = /^h(ello|ow)/.test(text) ? 'en' : 'es';
      expect((await bounded.nlp.classify(language, text)).classifications).toEqual(
        (await unbounded.nlp.classify(language, text)).classifications,
      );
    }
  }, 15_000);
});
