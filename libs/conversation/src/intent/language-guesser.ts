import type { Language } from './detection.js';
import type { IntentCorpus } from './intent-corpus.js';
import { replaceEmoji, tokenize } from './text-normaliser.js';

const SPANISH = `el la los las un una unos unas de del que en y o con sin para por pero como cuando donde quien
  es son esta estan tengo tienen tienes hay quiero necesito busco me te se lo le nos mi mis su sus tu muy mas
  hola gracias buenas buenos dias tardes noches porfa favor cuanto cuanta cuantos precio talla numero
  tambien todavia aun ya si no eso ese esa este estos esas esos algo nada todo usted ustedes ellos yo`;
const ENGLISH = `the a an of to in on at for with without and or but how what which who where when why
  is are was were be do does did have has had i you he she it we they me my your our their this that these those
  want need looking any some please thanks thank hello hi hey much many size price available stock
  can could would will just also still yes yeah not`;

/**
 * Spanish or English for a short chat message. Trigram guessers fail on three words, so
 * this counts the words that only one language's vocabulary has (the training corpus plus
 * function words); a tie goes to Spanish, the language of a Mexican shop.
 */
export class LanguageGuesser {
  private readonly onlySpanish: ReadonlySet<string>;
  private readonly onlyEnglish: ReadonlySet<string>;

  constructor(corpus: IntentCorpus) {
    const vocabulary = (language: Language, extra: string): Set<string> =>
      new Set([
        ...extra.split(/\s+/).filter(Boolean),
        ...Object.values(corpus[language]).flatMap((utterances) =>
          utterances.flatMap((utterance) => tokenize(replaceEmoji(utterance, language))),
        ),
      ]);
    const spanish = vocabulary('es', SPANISH);
    const english = vocabulary('en', ENGLISH);
    this.onlySpanish = new Set([...spanish].filter((word) => !english.has(word) && !/^\d/.test(word)));
    this.onlyEnglish = new Set([...english].filter((word) => !spanish.has(word) && !/^\d/.test(word)));
  }

  /** `tokens` as `tokenize` gives them, emoji already removed. */
  guess(tokens: readonly string[]): Language {
    let spanish = 0;
    let english = 0;
    for (const token of tokens) {
      if (this.onlySpanish.has(token)) spanish += 1;
      else if (this.onlyEnglish.has(token)) english += 1;
    }
    return english > spanish ? 'en' : 'es';
  }
}
