/** The pure parts of the web chat (citation markers, page options), tested without a browser. */
import { describe, expect, it } from 'vitest';
import { chineseDate, documentLine, pageText, statusText } from '../../web/citation-label.js';
import { answerForCopy, quoteRanges, quotesFor, splitMarkers } from '../../web/markers.js';
import { DEFAULT_WELCOME, readPageOptions } from '../../web/page-options.js';

describe('web markers', () => {
  describe('splitMarkers', () => {
    it('should cut an answer into text and markers in order', () => {
      expect(splitMarkers('甲。[1]乙。[2][3]')).toEqual([
        { type: 'text', text: '甲。' },
        { type: 'marker', n: 1, raw: '[1]' },
        { type: 'text', text: '乙。' },
        { type: 'marker', n: 2, raw: '[2]' },
        { type: 'marker', n: 3, raw: '[3]' },
      ]);
    });

    it('should read a list marker [1,2] as two markers', () => {
      expect(splitMarkers('甲[1，2]').filter((part) => part.type === 'marker').map((part) => part.n)).toEqual([1, 2]);
    });

    it('should leave text with no markers whole, markup included', () => {
      expect(splitMarkers('<img src=x onerror=alert(1)>')).toEqual([{ type: 'text', text: '<img src=x onerror=alert(1)>' }]);
    });
  });

  describe('quotesFor', () => {
    it('should give the sentences that cite a number', () => {
      const answer = '第一句。[1]第二句。[2]第三句。[1][2]';
      expect(quotesFor(answer, 1)).toEqual(['第一句。', '第三句。']);
      expect(quotesFor(answer, 2)).toEqual(['第二句。', '第三句。']);
      expect(quotesFor(answer, 3)).toEqual([]);
    });
  });

  describe('quoteRanges', () => {
    it('should find every quote and merge overlapping ones', () => {
      expect(quoteRanges('abcdefabc', ['abc', 'cde'])).toEqual([[0, 5], [6, 9]]);
      expect(quoteRanges('abc', ['', 'zz'])).toEqual([]);
    });

    it('should find a sentence whose place label and normalized end are not in the clause (regression)', () => {
      const clause = '（一）持续发挥好“5556666”投诉举报电话作用；及时化解诉求。';
      expect(quoteRanges(clause, ['银川：持续发挥好“5556666”投诉举报电话作用。'])).toEqual([[3, 25]]);
    });
  });

  describe('answerForCopy', () => {
    it('should put the sources under the answer', () => {
      const text = answerForCopy({
        answer: '热线为12345。[1]',
        citations: [{ n: 1, docTitle: '示范规定', clause: '第二条', page: 3 }],
      });
      expect(text).toBe('热线为12345。[1]\n\n依据：\n[1] 《示范规定》（第二条，第 3 页）');
    });

    it('should not wrap a title that holds its own 《》 again', () => {
      const text = answerForCopy({ answer: '甲。[1]', citations: [{ n: 1, docTitle: '国家海关《核准出口商管理办法》', clause: '第七条', page: null }] });
      expect(text).toBe('甲。[1]\n\n依据：\n[1] 国家海关《核准出口商管理办法》（第七条）');
    });

    it('should name each source by its 文号, issuer, date and status, and label a page of a compilation as such', () => {
      const text = answerForCopy({
        answer: '条例草案规定如此。[1]',
        citations: [{ n: 1, docTitle: '某市条例（草案）', clause: '第五条', page: 12, pageLabel: '汇编第 12 页', docNumber: '某政发〔2023〕1号', issuer: '某市人民政府', date: '2023-03-07', status: 'draft' }],
      });
      expect(text).toBe('条例草案规定如此。[1]\n\n依据：\n[1] 《某市条例（草案）》 某政发〔2023〕1号 · 某市人民政府 · 2023年3月7日 · 征求意见稿，尚未施行（第五条，汇编第 12 页）');
    });
  });

  describe('citation labels', () => {
    it('should write dates the Chinese way, a month-only date too', () => {
      expect(chineseDate('2023-06-03')).toBe('2023年6月3日');
      expect(chineseDate('2023-06')).toBe('2023年6月');
      expect(chineseDate(null)).toBe('');
    });

    it('should prefer the page label of the server and tell only statuses worth telling', () => {
      expect(pageText({ page: 5, pageLabel: '汇编第 5 页' })).toBe('汇编第 5 页');
      expect(pageText({ page: null, pageLabel: null })).toBe('');
      expect(statusText('in_force')).toBe('');
      expect(statusText('expired')).toBe('已失效');
      expect(documentLine({ page: null, docNumber: null, issuer: '国务院', date: null, status: 'in_force' })).toBe('国务院');
    });
  });
});

describe('web page options', () => {
  it('should read the widget options from the query string', () => {
    expect(readPageOptions('?embed=1&title=政策问答&color=%23b3261e&welcome=您好')).toEqual({ embed: true, title: '政策问答', color: '#b3261e', welcome: '您好' });
  });

  it('should drop a colour that is not a hex colour and default the rest', () => {
    expect(readPageOptions('?color=red;background:url(x)')).toEqual({ embed: false, title: null, color: null, welcome: DEFAULT_WELCOME });
  });
});
