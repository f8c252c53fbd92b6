/**
 * The chat page in headless Chromium against the real server on the real seeds: streamed cited answers,
 * the source panel, follow-ups, feedback, copy, refusal, the connection states and a phone screen.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeAll, launchBrowser, newContext, type openPage, pageSlot, screenshot } from '../helpers/browser.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const QUESTION = '银川市营商环境投诉“直通车”制度的投诉举报电话是多少？';
const PHONE_NUMBER = '5556666';
const REFUSED_QUESTION = '拉萨市的企业开办补贴标准是多少？';

/** Types a question, sends it with Enter and waits for its answer to be complete. */
async function ask(page: Page, question: string): Promise<Locator> {
  const answers = page.locator('.answer');
  const before = await answers.count();
  await page.fill('#question', question);
  await page.press('#question', 'Enter');
  const answer = answers.nth(before);
  await answer.and(page.locator('[aria-busy="false"]')).waitFor();
  return answer;
}

/** The JSON messages the page sent over the chat WebSocket. */
function sentFrames(page: Page): Array<Record<string, unknown>> {
  const frames: Array<Record<string, unknown>> = [];
  page.on('websocket', (socket) => socket.on('framesent', ({ payload }) => frames.push(JSON.parse(String(payload)) as Record<string, unknown>)));
  return frames;
}

