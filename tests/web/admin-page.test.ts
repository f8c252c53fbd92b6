/**
 * The admin page (/admin) in headless Chromium over the real server and indexes of a small library: the
 * token typed in (never in the URL), the document list, a PDF made by Chromium itself uploaded and found,
 * removed, a rebuild, and the feedback newest first, all shown as text.
 */
import { cp, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/config.ts';
import { closeAll, launchBrowser, newContext, openPage, screenshot, type WatchedPage } from '../helpers/browser.ts';
import { postJson } from '../helpers/http.ts';
import { PARAPHRASE, PARAPHRASE_CLAUSE, POLICY_LINES, POLICY_TITLE } from '../helpers/made-up-policy.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const TOKEN = 'admin-page-token-0123456789';
const SEED = '001_199d0941f1e6859e.txt';
const PLANTED = '<img src=x onerror=window.__xss=1>';

describe('admin page', { timeout: 90_000 }, () => {
  let work: string;
  let server: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let watched: WatchedPage;
  let page: Page;

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'policy-qa-admin-page-'));
    await mkdir(path.join(work, 'seeds'));
    await cp(path.join(PROJECT_ROOT, 'seeds', SEED), path.join(work, 'seeds', SEED));
    [server, browser] = await Promise.all([
      startTestServer({ libraryDir: path.join(work, 'seeds'), embeddingsDir: path.join(work, 'embeddings'), env: { ADMIN_TOKEN: TOKEN } }),
      launchBrowser(),
    ]);
    context = await newContext(browser);
    for (const question of ['第一个问题', `第二个问题${PLANTED}`]) {
      expect((await postJson(`${server.url}/api/feedback`, { rating: 'up', question, answer: '回答' })).status).toBe(201);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    watched = await openPage(context);
    page = watched.page;
    await page.goto(`${server.url}/admin`);
  }, 120_000);

  afterAll(async () => {
    await closeAll(watched, context, browser, server);
    await rm(work, { recursive: true, force: true });
  });

  async function logIn(token: string): Promise<void> {
    await page.fill('#token', token);
    await page.click('#login button[type="submit"]');
  }

  it('should refuse a wrong token and keep the workspace hidden', async () => {
    await logIn('not-the-admin-token-at-all');
    await expect.poll(() => page.textContent('#status')).toContain('令牌不正确');
    expect(await page.isHidden('#workspace')).toBe(true);
  });

  it('should list the documents with metadata, status and chunk counts once the token is typed in, keeping it out of the URL', async () => {
    await logIn(TOKEN);
    await page.waitForSelector('#documents tbody tr');
    const { documents } = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string; title: string; chunks: number }[] };
    const rows = await page.$$eval('#documents tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.map((cells) => [cells[0], cells[6]])).toEqual(documents.map((document) => [document.title, String(document.chunks)]));
    expect(rows[0]?.[5]).toMatch(/现行有效|试行|征求意见稿|已失效/u);
    expect(page.url()).not.toContain(TOKEN);
    expect(await page.evaluate(() => sessionStorage.getItem('policy-qa-admin-token'))).toBe(TOKEN);
  });

  it('should show the feedback newest first, markup as text', async () => {
    const questions = await page.$$eval('#feedback li', (items) => items.map((item) => item.querySelectorAll('p')[1]?.textContent ?? ''));
    expect(questions).toEqual([`问：第二个问题${PLANTED}`, '问：第一个问题']);
    expect(await page.evaluate(() => [document.querySelectorAll('#feedback img').length, (window as unknown as { __xss?: number }).__xss])).toEqual([0, undefined]);
  });

  it('should upload a PDF, list its document and serve its clauses', async () => {
    const printer = await context.newPage();
    await printer.setContent(`<meta charset="utf-8">${POLICY_LINES.map(() => '<p></p>').join('')}`);
    await printer.$$eval('p', (paragraphs, lines) => paragraphs.forEach((p, i) => (p.textContent = lines[i] ?? '')), [...POLICY_LINES]);
    const pdf = await printer.pdf();
    await printer.close();
    await page.setInputFiles('#files', { name: '云溪市跨境电商.pdf', mimeType: 'application/pdf', buffer: pdf });
    await page.click('#upload button[type="submit"]');
    await expect.poll(() => page.textContent('#status'), { timeout: 30_000 }).toContain(`已加入 1 件政策：《${POLICY_TITLE}》`);
    const row = page.locator('#documents tbody tr', { hasText: POLICY_TITLE });
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.locator('td').nth(7).textContent()).toBe('uploads/云溪市跨境电商.pdf');
    const { results } = (await (await fetch(`${server.url}/api/search?${new URLSearchParams({ q: PARAPHRASE, k: '5' })}`)).json()) as { results: { docTitle: string; clause: string; page: number | null }[] };
    expect(results).toContainEqual(expect.objectContaining({ docTitle: POLICY_TITLE, clause: PARAPHRASE_CLAUSE, page: 1 }));
    await screenshot(page, 'admin-page');
  });

  it('should remove the document it lists', async () => {
    await page.locator('#documents tbody tr', { hasText: POLICY_TITLE }).locator('button[data-action="remove"]').click();
    await expect.poll(() => page.textContent('#status')).toContain(`已删除《${POLICY_TITLE}》`);
    expect(await page.locator('#documents tbody tr', { hasText: POLICY_TITLE }).count()).toBe(0);
  });

  it('should rebuild the model from the whole library', async () => {
    await page.click('#rebuild');
    await expect.poll(() => page.textContent('#status'), { timeout: 60_000 }).toMatch(/^重建完成：builtin@/u);
    // The wrong token of the first test is the only failed request the browser logs (twice: documents, feedback).
    expect(watched.errors.filter((error) => !error.includes('status of 401'))).toEqual([]);
    expect(watched.errors).toHaveLength(2);
  });
});
