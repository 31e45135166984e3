// @nlpjs ships no types; this declares the part of its API the intent detector uses.
declare module '@nlpjs/nlp' {
  export interface NlpClassification {
    intent: string;
    score: number;
  }

  export interface NlpClassifyResult {
    locale: string;
    intent: string;
    score: number;
    classifications: NlpClassification[];
  }

  /** Where NLP.js keeps its parts (`tokenizer-es`, `stemmer-en`, …) by name. */
  export interface NlpContainer {
    get(name: string): unknown;
  }

  export class Nlp {
    constructor(settings?: Record<string, unknown>);
    container: NlpContainer;
    use(plugin: unknown): void;
    addLanguage(locales: string | string[]): void;
    addDocument(locale: string, utterance: string, intent: string): void;
    train(): Promise<unknown>;
    classify(locale: string, utterance: string): Promise<NlpClassifyResult>;
  }
}

declare module '@nlpjs/lang-es' {
  export const LangEs: unknown;
}

declare module '@nlpjs/lang-en' {
  export const LangEn: unknown;
}
