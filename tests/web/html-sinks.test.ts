/** A guard for the web code itself: nothing in web/ may turn a string into HTML or code. */
import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

const WEB = new URL('../../web/', import.meta.url);
const SINKS = /\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|\beval\(|new Function\(|setAttribute\(\s*['"]on/u;

describe('web sources', () => {
  it('should never use an HTML or code sink', async () => {
    const files = (await readdir(WEB)).filter((name) => name.endsWith('.js') && !name.endsWith('.d.ts'));
    expect(files).toEqual(expect.arrayContaining(['app.js', 'messages.js', 'source-panel.js', 'widget.js']));
    const offenders: string[] = [];
    for (const file of files) {
      const lines = (await readFile(new URL(file, WEB), 'utf8')).split('\n');
      lines.forEach((line, k) => SINKS.test(line) && offenders.push(`${file}:${k + 1}: ${line.trim()}`));
    }
    expect(offenders).toEqual([]);
  });

  it('should keep every script in a file, as the Content-Security-Policy requires', async () => {
    for (const page of ['index.html', 'embed-demo.html']) {
      const html = await readFile(new URL(page, WEB), 'utf8');
      expect(html.match(/<script(?![^>]*\bsrc=)[^>]*>/gu) ?? [], page).toEqual([]);
      expect(html, page).not.toMatch(/\son[a-z]+=/u);
    }
  });
});
