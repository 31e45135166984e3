// The e2e suites run the real processes (dist/apps/*/main.js): build them first if stale.
import { buildIfStale } from '../../scripts/build-if-stale.mjs';

export default function buildApps() {
  buildIfStale();
}
