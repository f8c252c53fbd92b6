/** The pure parts of the web chat (citation markers, page options), tested without a browser. */
import { describe, expect, it } from 'vitest';
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
      expect(text).toBe('热线为12345。[1]\n\n依据：\n[1] 《示范规定》（第二条，第3页）');
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
