// Builds the apps (`nest build`) when a source file is newer than the bundle, so the demo
// and the suites that run the real processes never run stale code. Usable as a module or
// as `node scripts/build-if-stale.mjs [app…]`.
//
// Several of these may run at once (two `npm test`, a test run beside the demo): one builds
// at a time, behind a lock file, and the others wait for it and then find the bundle fresh.
// `nest build` deletes its output folder first (deleteOutDir), so a run that starts the
// processes takes its own copy of dist (`snapshotApps`) rather than run them from dist while
// another run rebuilds it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const APPS = ['api', 'sandbox'];
const DIST = join(root, 'dist');
const LOCK = join(DIST, '.build.lock');
const SNAPSHOTS = join(DIST, '.test-runs');
/** Longer than any build on a loaded machine: past this, waiting is an error, not patience. */
const LOCK_WAIT_MS = 10 * 60_000;

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(path));
    else if (!entry.name.endsWith('.spec.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

function mtimeOrZero(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0;
  }
}

function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

/** Blocks this thread (the callers are synchronous: the demo, Jest's global setup). */
function sleepSync(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** True when the lock's holder is gone (killed mid-build); then the lock is taken away. */
function removeIfAbandoned() {
  let holder;
  try {
    holder = Number(readFileSync(LOCK, 'utf8'));
  } catch {
    return true; // released meanwhile
  }
  // An empty file is a holder between creating the lock and writing its pid.
  if (!holder || isAlive(holder)) return false;
  // Renamed aside first, so that of two waiters only one removes it, and never a new holder's lock.
  const aside = `${LOCK}.${process.pid}`;
  try {
    renameSync(LOCK, aside);
  } catch {
    return true;
  }
  if (Number(readFileSync(aside, 'utf8')) === holder) rmSync(aside, { force: true });
  else renameSync(aside, LOCK); // a live holder's lock, taken over meanwhile: give it back
  return true;
}

/** Runs `fn` while holding the build lock (one holder on this checkout at a time). */
function withBuildLock(fn) {
  mkdirSync(DIST, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      writeFileSync(LOCK, String(process.pid), { flag: 'wx' });
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      if (removeIfAbandoned()) continue;
      if (Date.now() > deadline) {
        throw new Error(`waited ${LOCK_WAIT_MS / 1000} s for ${LOCK} (held by ${readFileSync(LOCK, 'utf8')})`, {
          cause: error,
        });
      }
      sleepSync(250);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(LOCK, { force: true });
  }
}

function staleApps(apps) {
  const sources = Math.max(
    newestMtime(join(root, 'libs')),
    mtimeOrZero(join(root, 'tsconfig.json')),
    mtimeOrZero(join(root, 'package-lock.json')),
  );
  return apps.filter((app) => {
    const bundle = join(DIST, 'apps', app, 'main.js');
    return mtimeOrZero(bundle) < Math.max(sources, newestMtime(join(root, 'apps', app)));
  });
}

function build(apps) {
  for (const app of apps) {
    execFileSync(process.execPath, [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build', app], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  return apps;
}

export function buildIfStale(apps = APPS) {
  return withBuildLock(() => build(staleApps(apps)));
}

/**
 * Builds what is stale, then copies dist (the bundles and the assets they load from `../../`)
 * to `dist/.test-runs/<pid>`, this process's own, and returns that folder: a later build by
 * another run deletes and rewrites dist/apps, never this copy. Node still finds node_modules
 * from there (it is inside the checkout). Copies whose process is gone are removed.
 */
export function snapshotApps(apps = APPS) {
  return withBuildLock(() => {
    const built = build(staleApps(apps));
    mkdirSync(SNAPSHOTS, { recursive: true });
    for (const name of readdirSync(SNAPSHOTS)) {
      if (Number(name) === process.pid || !isAlive(Number(name))) {
        rmSync(join(SNAPSHOTS, name), { recursive: true, force: true });
      }
    }
    const dir = join(SNAPSHOTS, String(process.pid));
    for (const entry of readdirSync(DIST)) {
      if (entry.startsWith('.')) continue; // the copies, the lock
      cpSync(join(DIST, entry), join(dir, entry), { recursive: true });
    }
    return { dir, built };
  });
}

/** Removes this process's copy (`snapshotApps`). */
export function removeSnapshot(dir) {
  rmSync(dir, { recursive: true, force: true });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const apps = process.argv.slice(2);
  const built = buildIfStale(apps.length > 0 ? apps : APPS);
  process.stderr.write(built.length ? `built ${built.join(', ')}\n` : 'apps are up to date\n');
}
