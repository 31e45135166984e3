import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');

/** The sandbox from source, on free ports; resolves with its WSDL URL. */
export async function startSandboxProcess(): Promise<{ child: ChildProcess; wsdlUrl: string }> {
  const child = spawn(
    process.execPath,
    ['--import', '@swc-node/register/esm-register', join(root, 'apps', 'sandbox', 'src', 'main.ts')],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'test',
        LOG_FORMAT: 'json',
        LOG_LEVEL: 'info',
        SANDBOX_PORT: '0',
        SANDBOX_INVENTORY_PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let buffered = '';
  const wsdlUrl = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the sandbox did not start within 30 s')), 30_000);
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const found = /inventory SOAP service at (\S+) /.exec(buffered);
      if (found) {
        clearTimeout(timer);
        resolve(`${found[1]}?wsdl`);
      }
    });
    child.once('exit', (code) => reject(new Error(`the sandbox exited (${code}) before it served`)));
  });
  child.stdout.resume();
  return { child, wsdlUrl };
}
