import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { API_NODE_FLAGS } from '../../scripts/api-node-flags.mjs';

const root = join(import.meta.dirname, '..', '..');

/**
 * Where the built apps are: this run's own copy of dist, made by the e2e global setup
 * (test/setup/build-apps.global-setup.js), so another run rebuilding dist cannot delete them
 * under this one; dist itself when a suite runs without that setup.
 */
const appsDir = process.env.MOSTRADOR_TEST_APPS_DIR ?? join(root, 'dist');

/** How long a process may take to log what a test waits for, on a loaded machine. */
const LINE_TIMEOUT_MS = 60_000;
/** How long `stop` waits after SIGTERM before it kills. */
const STOP_TIMEOUT_MS = 30_000;

export interface SpawnedApp {
  child: ChildProcess;
  /** Every JSON log line so far (stdout), and anything else it printed. */
  lines(): Record<string, unknown>[];
  stderr(): string;
  /** Resolves with the exit code (or the signal) when it ends. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resolves when a log line matches. */
  waitForLine(
    predicate: (line: Record<string, unknown>) => boolean,
    timeoutMs?: number,
  ): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

export interface AppProcess extends SpawnedApp {
  /** Base URL it listens on. */
  url: string;
}

/**
 * Runs a built app (`dist/apps/<app>/main.js`) as its own process, the way it runs in
 * production, with `env` on top of a minimal environment (never the suite's own settings).
 * `build`: another build's directory (`<build>/apps/<app>/main.js`), for a bench comparing two.
 */
export function spawnAppProcess(
  app: 'api' | 'sandbox',
  env: Record<string, string>,
  timeoutMs = LINE_TIMEOUT_MS,
  nodeArgs: string[] = [],
  build = appsDir,
): SpawnedApp {
  // The api runs with the flags it runs with everywhere else.
  const flags = app === 'api' ? [...API_NODE_FLAGS, ...nodeArgs] : nodeArgs;
  const child = spawn(process.execPath, [...flags, join(build, 'apps', app, 'main.js')], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'test', LOG_FORMAT: 'json', PORT: '0', SANDBOX_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const parsed: Record<string, unknown>[] = [];
  let stdoutRest = '';
  let stderr = '';
  /** Pending waitForLine calls: woken by each chunk, failed together by one 'exit' listener. */
  const waiters = new Map<() => void, () => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    const text = stdoutRest + chunk.toString('utf8');
    const parts = text.split('\n');
    stdoutRest = parts.pop() ?? '';
    for (const part of parts) {
      try {
        parsed.push(JSON.parse(part) as Record<string, unknown>);
      } catch {
        parsed.push({ raw: part });
      }
    }
    for (const wake of waiters.keys()) wake();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString('utf8');
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({
    code: code as number | null,
    signal: signal as NodeJS.Signals | null,
  }));
  child.once('exit', () => {
    for (const fail of waiters.values()) fail();
  });

  const waitForLine = (predicate: (line: Record<string, unknown>) => boolean, waitMs = timeoutMs) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      // Each waiter reads only the lines it has not seen: a suite waiting on hundreds of turns
      // would otherwise rescan every line on every chunk, and starve the processes it measures.
      let seen = 0;
      const check = () => {
        for (; seen < parsed.length; seen++) {
          if (predicate(parsed[seen])) {
            cleanup();
            resolve(parsed[seen]);
            return;
          }
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(
            `no matching log line within ${waitMs} ms; stderr: ${stderr}\nstdout: ${JSON.stringify(parsed.slice(-10))}`,
          ),
        );
      }, waitMs);
      const onExit = () => {
        cleanup();
        reject(new Error(`${app} exited before the expected log line; stderr: ${stderr}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
      };
      waiters.set(check, onExit);
      check();
      if (waiters.has(check) && (child.exitCode !== null || child.signalCode !== null)) onExit();
    });

  return {
    child,
    lines: () => parsed,
    stderr: () => stderr,
    exited,
    waitForLine,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      // A process that does not drain in time is killed, so a suite's teardown always ends.
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      try {
        await exited;
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

/** Spawns the app and waits until it listens; `nodeArgs` go to node (`--cpu-prof` is refused in NODE_OPTIONS). */
export async function startAppProcess(
  app: 'api' | 'sandbox',
  env: Record<string, string>,
  nodeArgs: string[] = [],
  build?: string,
): Promise<AppProcess> {
  const spawned = spawnAppProcess(app, env, LINE_TIMEOUT_MS, nodeArgs, build);
  try {
    const listening = await spawned.waitForLine(
      (line) => typeof line.message === 'string' && / listening on /.test(line.message),
    );
    return { ...spawned, url: (listening.message as string).replace(/^.* listening on /, '') };
  } catch (error) {
    await spawned.stop();
    throw error;
  }
}
