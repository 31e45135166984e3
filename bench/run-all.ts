/**
 * `npm run bench` — every bench, one after another, each in a process of its own exactly as
 * `npm run bench:<name>` runs it (the list is package.json's `bench:*` scripts, in their order),
 * then one Markdown table of their headline figures in bench/RESULTS.md: Mostrador's value, the
 * baseline measured in the same run, the ratio, the goal and whether it was met, under the
 * machine it ran on. The figures come from the `BENCH_RESULT` line each bench ends with
 * (bench/support/report-figures.ts), never from its tables.
 *
 * BENCH_ONLY=limiter,store runs some of them. It is not passed on: bench:conversations reads
 * BENCH_ONLY as conversation ids. Every other variable is (BENCH_ROUNDS, TEST_DATABASE_URL, …).
 * A bench taking longer than BENCH_TIMEOUT_MINUTES (30) is stopped and reported as such.
 * Exits 1 when a bench failed or gave no figures; goals not met are the table's to show.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { type BenchFigure, type BenchResult, RESULT_MARKER, ratioOf, readResults } from './support/report-figures.js';

const root = join(import.meta.dirname, '..');
const RESULTS_FILE = join(import.meta.dirname, 'RESULTS.md');
const TIMEOUT_MS = Number(process.env.BENCH_TIMEOUT_MINUTES ?? 30) * 60_000;
/** After SIGTERM, how long a bench may take to stop its own children before everything is killed. */
const KILL_AFTER_MS = 10_000;

interface Run {
  name: string;
  seconds: number;
  /** The exit code, or the signal, or 'timeout'. */
  exit: string;
  results: BenchResult[];
}

/** package.json's `bench:<name>` scripts: name → node's arguments. */
function benches(): Map<string, string[]> {
  const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    scripts: Record<string, string>;
  };
  const found = new Map<string, string[]>();
  for (const [script, command] of Object.entries(scripts)) {
    if (!script.startsWith('bench:')) continue;
    const [program, ...args] = command.trim().split(/\s+/);
    if (program !== 'node') throw new Error(`${script}: expected a node command, got "${command}"`);
    found.set(script.slice('bench:'.length), args);
  }
  return found;
}

let running: ChildProcess | undefined;

/** Signals a bench and whatever it started and left (sandbox, api processes): its whole process group. */
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // the group is empty: everything in it has ended
  }
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    // The benches run in process groups of their own, which a Ctrl-C in the terminal does not reach.
    if (running) signalGroup(running, 'SIGTERM');
    process.exit(signal === 'SIGINT' ? 130 : 143);
  });
}

async function runOne(name: string, args: string[]): Promise<Run> {
  const env = { ...process.env };
  delete env.BENCH_ONLY;
  const started = performance.now();
  const child = spawn(process.execPath, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running = child;
  let stdout = '';
  // Decoded as a stream, so a character split between two chunks stays whole.
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    stdout += text;
    process.stdout.write(text);
  });
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk));
  const drained = new Promise<void>((resolve) => child.stdout.once('end', resolve));
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    process.stderr.write(`\nbench:${name} still running after ${TIMEOUT_MS / 60_000} min: stopping it\n`);
    signalGroup(child, 'SIGTERM');
    setTimeout(() => signalGroup(child, 'SIGKILL'), KILL_AFTER_MS).unref();
  }, TIMEOUT_MS);
  // On exit, not on close: a process the bench started may still hold its stderr.
  const exit = await new Promise<string>((resolve) => {
    child.once('error', (error) => resolve(`could not start: ${error.message}`));
    child.once('exit', (code, signal) => resolve(timedOut ? 'timeout' : String(code ?? signal)));
  });
  clearTimeout(timer);
  await Promise.race([drained, new Promise((resolve) => setTimeout(resolve, 5000))]);
  // Anything it left running would load the next bench's machine.
  signalGroup(child, 'SIGTERM');
  running = undefined;
  let results: BenchResult[] = [];
  try {
    results = readResults(stdout);
  } catch (error) {
    process.stderr.write(`bench:${name}: unreadable ${RESULT_MARKER} line: ${(error as Error).message}\n`);
  }
  return { name, seconds: (performance.now() - started) / 1000, exit, results };
}

// --- the table ---------------------------------------------------------------------------------

