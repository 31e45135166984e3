import { startAppProcess, type AppProcess } from '../support/app-process.js';

describe('sandbox process', () => {
  let sandbox: AppProcess | undefined;
  afterEach(async () => {
    await sandbox?.stop();
    sandbox = undefined;
  }, 60_000);

  it('should serve the chat page from the build, and exit 0 on SIGTERM with a chat page still listening', async () => {
    sandbox = await startAppProcess('sandbox', { SANDBOX_INVENTORY_PORT: '0' });
    const page = await fetch(`${sandbox.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<script type="module" src="/chat/chat.js"></script>');
    for (const [path, type] of [
      ['/chat/chat.js', 'text/javascript'],
      ['/chat/chat.css', 'text/css'],
    ]) {
      const asset = await fetch(`${sandbox.url}${path}`);
      expect(asset.headers.get('content-type')).toContain(type);
      expect((await asset.text()).length).toBeGreaterThan(1000);
    }

    const events = await fetch(`${sandbox.url}/sandbox/chat/events?phone=5215512345678`);
    expect(events.headers.get('content-type')).toContain('text/event-stream');
    const reading = events.body!.getReader().read();

    sandbox.child.kill('SIGTERM');
    expect(await sandbox.exited).toEqual({ code: 0, signal: null });
    await expect(reading).resolves.toBeDefined();
  }, 120_000);
});
