import { ConversationStore, type StoredMessage } from '@mostrador/database';
import { WhatsAppClient } from '@mostrador/whatsapp';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { describeWithChromium, launchChromium } from '../support/chromium.js';
import type { Browser, Page } from 'playwright-core';
import { createApiApp } from '../../apps/api/src/create-api-app.js';
import { createSandboxApp } from '../../apps/sandbox/src/create-sandbox-app.js';
import { until } from '../support/until.js';
import { captureLogger, testSettings } from '../support/capture-logger.js';
import { createPgliteDataDir, type PgliteDataDir } from '../support/database.js';

const SECRETS = {
  WHATSAPP_APP_SECRET: 'chat-page-app-secret',
  WHATSAPP_VERIFY_TOKEN: 'chat-page-verify-token',
  WHATSAPP_ACCESS_TOKEN: 'chat-page-access-token',
};

describeWithChromium('sandbox chat page in Chromium', () => {
  let data: PgliteDataDir;
  let api: NestFastifyApplication;
  let sandbox: NestFastifyApplication;
  let browser: Browser;
  let bot: WhatsAppClient;
  let sandboxUrl: string;

  beforeAll(async () => {
    data = await createPgliteDataDir();
    const apiSettings = testSettings({ ...SECRETS, ...data.env });
    api = await createApiApp(apiSettings, captureLogger(apiSettings).logger);
    await api.listen({ port: 0, host: '127.0.0.1' });
    const sandboxSettings = testSettings({
      ...SECRETS,
      SANDBOX_WEBHOOK_URL: `${await api.getUrl()}/webhooks/whatsapp`,
      SANDBOX_STATUS_DELAY_MS: '20',
      SANDBOX_INVENTORY_PORT: '0',
    });
    sandbox = await createSandboxApp(sandboxSettings, captureLogger(sandboxSettings).logger);
    await sandbox.listen({ port: 0, host: '127.0.0.1' });
    sandboxUrl = await sandbox.getUrl();
    // The api's side, as the turn worker will use it: the real client against the stand-in.
    const botSettings = testSettings({ ...SECRETS, WHATSAPP_API_BASE_URL: sandboxUrl });
    bot = new WhatsAppClient(botSettings.whatsapp, captureLogger(botSettings).logger);
    browser = await launchChromium();
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await sandbox?.close();
    await api?.close();
    await data?.cleanup();
  }, 60_000);

  async function storedMessages(phoneNumber: string): Promise<StoredMessage[]> {
    const store = api.get(ConversationStore);
    const found = await store.getCustomer({ phoneNumber });
    if (found === null) return [];
    const pages = await Promise.all(
      found.conversations.map((c) => store.getConversationMessages({ conversationId: c.id, limit: 100 })),
    );
    return pages.flatMap((p) => p.items).filter((m) => m.direction === 'inbound');
  }

  const storedMatching = (phone: string, match: (m: StoredMessage) => boolean, what: string) =>
    until(async () => (await storedMessages(phone)).find(match), what);

  async function openChat(page: Page, name: string, phone: string): Promise<void> {
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(sandboxUrl);
    await page.fill('#name', name);
    await page.fill('#phone', phone);
    await page.click('#identity button[type=submit]');
    await page.waitForSelector('body[data-connected=true]');
    expect(errors).toEqual([]);
  }

  async function fitsTheWidth(page: Page): Promise<boolean> {
    return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  }

  it.each([
    ['a laptop', { width: 1280, height: 800 }, '5215510000001'],
    ['a phone', { width: 390, height: 844 }, '5215510000002'],
  ])(
    'should deliver what the customer types on %s to the api, and show it read',
    async (_case, viewport, phone) => {
      const page = await browser.newPage({ viewport });
      try {
        await openChat(page, 'María José', phone);
        const text = '¿Tienen tenis talla 27? 👟 مرحبا';
        await page.fill('#text', text);
        await page.press('#text', 'Enter');

        const stored = await storedMatching(phone, (m) => m.text === text, 'the message in the store');
        expect(stored).toMatchObject({ type: 'text', status: 'received' });
        await page.waitForSelector('.bubble.me .ticks:text("✓")');

        await bot.markAsRead(stored.waMessageId!, { typingIndicator: true });
        await page.waitForSelector('.bubble.me .ticks.read');
        await page.waitForSelector('#typing:not([hidden])');
        await bot.sendText({
          to: phone,
          text: '¡Hola! Sí, tenemos *Runner 2* en talla 27.',
          lastInboundAt: new Date(),
        });
        await page.waitForSelector('.bubble.bot strong:text("Runner 2")');
        expect(await page.isHidden('#typing')).toBe(true);
        expect(await fitsTheWidth(page)).toBe(true);
      } finally {
        await page.close();
      }
    },
    60_000,
  );

  it('should send a button_reply when the customer taps a reply button', async () => {
    const phone = '5215510000003';
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      await openChat(page, 'Ana', phone);
      const result = await bot.sendButtons({
        to: phone,
        body: '¿Te lo aparto?',
        buttons: [
          { id: 'reserve:TENIS-27', title: 'Apartar' },
          { id: 'more', title: 'Ver más' },
        ],
        lastInboundAt: new Date(),
      });
      const botWamid = result.status === 'sent' ? result.messages[0].wamid : '';
      await page.click('.actions button:text("Apartar")');
      const stored = await storedMatching(phone, (m) => m.type === 'interactive', 'the button reply');
      expect(stored).toMatchObject({ text: 'Apartar', replyToWaMessageId: botWamid });
      expect(stored.payload).toMatchObject({
        type: 'interactive',
        interactive: { type: 'button_reply', button_reply: { id: 'reserve:TENIS-27', title: 'Apartar' } },
        context: { id: botWamid },
      });
      expect(await fitsTheWidth(page)).toBe(true);
    } finally {
      await page.close();
    }
  }, 60_000);

  it('should send a list_reply when the customer picks a list row', async () => {
    const phone = '5215510000004';
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    try {
      await openChat(page, 'Luis', phone);
      await bot.sendList({
        to: phone,
        header: 'Modelos',
        body: 'Elige un modelo',
        footer: 'Envío gratis',
        button: 'Ver modelos',
        sections: [
          {
            title: 'Running',
            rows: [
              { id: 'sku-1', title: 'Runner 2', description: 'Ligero' },
              { id: 'sku-2', title: 'Trail X', description: 'Para montaña' },
            ],
          },
        ],
        lastInboundAt: new Date(),
      });
      await page.click('.actions button:has-text("Ver modelos")');
      await page.click('.sheet .row:has-text("Trail X")');
      const stored = await storedMatching(phone, (m) => m.type === 'interactive', 'the list reply');
      expect(stored.payload).toMatchObject({
        interactive: { type: 'list_reply', list_reply: { id: 'sku-2', title: 'Trail X', description: 'Para montaña' } },
      });
      expect(stored.text).toBe('Trail X');
    } finally {
      await page.close();
    }
  }, 60_000);

  it('should show what was sent while the page was away, after a reload', async () => {
    const phone = '5215510000005';
    const page = await browser.newPage();
    try {
      await openChat(page, 'Eva', phone);
      await page.close();
      await bot.sendText({ to: phone, text: 'Te escribimos mientras no estabas', lastInboundAt: new Date() });
      const again = await browser.newPage();
      try {
        await openChat(again, 'Eva', phone);
        await again.waitForSelector('.bubble.bot:has-text("Te escribimos mientras no estabas")');
      } finally {
        await again.close();
      }
    } finally {
      if (!page.isClosed()) await page.close();
    }
  }, 60_000);
});
