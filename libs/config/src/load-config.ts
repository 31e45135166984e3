import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
import type { z } from 'zod';
import { namespaces, nodeEnvVariable, type Settings } from './config.schema.js';
import type { BuildContext, NodeEnv } from './namespace.js';

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Thrown when settings are bad: lists every problem by variable name, never a value. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly ConfigProblem[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n` +
        problems.map((p) => `  - ${p.variable} ${p.message}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}

export type Environment = Readonly<Record<string, string | undefined>>;

/**
 * Parses every namespace against `env` and collects all problems before failing, so one
 * start tells the operator everything that is wrong.
 */
export function parseSettings(env: Environment): Settings {
  const problems: ConfigProblem[] = [];
  const developmentDefaults: string[] = [];

  const nodeEnvResult = nodeEnvVariable.safeParse(env.NODE_ENV);
  if (!nodeEnvResult.success) problems.push(...toProblems(nodeEnvResult.error, 'NODE_ENV'));
  const nodeEnv: NodeEnv = (nodeEnvResult.success ? nodeEnvResult.data : undefined) ?? 'development';

  const context: BuildContext = {
    nodeEnv,
    problem: (variable, message) => {
      if (!problems.some((p) => p.variable === variable)) problems.push({ variable, message });
    },
    developmentDefault: (variable) => developmentDefaults.push(variable),
    env,
  };

  const built: Record<string, unknown> = {};
  for (const [key, namespace] of Object.entries(namespaces)) {
    // Variable by variable, so that one bad value does not hide the namespace's other
    // checks (a production requirement, say): a bad value counts as unset for those.
    const values: Record<string, unknown> = {};
    for (const [variable, schema] of Object.entries(namespace.variables.shape)) {
      const result = schema.safeParse(env[variable]);
      if (result.success) values[variable] = result.data;
      else problems.push(...toProblems(result.error, variable));
    }
    // Each namespace's build accepts exactly the output of its own schema.
    built[key] = (namespace.build as (e: unknown, c: BuildContext) => unknown)(values, context);
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return { ...(built as Omit<Settings, 'nodeEnv' | 'developmentDefaults'>), nodeEnv, developmentDefaults };
}

function toProblems(error: z.ZodError, variable?: string): ConfigProblem[] {
  return error.issues.map((issue) => ({
    variable: variable ?? String(issue.path[0] ?? '(unknown)'),
    message: issue.message,
  }));
}

/**
 * The process's settings: the environment, over an optional `.env` file in the working
 * directory (real environment variables win, as everywhere else).
 */
export function loadSettings(envFile = '.env'): Settings {
  return parseSettings({ ...readEnvFile(envFile), ...process.env });
}

function readEnvFile(path: string): Record<string, string> {
  try {
    return parseEnv(readFileSync(path, 'utf8')) as Record<string, string>;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
}
