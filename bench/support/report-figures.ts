/**
 * The one machine-readable line a bench ends with: its headline figures as JSON after a marker,
 * so `npm run bench` (bench/run-all.ts) collects them without parsing the tables and summaries
 * written for people, which are free to change.
 */
export const RESULT_MARKER = 'BENCH_RESULT';

export interface BenchFigure {
  /** What is measured, in the words of the bench's own table. */
  figure: string;
  /** Mostrador's value; null when this run could not measure it (no Redis, say). */
  value: number | null;
  unit: string;
  /** The same figure for the baseline measured in the same run, in the same unit; absent when there is none. */
  baseline?: number | null;
  /** What the baseline is ("bare INCR"). */
  baselineName?: string;
  /** The goal as the bench states it; absent when the figure has none. */
  goal?: string;
  /** Whether this run met the goal; null or absent when there is no goal or nothing was measured. */
  pass?: boolean | null;
}

export interface BenchResult {
  bench: string;
  figures: BenchFigure[];
}

/** Prints the bench's figures as one `BENCH_RESULT {json}` line on stdout (NaN becomes null). */
export function reportFigures(bench: string, figures: BenchFigure[]): void {
  process.stdout.write(`\n${RESULT_MARKER} ${JSON.stringify({ bench, figures } satisfies BenchResult)}\n`);
}

/** Every result line in a bench's output. */
export function readResults(output: string): BenchResult[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith(`${RESULT_MARKER} `))
    .map((line) => JSON.parse(line.slice(RESULT_MARKER.length + 1)) as BenchResult);
}

/** Mostrador ÷ baseline: the one sense the ratio column has, whatever the unit. */
export function ratioOf(figure: BenchFigure): number | null {
  const { value, baseline } = figure;
  if (value === null || baseline === null || baseline === undefined || baseline === 0) return null;
  return value / baseline;
}
