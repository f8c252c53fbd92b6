/**
 * The embeddable widget on a third-party page: the demo portal served by a static server on another port
 * of 127.0.0.1, loading /widget.js from the policy-qa server, in headless Chromium.
 */
import { readFile } from 'node:fs/promises';
import type { Browser, BrowserContext, FrameLocator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, launchBrowser, newContext, type openPage, pageSlot, screenshot } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { startStaticServer, type StaticServer } from '../helpers/static-server.ts';

const QUESTION = '银川市营商环境投诉“直通车”制度的投诉举报电话是多少？';
const DEMO = new URL('../../web/embed-demo.html', import.meta.url);
const DEMO_CSS = new URL('../../web/embed-demo.css', import.meta.url);

/** CSS a careless host page might have: broad rules that would wreck an unprotected widget. */
const HOSTILE_CSS = `
  div, button, iframe, policy-qa-widget { display: none !important; visibility: hidden !important; opacity: 0 !important; }
  button { background: lime !important; font-size: 40px !important; width: 2px !important; }
  body * { transform: translateX(-3000px) !important; }
  body { font-family: serif !important; color: red !important; }
`;

describe('embeddable widget', { timeout: 30_000 }, () => {
  let server: TestServer;
  let portal: StaticServer;
  let browser: Browser;
  /** Desktop pages share one context (it takes a second to make); phone tests make their own. */
  let desktop: BrowserContext;
  const slot = pageSlot();

  /** Opens the demo portal on the third-party origin. */
  async function openPortal(options: Parameters<typeof openPage>[1] = {}): Promise<Page> {
    const current = await slot.open(desktop, browser, options);
    await current.page.goto(`${portal.url}/portal.html`);
    await current.page.locator('policy-qa-widget .launcher').waitFor();
    return current.page;
  }

  const chat = (page: Page): FrameLocator => page.frameLocator('policy-qa-widget iframe');

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    desktop = await newContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
    // The demo page as a portal operator would paste it: the script's src names the policy-qa server.
    const html = (await readFile(DEMO, 'utf8')).replace('src="/widget.js"', `src="${server.url}/widget.js"`);
    expect(html).toContain(`${server.url}/widget.js`);
    portal = await startStaticServer({
      '/portal.html': { type: 'text/html; charset=utf-8', body: html },
      '/embed-demo.css': { type: 'text/css', body: await readFile(DEMO_CSS) },
    });
  }, 180_000);

  afterEach(async () => {
    expect(await slot.close()).toEqual([]);
  });

  afterAll(() => closeAll(desktop, browser, portal, server));

  describe('on a portal served from another origin', () => {
    it('should add one element to the page and load nothing more until opened', async () => {
      const page = await openPortal();
      expect(new URL(portal.url).port).not.toBe(new URL(server.url).port);
      expect(await page.locator('policy-qa-widget').count()).toBe(1);
      expect(await page.locator('iframe').count()).toBe(0);
      const launcher = page.locator('policy-qa-widget .launcher');
      expect(await launcher.innerText()).toBe('政策问答');
      expect(await launcher.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(179, 38, 30)');
      const box = await launcher.boundingBox();
      expect(box!.x + box!.width).toBeGreaterThan(1280 - 40);
      await screenshot(page, 'widget-closed');
    });

    it('should open the chat in a frame from the server and answer a question with citations', async () => {
      const page = await openPortal();
      await page.locator('policy-qa-widget .launcher').click();
      const frame = chat(page);
      await frame.locator('.welcome').waitFor();
      expect(await frame.locator('#app-title').innerText()).toBe('政策问答');
      expect(await frame.locator('.welcome-text').innerText()).toBe('您好！我是示范市营商环境政策问答助手，请输入您想了解的政策问题。');
      const src = await page.locator('policy-qa-widget iframe').getAttribute('src');
      expect(new URL(src!).origin).toBe(server.url);
      await frame.locator('#question').fill(QUESTION);
      await frame.locator('#question').press('Enter');
      const answer = frame.locator('.answer[aria-busy="false"]');
      await answer.waitFor();
      expect(await answer.locator('.answer-text').innerText()).toContain('5556666');
      await screenshot(page, 'widget-answer');
      await answer.locator('.answer-text .cite').first().click();
      await frame.locator('.clause.is-cited mark').waitFor();
      expect(await frame.locator('.clause.is-cited mark').innerText()).toContain('5556666');
      await screenshot(page, 'widget-source-panel');
    });

    it('should close from the button inside the frame and give focus back to the launcher', async () => {
      const page = await openPortal();
      const launcher = page.locator('policy-qa-widget .launcher');
      await launcher.click();
      expect(await launcher.getAttribute('aria-expanded')).toBe('true');
      await chat(page).getByRole('button', { name: '关闭问答窗口' }).click();
      await expect.poll(() => launcher.getAttribute('aria-expanded')).toBe('false');
      expect(await page.locator('policy-qa-widget .frame').isHidden()).toBe(true);
      expect(await launcher.evaluate((element) => element.getRootNode() instanceof ShadowRoot && (element.getRootNode() as ShadowRoot).activeElement === element)).toBe(true);
    });

    it('should keep its look and work when the host page CSS is hostile', async () => {
      const page = await openPortal();
      await page.addStyleTag({ content: HOSTILE_CSS });
      const launcher = page.locator('policy-qa-widget .launcher');
      expect(await launcher.isVisible()).toBe(true);
      const box = await launcher.boundingBox();
      expect(box).toMatchObject({ height: 56 });
      expect(box!.x).toBeGreaterThan(1000);
      expect(await launcher.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(179, 38, 30)');
      await launcher.click();
      await chat(page).locator('.welcome').waitFor();
      await chat(page).locator('#question').fill(QUESTION);
      await chat(page).locator('#question').press('Enter');
      await chat(page).locator('.answer[aria-busy="false"] .cite').first().waitFor();
      await screenshot(page, 'widget-hostile-css');
    });

    it('should take its options from PolicyQA.init and ignore unsafe values', async () => {
      const page = await openPortal();
      await page.evaluate(() => (window as unknown as { PolicyQA: { init(options: object): void } }).PolicyQA.init({
        title: '企业服务助手', color: '#006400', position: 'left', welcome: '欢迎咨询', open: true,
      }));
      const launcher = page.locator('policy-qa-widget .launcher');
      await chat(page).locator('.welcome').waitFor();
      expect(await page.locator('policy-qa-widget').count()).toBe(1);
      expect(await launcher.getAttribute('aria-label')).toBe('关闭企业服务助手');
      expect(await launcher.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(0, 100, 0)');
      expect((await launcher.boundingBox())!.x).toBeLessThan(40);
      expect((await page.locator('policy-qa-widget .frame').boundingBox())!.x).toBeLessThan(40);
      expect(await chat(page).locator('#app-title').innerText()).toBe('企业服务助手');
      expect(await chat(page).locator('.welcome-text').innerText()).toBe('欢迎咨询');

      await page.evaluate(() => (window as unknown as { PolicyQA: { init(options: object): void } }).PolicyQA.init({ color: 'red; background: url(//evil)', position: 'middle' }));
      expect(await launcher.evaluate((element) => getComputedStyle(element).backgroundColor)).toBe('rgb(179, 38, 30)');
      expect((await launcher.boundingBox())!.x).toBeGreaterThan(1000);
    });
  });

  describe('on the demo page served by the policy-qa server itself', () => {
    it('should load under the server\'s own Content-Security-Policy and answer', async () => {
      const { page } = await slot.open(desktop, browser);
      await page.goto(`${server.url}/embed-demo.html`);
      await page.locator('policy-qa-widget .launcher').click();
      await chat(page).locator('.welcome').waitFor();
      await chat(page).locator('#question').fill(QUESTION);
      await chat(page).locator('#question').press('Enter');
      await chat(page).locator('.answer[aria-busy="false"] .cite').first().waitFor();
    });
  });

  describe('when EMBED_ALLOWED_ORIGINS leaves the portal out', () => {
    it('should show the launcher but refuse to load the chat in the frame', async () => {
      const restricted = await startTestServer({ lexicalOnly: true, env: { EMBED_ALLOWED_ORIGINS: 'https://portal.example.gov.cn' } });
      const html = (await readFile(DEMO, 'utf8')).replace('src="/widget.js"', `src="${restricted.url}/widget.js"`);
      const other = await startStaticServer({
        '/portal.html': { type: 'text/html; charset=utf-8', body: html },
        '/embed-demo.css': { type: 'text/css', body: await readFile(DEMO_CSS) },
      });
      try {
        const current = await slot.open(desktop, browser);
        const { page } = current;
        const refused = page.waitForEvent('console', (message) => message.text().includes('frame-ancestors'));
        await page.goto(`${other.url}/portal.html`);
        await page.locator('policy-qa-widget .launcher').click();
        await refused;
        expect(await chat(page).locator('#question').count()).toBe(0);
        // The refusal itself is logged as a console error; anything else would still fail the test.
        current.errors.splice(0, current.errors.length, ...current.errors.filter((error) => !error.includes('frame-ancestors')));
      } finally {
        await other.close();
        await restricted.close();
      }
    });
  });

  describe('on a 360 × 740 phone', () => {
    it('should open the chat over the whole screen', async () => {
      const page = await openPortal({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await page.locator('policy-qa-widget .launcher').tap();
      await chat(page).locator('.welcome').waitFor();
      expect(await page.locator('policy-qa-widget .frame').boundingBox()).toEqual({ x: 0, y: 0, width: 360, height: 740 });
      await screenshot(page, 'widget-phone');
    });
  });
});
