import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/** The variables a prompt template may use; anything else in `{{…}}` stops the start. */
export const PROMPT_VARIABLES = [
  'shop_name',
  'shop_description',
  'tone',
  'language',
  'date_time',
  'timezone',
  'intent',
  'policies',
] as const;
export type PromptVariable = (typeof PROMPT_VARIABLES)[number];

const PLACEHOLDER = /\{\{\s*([a-z_]+)\s*\}\}/g;

/**
 * The system prompt the shop shapes (LLM_PROMPT_PATH): its own words, with variables filled
 * from the shop profile and the turn. Only the shop's text and our own values go in here;
 * what customers write and what the inventory answers stay in user and tool messages.
 */
export class SalesPrompt {
  private constructor(
    readonly path: string,
    private readonly template: string,
  ) {}

  /** Reads and checks the template; an unreadable file or an unknown variable is a start-up error naming it. */
  static load(path: string): SalesPrompt {
    const absolute = resolve(path);
    let template: string;
    try {
      template = readFileSync(absolute, 'utf8');
    } catch (error) {
      throw new Error(`Cannot read the prompt template ${absolute} (LLM_PROMPT_PATH): ${(error as Error).message}`, {
        cause: error,
      });
    }
    const unknown = [...template.matchAll(PLACEHOLDER)]
      .map((match) => match[1])
      .filter((name) => !(PROMPT_VARIABLES as readonly string[]).includes(name));
    if (unknown.length > 0) {
      throw new Error(
        `Prompt template ${absolute} (LLM_PROMPT_PATH) uses unknown variables: ${[...new Set(unknown)].join(', ')}; known: ${PROMPT_VARIABLES.join(', ')}`,
      );
    }
    return new SalesPrompt(absolute, template);
  }

  render(values: Record<PromptVariable, string>): string {
    return this.template.replace(PLACEHOLDER, (_match, name: PromptVariable) => values[name]);
  }

  /** The template's own sentences, to tell when a reply repeats them (the prompt is not to be disclosed). */
  get text(): string {
    return this.template;
  }
}
