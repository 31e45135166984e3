// The e2e suites run the real processes: build them first if stale, and run them from this
// run's own copy of dist (test/support/app-process.ts reads MOSTRADOR_TEST_APPS_DIR), so a
// second `npm test` that rebuilds dist meanwhile cannot delete them under this one. Jest runs
// this in its main process before it starts the workers, which inherit the variable.
import { removeSnapshot, snapshotApps } from '../../scripts/build-if-stale.mjs';

export default function buildApps() {
  const { dir } = snapshotApps();
  process.env.MOSTRADOR_TEST_APPS_DIR = dir;
  // Also when the run is interrupted; a copy left by a run that was killed goes with the next run.
  process.once('exit', () => removeSnapshot(dir));
}