/** Enough digits to compare, no more: 1,840,980 · 925 · 37.5 · 1.63 · 0.0018. */
function number(value: number): string {
  const size = Math.abs(value);
  if (size >= 1000) return Math.round(value).toLocaleString('en');
  if (size >= 100) return value.toFixed(0);
  if (size >= 10) return value.toFixed(1);
  if (size >= 0.01 || value === 0) return value.toFixed(2);
  return value.toPrecision(2);
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function figureRow(bench: string, figure: BenchFigure): string {
  const ratio = ratioOf(figure);
  const measured = (value: number | null | undefined) =>
    value === null || value === undefined ? '' : `${number(value)} ${figure.unit}`;
  const result =
    figure.pass === true
      ? 'pass'
      : figure.pass === false
        ? '**FAIL**'
        : figure.goal && figure.value === null
          ? 'not measured'
          : '';
  const baseline = measured(figure.baseline);
  return `| ${[
    bench,
    figure.figure,
    figure.value === null ? 'not measured' : measured(figure.value),
    baseline && figure.baselineName ? `${baseline} (${figure.baselineName})` : baseline,
    ratio === null ? '' : `${number(ratio)}×`,
    figure.goal ?? '',
    result,
  ]
    .map(cell)
    .join(' | ')} |`;
}

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
      cwd: root,
      encoding: 'utf8',
    });
    return dirty.trim() === '' ? commit : `${commit} + uncommitted changes`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** Where a service URL points, without what it may carry (a password). */
function where(url: string | undefined): string {
  if (!url) return 'not set';
  try {
    const { hostname, port } = new URL(url);
    return `${hostname}${port ? `:${port}` : ''}`;
  } catch {
    return 'set';
  }
}

function markdown(runs: Run[], startedAt: Date, load: { start: number; end: number }): string {
  const settings = Object.keys(process.env)
    .filter((key) => key.startsWith('BENCH_'))
    .sort()
    .map((key) => `${key}=${process.env[key]}`);
  const cpu = cpus();
  const figures = runs.flatMap((run) => run.results.flatMap((r) => r.figures.map((f) => ({ bench: r.bench, f }))));
  const judged = figures.filter(({ f }) => f.pass === true || f.pass === false);
  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` ([run-all.ts](run-all.ts)): each bench in a process of its own, one after',
    'another, its headline figures taken from the `BENCH_RESULT` line it ends with. Each bench’s own',
    'table and summary are in its output (see [README.md](README.md)). **ratio** = Mostrador ÷ the',
    'baseline measured in the same run, in the figure’s unit (for a time, below 1× is faster).',
    '',
    `- command: \`${[...settings, 'npm run bench'].join(' ')}\``,
    `- date: ${startedAt.toISOString()}`,
    `- machine: ${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GiB RAM, load average ${load.start.toFixed(2)} at the start and ${load.end.toFixed(2)} at the end (other work on the machine moves the figures)`,
    `- Node ${process.version}; commit ${gitCommit()}`,
    `- Postgres (TEST_DATABASE_URL): ${where(process.env.TEST_DATABASE_URL)}; Redis (TEST_REDIS_URL): ${where(process.env.TEST_REDIS_URL)}`,
    '',
    '| bench | figure | Mostrador | baseline (same run) | ratio | goal | result |',
    '| --- | --- | ---: | ---: | ---: | --- | --- |',
    ...runs.flatMap((run) =>
      run.results.length > 0
        ? run.results.flatMap((r) => r.figures.map((f) => figureRow(r.bench, f)))
        : [
            `| ${run.name} | no figures: ${run.exit === 'timeout' ? 'timed out' : `exit ${run.exit}`} | | | | | **FAIL** |`,
          ],
    ),
    '',
    `Goals met: ${judged.filter(({ f }) => f.pass).length} of ${judged.length}. ` +
      `Run: ${runs.map((run) => `${run.name} ${run.seconds.toFixed(0)} s${run.exit === '0' ? '' : ` (${run.exit === 'timeout' ? 'timed out' : `exit ${run.exit}`})`}`).join(', ')}.`,
    '',
  ];
  return lines.join('\n');
}

// --- main --------------------------------------------------------------------------------------

const known = benches();
const only = process.env.BENCH_ONLY?.split(',')
  .map((name) => name.trim().replace(/^bench:/, ''))
  .filter((name) => name !== '');
const unknown = (only ?? []).filter((name) => !known.has(name));
if (unknown.length > 0) {
  process.stderr.write(
    `BENCH_ONLY: no bench named ${unknown.join(', ')} (there are ${[...known.keys()].join(', ')})\n`,
  );
  process.exit(2);
}
const chosen = [...known].filter(([name]) => !only || only.includes(name));
const startedAt = new Date();
const loadAtStart = loadavg()[0];
const runs: Run[] = [];
for (const [index, [name, args]] of chosen.entries()) {
  process.stderr.write(`\n=== bench:${name} (${index + 1} of ${chosen.length}) ===\n`);
  runs.push(await runOne(name, args));
}
// As `npm run format` would leave it, so that the CI's format check passes on a committed table.
const text = markdown(runs, startedAt, { start: loadAtStart, end: loadavg()[0] });
writeFileSync(RESULTS_FILE, await format(text, { ...(await resolveConfig(RESULTS_FILE)), filepath: RESULTS_FILE }));
process.stderr.write(`\nwrote ${RESULTS_FILE}\n`);
const failed = runs.filter((run) => run.exit !== '0' || run.results.length === 0);
if (failed.length > 0) {
  process.stderr.write(`failed: ${failed.map((run) => `${run.name} (${run.exit})`).join(', ')}\n`);
  process.exit(1);
}