describe('web chat page', { timeout: 30_000 }, () => {
  let server: TestServer;
  let browser: Browser;
  /** Desktop pages share one context (it takes a second to make); phone tests make their own. */
  let desktop: BrowserContext;
  const slot = pageSlot();

  async function open(options: Parameters<typeof openPage>[1] = {}, before?: (page: Page) => Promise<void> | void): Promise<Page> {
    const current = await slot.open(desktop, browser, options);
    await before?.(current.page);
    await current.page.goto(`${server.url}/`);
    return current.page;
  }

  beforeAll(async () => {
    [server, browser] = await Promise.all([startTestServer(), launchBrowser()]);
    desktop = await newContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] });
  }, 180_000);

  afterEach(async () => {
    expect(await slot.close()).toEqual([]);
  });

  afterAll(() => closeAll(desktop, browser, server));

  describe('on a desktop screen', () => {
    it('should greet with starter questions once the live connection is up', async () => {
      const page = await open();
      await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('online');
      expect(await page.locator('.starter').count()).toBeGreaterThanOrEqual(3);
      expect(await page.locator('#banner').isHidden()).toBe(true);
      expect(await page.title()).toBe('营商环境政策问答');
      const font = await page.locator('body').evaluate((body) => getComputedStyle(body).fontFamily);
      expect(font).toContain('WenQuanYi Zen Hei');
    });

    it('should stream a cited answer over the WebSocket', async () => {
      const page = await open();
      const frames = sentFrames(page);
      const received: string[] = [];
      page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => received.push(JSON.parse(String(payload)).type as string)));
      await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('online');
      const answer = await ask(page, QUESTION);
      expect(await answer.locator('.answer-text').innerText()).toContain(PHONE_NUMBER);
      expect(await answer.locator('.answer-text .cite').count()).toBeGreaterThanOrEqual(1);
      expect(await answer.locator('.source').count()).toBeGreaterThanOrEqual(1);
      expect(frames.filter((frame) => frame.type === 'ask').map((frame) => frame.question)).toEqual([QUESTION]);
      expect(received).toEqual(expect.arrayContaining(['hello', 'sentence', 'citations', 'done']));
      await screenshot(page, 'chat-answer');
    });

    it('should open the cited clause in the side panel, highlighted among its neighbours', async () => {
      const page = await open();
      const answer = await ask(page, QUESTION);
      const marker = answer.locator('.answer-text .cite').first();
      const title = await answer.locator('.source-doc').first().innerText();
      await marker.click();
      const panel = page.locator('#source-panel');
      await panel.locator('.clause.is-cited').waitFor();
      expect(await panel.locator('.panel-title').innerText()).toBe(title);
      const meta = await panel.locator('.panel-meta').innerText();
      // The 银川 plan is one document of a compilation (002): its page is the compilation's, and no seed file name shows.
      expect(meta).toMatch(/文号[\s\S]*银政办发〔2023〕17号[\s\S]*发布[\s\S]*银川市人民政府办公室[\s\S]*日期[\s\S]*2023年3月1日[\s\S]*条款[\s\S]*三、主要任务[\s\S]*页码[\s\S]*汇编第 \d+ 页/u);
      expect(meta).not.toMatch(/\.txt|来源/u);
      expect(await answer.locator('.source-meta').first().innerText()).toContain('银政办发〔2023〕17号');
      expect(await answer.locator('.source').first().innerText()).not.toMatch(/\.txt/u);
      expect(await panel.locator('.clause').count()).toBeGreaterThanOrEqual(3);
      expect(await panel.locator('.clause.is-cited mark').innerText()).toContain(PHONE_NUMBER);
      await screenshot(page, 'chat-source-panel');
      await page.keyboard.press('Escape');
      expect(await panel.isHidden()).toBe(true);
      expect(await marker.evaluate((element) => element === document.activeElement)).toBe(true);
    });

    it('should send the previous turns with a follow-up question', async () => {
      const page = await open();
      const frames = sentFrames(page);
      await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('online');
      const first = await ask(page, QUESTION);
      await ask(page, '这个制度由哪个部门牵头？');
      const asks = frames.filter((frame) => frame.type === 'ask');
      expect(asks).toHaveLength(2);
      expect(asks[0]).not.toHaveProperty('history');
      expect(asks[1]!.history).toEqual([
        { role: 'user', content: QUESTION },
        { role: 'assistant', content: expect.stringContaining(PHONE_NUMBER) },
      ]);
      expect(await first.isVisible()).toBe(true);
    });

    it('should offer the places of the library and answer from the one chosen only', async () => {
      const page = await open();
      const frames = sentFrames(page);
      const received: Array<{ type?: string; citations?: { docId: string }[] }> = [];
      page.on('websocket', (socket) => socket.on('framereceived', ({ payload }) => received.push(JSON.parse(String(payload)) as (typeof received)[number])));
      await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('online');
      await expect.poll(() => page.isVisible('#place-filter')).toBe(true);
      const options = await page.$$eval('#place-filter option', (items) => items.map((item) => [item.getAttribute('value'), item.textContent]));
      expect(options).toContainEqual(['region:甘肃', expect.stringMatching(/^甘肃（\d+）$/u)]);
      expect(options.some(([value]) => value?.startsWith('city:'))).toBe(true);
      await page.selectOption('#place-filter', 'region:甘肃');
      const answer = await ask(page, '企业开办需要几个工作日？');
      expect(frames.find((frame) => frame.type === 'ask')?.filters).toEqual({ region: '甘肃' });
      expect(await answer.isVisible()).toBe(true);
      const { documents } = (await (await fetch(`${server.url}/api/documents`)).json()) as { documents: { id: string; region: string | null }[] };
      const gansu = new Set(documents.filter((document) => document.region === '甘肃').map((document) => document.id));
      const citations = received.find((frame) => frame.type === 'done')?.citations ?? [];
      expect(citations.length).toBeGreaterThan(0);
      expect(citations.every((citation) => gansu.has(citation.docId))).toBe(true);
    });

    it('should store thumbs-up feedback on the server, and a changed vote under the same vote id', async () => {
      const page = await open();
      const answer = await ask(page, QUESTION);
      const [up, down] = [answer.getByRole('button', { name: '有帮助' }), answer.getByRole('button', { name: '没帮助' })];
      await up.click();
      await answer.getByText('感谢您的反馈').waitFor();
      expect([await up.getAttribute('aria-pressed'), await down.getAttribute('aria-pressed')]).toEqual(['true', 'false']);
      const file = path.join(server.dataDir, 'feedback.jsonl');
      const stored = JSON.parse((await readFile(file, 'utf8')).trim().split('\n').at(-1)!) as Record<string, unknown>;
      expect(stored).toMatchObject({ rating: 'up', question: QUESTION, answer: expect.stringContaining(PHONE_NUMBER), vote: expect.stringMatching(/^[0-9a-f]{32}$/u) });
      expect(stored.citations).toHaveLength(await answer.locator('.source').count());
      // The same button again sends nothing; the other one changes the vote.
      await up.click();
      await down.click();
      await answer.getByText('已更新您的反馈').waitFor();
      expect([await up.getAttribute('aria-pressed'), await down.getAttribute('aria-pressed')]).toEqual(['false', 'true']);
      const votes = (await readFile(file, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.vote === stored.vote);
      expect(votes.map((line) => line.rating)).toEqual(['up', 'down']);
    });

    it('should copy the answer together with its sources', async () => {
      const page = await open();
      const answer = await ask(page, QUESTION);
      await answer.getByRole('button', { name: '复制' }).click();
      await answer.getByText('已复制').waitFor();
      // The note answers the click and then goes: it is not part of the answer.
      await answer.getByText('已复制').waitFor({ state: 'hidden', timeout: 6000 });
      const copied = await page.evaluate(() => navigator.clipboard.readText());
      expect(copied).toContain(PHONE_NUMBER);
      expect(copied).toMatch(/依据：\n\[1\] 《.+》/u);
    });

    it('should start a new conversation without the old turns', async () => {
      const page = await open();
      const frames = sentFrames(page);
      await expect.poll(() => page.locator('#connection').getAttribute('data-state')).toBe('online');
      await ask(page, QUESTION);
      await page.getByRole('button', { name: '新对话' }).click();
      expect(await page.locator('.message').count()).toBe(1);
      expect(await page.locator('.welcome').isVisible()).toBe(true);
      await ask(page, '售电公司连续多长时间未进行实际交易会被暂停交易资格？');
      expect(frames.filter((frame) => frame.type === 'ask').at(-1)).not.toHaveProperty('history');
    });

    it('should show a refusal, without citations, when the library has no basis', async () => {
      const page = await open();
      const answer = await ask(page, REFUSED_QUESTION);
      expect(await answer.getAttribute('class')).toContain('is-refused');
      expect(await answer.locator('.refusal-title').innerText()).toContain('未找到可靠依据');
      expect(await answer.locator('.cite, .source').count()).toBe(0);
      await screenshot(page, 'chat-refusal');
    });

    it('should say that it cannot choose for the asker, not that the question is outside policy', async () => {
      const page = await open();
      const answer = await ask(page, '我们公司年会想在三亚办，哪家海边酒店性价比高？');
      expect(await answer.getAttribute('data-status')).toBe('off_topic');
      expect(await answer.locator('.refusal-title').innerText()).toContain('无法代为比较或选择');
      expect(await answer.locator('.refusal-hint').innerText()).toContain('具体规定');
      const task = await ask(page, '帮我写一封给客户的催款函');
      expect(await task.locator('.refusal-title').innerText()).toContain('不代写');
      const weather = await ask(page, '今天天气怎么样');
      expect(await weather.locator('.refusal-title').innerText()).toContain('超出政策问答范围');
      // The answer itself says what to ask instead: no second hint repeats it.
      expect(await weather.locator('.refusal-hint').count()).toBe(0);
    });

    it('should head the clauses a refusal shows as related, not as the basis of an answer', async () => {
      const page = await open();
      const answer = await ask(page, '我在长春开的小店之前因为疫情停了一段时间，当时办过歇业，现在想重新开门营业，需要怎么办？');
      expect(await answer.getAttribute('data-status')).toBe('not_found');
      expect(await answer.locator('.sources-title').innerText()).toBe('相关条款（仅供参考）');
      // The related clause starts on a line of its own, its place a label as in answers.
      expect(await answer.locator('.answer-text br').count()).toBe(1);
      expect(await answer.locator('.place-label').first().innerText()).toBe('吉林');
    });

    it('should show a partial answer that quotes no clause with a hint that points nowhere above it', async () => {
      const page = await open();
      const answer = await ask(page, '万州区政府采购中，中小企业的价格扣除比例是多少？');
      expect(await answer.getAttribute('data-status')).toBe('partial');
      expect(await answer.locator('.answer-text').innerText()).toContain('没有规定具体比例');
      expect(await answer.locator('.source').count()).toBe(0);
      expect(await answer.locator('.refusal-hint').innerText()).toBe('所问的具体内容请咨询发文部门。');
    });

    it('should show a partial answer apart from a full one and from a refusal, with its place label and source', async () => {
      const page = await open();
      const answer = await ask(page, '延安对列入省级绿色工厂名单的企业奖励多少钱？');
      expect(await answer.getAttribute('data-status')).toBe('partial');
      expect(await answer.getAttribute('class')).toContain('is-partial');
      expect(await answer.getAttribute('class')).not.toContain('is-refused');
      expect(await answer.locator('.refusal-title').innerText()).toContain('部分依据');
      expect(await answer.locator('.place-label').first().innerText()).toBe('延安');
      expect(await answer.locator('.source').count()).toBeGreaterThan(0);
      await screenshot(page, 'chat-partial');
    });

    it('should keep focus inside the open citation panel and close it with Escape from anywhere', async () => {
      const page = await open();
      const answer = await ask(page, QUESTION);
      await answer.locator('.cite').first().click();
      const panel = page.locator('#source-panel');
      await panel.waitFor({ state: 'visible' });
      for (let i = 0; i < 8; i++) {
        await page.keyboard.press('Tab');
        expect(await page.evaluate(() => document.getElementById('source-panel')?.contains(document.activeElement))).toBe(true);
      }
      await page.evaluate(() => (document.getElementById('question') as HTMLElement).focus());
      expect(await page.evaluate(() => document.getElementById('source-panel')?.contains(document.activeElement))).toBe(true);
      await page.keyboard.press('Escape');
      await panel.waitFor({ state: 'hidden' });
    });

    it('should say when a pasted question was cut at the 500-character limit', async () => {
      const page = await open();
      await page.focus('#question');
      await page.evaluate((text) => {
        const box = document.getElementById('question') as HTMLTextAreaElement;
        const data = new DataTransfer();
        data.setData('text/plain', text);
        box.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
        // A synthetic paste inserts nothing: put in what the browser would, cut by maxlength.
        box.value = text.slice(0, box.maxLength);
        box.dispatchEvent(new Event('input', { bubbles: true }));
      }, '我公司是一家在广州注册的企业，'.repeat(40));
      expect(await page.locator('#counter').innerText()).toBe('已截断至 500 字');
      await page.fill('#question', '短问题');
      expect(await page.locator('#counter').innerText()).toBe('3/500');
    });

    it('should close the citation panel when the reader clicks the question box beside it, and let them type', async () => {
      const page = await open();
      const answer = await ask(page, QUESTION);
      await answer.locator('.cite').first().click();
      const panel = page.locator('#source-panel');
      await panel.waitFor({ state: 'visible' });
      await page.click('#question');
      await panel.waitFor({ state: 'hidden' });
      await page.keyboard.type('下一个问题');
      expect(await page.inputValue('#question')).toBe('下一个问题');
      // A marker clicked while the panel is open opens its own clause: closing first must not move it away.
      await answer.locator('.cite').first().click();
      await panel.waitFor({ state: 'visible' });
      const last = answer.locator('.cite').last();
      await last.click();
      await panel.waitFor({ state: 'visible' });
      expect(await page.locator('#source-panel [data-part="title"]').innerText()).not.toBe('');
    });
  });

  describe('when the connection fails', () => {
    it('should answer over HTTP while the WebSocket cannot connect, and say so', async () => {
      const page = await open({}, (p) => p.routeWebSocket(/\/api\/chat$/u, (socket) => socket.close()));
      await page.locator('#banner').getByText('实时连接已断开').waitFor();
      const posted = page.waitForRequest((request) => request.url().endsWith('/api/ask') && request.method() === 'POST');
      const answer = await ask(page, QUESTION);
      await posted;
      expect(await answer.locator('.answer-text').innerText()).toContain(PHONE_NUMBER);
      expect(await page.locator('#connection').getAttribute('data-state')).not.toBe('online');
      await screenshot(page, 'chat-connection-lost');
    });

    it('should reconnect after the live connection drops', async () => {
      let connections = 0;
      const page = await open({}, (p) => p.routeWebSocket(/\/api\/chat$/u, (socket) => {
        connections += 1;
        socket.connectToServer();
        // The first connection drops after its greeting; the reconnect stays.
        if (connections === 1) setTimeout(() => void socket.close(), 300);
      }));
      await page.locator('#banner').getByText('实时连接已断开').waitFor();
      await expect.poll(() => page.locator('#connection').getAttribute('data-state'), { timeout: 10_000 }).toBe('online');
      expect(connections).toBe(2);
      expect(await page.locator('#banner').isHidden()).toBe(true);
      const answer = await ask(page, QUESTION);
      expect(await answer.locator('.cite').count()).toBeGreaterThanOrEqual(1);
    });

    it('should wait for the index to be built before taking questions', async () => {
      let ready = false;
      const page = await open({}, async (p) => {
        await p.route('**/api/health', (route) => route.fulfill({ json: { status: 'ok', ready, chunks: 0, model: null } }));
        await p.routeWebSocket(/\/api\/chat$/u, (socket) => socket.send(JSON.stringify({ type: 'hello', ready: false })));
      });
      await page.locator('#banner').getByText('索引正在构建中').waitFor();
      // Regression: the banner once read "…即可提问。null" (an absent retry button appended as text).
      expect(await page.locator('#banner').innerText()).toBe('政策库索引正在构建中，通常需要几十秒，完成后即可提问。');
      await page.fill('#question', QUESTION);
      expect(await page.locator('#send').isDisabled()).toBe(true);
      await screenshot(page, 'chat-not-ready');
      ready = true;
      await expect.poll(() => page.locator('#send').isDisabled(), { timeout: 10_000 }).toBe(false);
      expect(await page.locator('#banner').isHidden()).toBe(true);
    });
  });

  describe('on a 360 × 740 phone', () => {
    it('should fit the screen and open the source panel over the chat', async () => {
      const page = await open({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
      await page.locator('.starter').first().waitFor();
      await screenshot(page, 'phone-welcome');
      const answer = await ask(page, QUESTION);
      const widest = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(widest).toBeLessThanOrEqual(360);
      const send = await page.locator('#send').boundingBox();
      expect(send!.x + send!.width).toBeLessThanOrEqual(360);
      // The question box keeps the width of the screen, not what the place filter and send button leave of it.
      const box = await page.locator('.composer textarea').boundingBox();
      expect(box!.width).toBeGreaterThan(280);
      // The connection's state stays in view as its dot, its words kept for screen readers and as the tooltip.
      const connection = page.locator('#connection');
      expect(await connection.isVisible()).toBe(true);
      expect((await connection.boundingBox())!.width).toBeLessThan(20);
      expect([await connection.textContent(), await connection.getAttribute('title')]).toEqual(['实时连接', '实时连接']);
      // Every marker stays on the line of its sentence's last characters: never a marker alone at a line's start.
      const lines = await answer.locator('.cited-end').evaluateAll((ends) => ends.map((end) => end.getClientRects().length));
      expect(lines.length).toBeGreaterThan(0);
      expect(lines.every((count) => count === 1)).toBe(true);
      await screenshot(page, 'phone-answer');
      await answer.locator('.answer-text .cite').first().tap();
      await page.locator('.clause.is-cited').waitFor();
      const panel = await page.locator('#source-panel').boundingBox();
      expect(panel).toMatchObject({ x: 0, width: 360 });
      await screenshot(page, 'phone-source-panel');
    });
  });

  describe('with the keyboard only', () => {
    it('should ask a starter question and open a citation without a mouse', async () => {
      const page = await open();
      await page.locator('.starter').first().waitFor();
      for (let presses = 0; presses < 10 && !(await page.evaluate(() => document.activeElement?.classList.contains('starter'))); presses++) {
        await page.keyboard.press('Tab');
      }
      const starter = await page.evaluate(() => document.activeElement?.textContent);
      expect(starter).toBeTruthy();
      await page.keyboard.press('Enter');
      const answer = page.locator('.answer').first();
      await answer.and(page.locator('[aria-busy="false"]')).waitFor();
      expect(await page.locator('.message-user').innerText()).toBe(starter);
      const marker = answer.locator('.answer-text .cite').first();
      await marker.focus();
      await page.keyboard.press('Enter');
      await page.locator('.clause.is-cited').waitFor();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('关闭引用来源');
      await page.keyboard.press('Escape');
      expect(await page.locator('#source-panel').isHidden()).toBe(true);
      expect(await marker.evaluate((element) => element === document.activeElement)).toBe(true);
      expect(await page.locator('#messages').getAttribute('aria-live')).toBe('polite');
    });
  });
});
