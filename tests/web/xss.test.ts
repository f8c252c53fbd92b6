/**
 * Nothing a person types and nothing a policy file says reaches the page as HTML. A temporary library
 * plants markup in clauses, a question plants it too, and the page must show it as text and run none of it.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, openPage, screenshot, type WatchedPage } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const IMG = '<img src=x onerror=window.__xss=1>';
const SCRIPT = '<script>window.__xss=2</script>';
const PLANTED = [
  `示范市优化营商环境若干规定${IMG}（2023 年1 月1 日）`,
  '',
  '第一条 为了持续优化示范市营商环境，激发市场主体活力，制定本规定。',
  '',
  `第二条 示范市企业开办咨询热线为96123${IMG}，工作日九时至十七时受理咨询。`,
  '',
  `第三条 ${SCRIPT}示范市营商环境投诉专线为96456，投诉应当在五个工作日内办结。`,
  '',
  '第四条 本规定自2023年1月1日起施行。',
  '',
].join('\n');

interface Evidence {
  xss: unknown;
  images: string[];
  scripts: string[];
}

/** What would show that planted markup ran or became elements. */
function evidence(page: Page): Promise<Evidence> {
  return page.evaluate(() => ({
    xss: (window as unknown as { __xss?: unknown }).__xss,
    images: [...document.querySelectorAll('img')].map((img) => img.getAttribute('src') ?? ''),
    scripts: [...document.querySelectorAll('script')].map((script) => script.getAttribute('src') ?? script.textContent ?? ''),
  }));
}

describe('web chat safety', { timeout: 30_000 }, () => {
  let workDir: string;
  let server: TestServer;
  let browser: Browser;
  let watched: WatchedPage;
  let page: Page;
  const requested: string[] = [];

  beforeAll(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'policy-qa-xss-'));
    await writeFile(path.join(workDir, 'planted.txt'), PLANTED);
    [server, browser] = await Promise.all([
      startTestServer({ libraryDir: workDir, embeddingsDir: path.join(workDir, 'embeddings'), lexicalOnly: true }),
      launchBrowser(),
    ]);
    watched = await openPage(browser);
    page = watched.page;
    page.on('request', (request) => requested.push(request.url()));
    await page.goto(`${server.url}/`);
    await page.locator('.welcome').waitFor();
  }, 60_000);

  afterAll(async () => {
    await watched?.close();
    await browser?.close();
    await server?.close();
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  describe('with markup planted in a question and in a policy file', () => {
    it('should serve the planted clauses unchanged (the test library really is hostile)', async () => {
      const response = await fetch(`${server.url}/api/ask`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ question: '示范市企业开办咨询热线是多少？' }),
      });
      const answer = (await response.json()) as { answer: string; citations: Array<{ text: string; docTitle: string }> };
      expect(answer.answer).toContain(IMG);
      expect(answer.citations[0]!.text).toContain(IMG);
    });

    it('should show a planted question and its answer as text and run nothing', async () => {
      const question = `示范市企业开办咨询热线和营商环境投诉专线分别是多少？${IMG}${SCRIPT}`;
      await page.fill('#question', question);
      await page.press('#question', 'Enter');
      const answer = page.locator('.answer[aria-busy="false"]').last();
      await answer.waitFor();
      expect(await page.locator('.message-user .bubble').last().textContent()).toBe(question);
      const text = await answer.locator('.answer-text').textContent();
      expect(text).toContain(IMG);
      expect(text).toContain(SCRIPT);
      expect(await answer.locator('.cite').count()).toBeGreaterThanOrEqual(2);
      await screenshot(page, 'xss-answer');
      expect(await evidence(page)).toEqual({ xss: undefined, images: ['/icon.svg'], scripts: ['/app.js'] });
    });

    it('should show planted clause text and titles in the source panel as text and run nothing', async () => {
      const answer = page.locator('.answer[aria-busy="false"]').last();
      for (const marker of await answer.locator('.answer-text .cite').all()) {
        await marker.click();
        await page.locator('#source-panel .clause.is-cited').waitFor();
        expect(await page.locator('#source-panel .panel-title').textContent()).toContain(IMG);
        await page.keyboard.press('Escape');
      }
      await answer.locator('.answer-text .cite').first().click();
      await page.locator('#source-panel .clause.is-cited').waitFor();
      const clauses = await page.locator('#source-panel .clause-text').allTextContents();
      expect(clauses.join('\n')).toContain(IMG);
      expect(clauses.join('\n')).toContain(SCRIPT);
      await screenshot(page, 'xss-source-panel');
      expect(await evidence(page)).toEqual({ xss: undefined, images: ['/icon.svg'], scripts: ['/app.js'] });
    });

    it('should never have requested the planted image', () => {
      expect(requested.filter((url) => new URL(url).pathname === '/x')).toEqual([]);
      expect(watched.errors).toEqual([]);
    });
  });
});
