// Builds the apps (`nest build`) when a source file is newer than the bundle, so the demo
// and the suites that run the real processes never run stale code. Usable as a module or
// as `node scripts/build-if-stale.mjs [app…]`.
import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const APPS = ['api', 'sandbox'];

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

export function buildIfStale(apps = APPS) {
  const sources = Math.max(
    newestMtime(join(root, 'libs')),
    mtimeOrZero(join(root, 'tsconfig.json')),
    mtimeOrZero(join(root, 'package-lock.json')),
  );
  const built = [];
  for (const app of apps) {
    const bundle = join(root, 'dist', 'apps', app, 'main.js');
    const appSources = Math.max(sources, newestMtime(join(root, 'apps', app)));
    if (mtimeOrZero(bundle) >= appSources) continue;
    execFileSync(process.execPath, [join(root, 'node_modules', '@nestjs', 'cli', 'bin', 'nest.js'), 'build', app], {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    built.push(app);
  }
  return built;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const apps = process.argv.slice(2);
  const built = buildIfStale(apps.length > 0 ? apps : APPS);
  process.stderr.write(built.length ? `built ${built.join(', ')}\n` : 'apps are up to date\n');
}
