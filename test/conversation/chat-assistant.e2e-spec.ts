import { describeWithChromium, launchChromium } from '../support/chromium.js';
import type { Browser } from 'playwright-core';
import { customerPhone } from '../whatsapp/meta-webhooks.js';
import { type Stack, startStack } from '../support/stack.js';

describeWithChromium('chatting with the assistant in Chromium', () => {
  let stack: Stack;
  let browser: Browser;

  beforeAll(async () => {
    stack = await startStack();
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  }, 60_000);

  it('should answer a product question with buttons, and follow the button the customer clicks', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    try {
      await page.goto(stack.sandboxUrl);
      await page.fill('#name', 'Ana');
      await page.fill('#phone', customerPhone());
      await page.click('#identity button[type=submit]');
      await page.waitForSelector('body[data-connected=true]');

      await page.fill('#text', '¿tienen la gorra trucker nopal verde?');
      await page.press('#text', 'Enter');
      const answer = page.locator('.bubble.bot', { hasText: 'Gorra Trucker Nopal' });
      await answer.waitFor({ timeout: 15_000 });
      await expect(answer.textContent()).resolves.toContain('$279.50 MXN');

      await answer.locator('.actions button', { hasText: 'Existencias' }).click();
      await page.locator('.bubble.bot', { hasText: /pieza|sin existencias|no tenemos/ }).waitFor({ timeout: 15_000 });
      expect(await page.locator('.bubble.bot').count()).toBeGreaterThanOrEqual(2);
      expect(errors).toEqual([]);
    } finally {
      await page.close();
    }
  }, 90_000);
});
