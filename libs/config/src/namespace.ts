import type { z } from 'zod';

export type NodeEnv = 'development' | 'test' | 'production';

/** What a namespace's `build` may see and say besides its own variables. */
export interface BuildContext {
  nodeEnv: NodeEnv;
  /** A problem that needs more than one variable (or NODE_ENV) to see. */
  problem(variable: string, message: string): void;
  /** Records that a secret fell back to its development value, so the start can say so. */
  developmentDefault(variable: string): void;
  /**
   * The raw environment, for a default that follows another namespace's variable (the
   * sandbox URL follows SANDBOX_PORT): parse the value with that variable's own parser.
   */
  env: Readonly<Record<string, string | undefined>>;
}

/**
 * One lib's settings: the environment variables it reads (each described, and listed in
 * `.env.example`) and how they become that lib's typed settings object.
 */
export interface Namespace<Shape extends z.ZodRawShape, Settings> {
  variables: z.ZodObject<Shape>;
  build(env: z.output<z.ZodObject<Shape>>, context: BuildContext): Settings;
}

export function defineNamespace<Shape extends z.ZodRawShape, Settings>(
  namespace: Namespace<Shape, Settings>,
): Namespace<Shape, Settings> {
  return namespace;
}

/**
 * A secret with a development fallback: required in production, otherwise the given value
 * (announced at start so nobody mistakes it for a real secret).
 */
export function secretOrDevelopmentDefault(
  variable: string,
  value: string | undefined,
  developmentValue: string,
  context: BuildContext,
): string {
  if (value !== undefined) return value;
  if (context.nodeEnv === 'production') {
    context.problem(variable, 'is required when NODE_ENV=production');
  } else {
    context.developmentDefault(variable);
  }
  return developmentValue;
}
