// `npm run demo`: builds if needed, then runs the sandbox and the api together on embedded
// defaults, prints where to go, and stops both on Ctrl-C.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { API_NODE_FLAGS } from './api-node-flags.mjs';
import { buildIfStale } from './build-if-stale.mjs';

// `npm install` puts Node 24 (the `node` devDependency) in node_modules/.bin, which npm
// scripts put first on PATH: `npm run demo` runs on it whatever Node the machine has.
const [major] = process.versions.node.split('.').map(Number);
if (major < 22) {
  process.stderr.write(
    `Mostrador needs Node 22 or newer (this is ${process.version}). Run \`npm install\`, then \`npm run demo\`: npm scripts use the Node 24 it installs.\n`,
  );
  process.exit(1);
}

const root = join(import.meta.dirname, '..');
const started = Date.now();
const built = buildIfStale();
if (built.length > 0) process.stdout.write(`built ${built.join(', ')} in ${Date.now() - started} ms\n`);

const env = { ...process.env };
const apiPort = env.PORT ?? '3000';
const sandboxPort = env.SANDBOX_PORT ?? '3100';

const children = [];
function run(name, nodeFlags = []) {
  const child = spawn(process.execPath, [...nodeFlags, join(root, 'dist', 'apps', name, 'main.js')], {
    cwd: root,
    env,
    stdio: 'inherit',
  });
  child.on('exit', (code, signal) => {
    if (!stopping) {
      process.stderr.write(`${name} stopped (${signal ?? `exit ${code}`}); stopping the demo\n`);
      stop(code ?? 1);
    }
  });
  children.push(child);
  return child;
}

let stopping = false;
function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  let left = children.filter((c) => c.exitCode === null && c.signalCode === null).length;
  if (left === 0) process.exit(code);
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    child.once('exit', () => {
      left -= 1;
      if (left === 0) process.exit(code);
    });
    child.kill('SIGTERM');
  }
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

run('sandbox');
run('api', API_NODE_FLAGS);

// Say where to go once both answer.
async function waitUntilUp(url) {
  for (let i = 0; i < 300 && !stopping; i++) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}
const apiUrl = `http://localhost:${apiPort}`;
const sandboxUrl = `http://localhost:${sandboxPort}`;
const [apiUp, sandboxUp] = await Promise.all([
  waitUntilUp(`${apiUrl}/health/live`),
  waitUntilUp(`${sandboxUrl}/health/live`),
]);
if (apiUp && sandboxUp) {
  process.stdout.write(
    [
      '',
      `Mostrador demo is up in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      `  Swagger UI (api):   ${apiUrl}/docs`,
      `  Health:             ${apiUrl}/health/live`,
      `  Chat as a customer: ${sandboxUrl}/   (try: ¿tienen tenis negros talla 27?)`,
      `  Admin API key:      ${process.env.ADMIN_API_KEY ? '(ADMIN_API_KEY)' : 'mostrador-dev-admin-key'} (x-api-key header; Authorize in Swagger)`,
      'Ctrl-C stops both.',
      '',
    ].join('\n') + '\n',
  );
}
