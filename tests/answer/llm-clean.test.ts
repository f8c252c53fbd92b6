import { describe, expect, it } from 'vitest';
import { cleanMarkers, markersIn, visibleText } from '../../src/answer/llm-clean.ts';

const ONE_TO_THREE = new Set([1, 2, 3]);

describe('llm cleaning', () => {
  describe('cleanMarkers', () => {
    it('should keep markers that point to a retrieved clause', () => {
      expect(cleanMarkers('补贴不超过50万元。[1]申请期限为30日。[3]', ONE_TO_THREE)).toBe('补贴不超过50万元。[1]申请期限为30日。[3]');
    });

    it('should remove markers that point to no retrieved clause', () => {
      expect(cleanMarkers('补贴不超过50万元。[1]另有奖励。[7]', ONE_TO_THREE)).toBe('补贴不超过50万元。[1]另有奖励。');
      expect(cleanMarkers('见条款。[0]', ONE_TO_THREE)).toBe('见条款。');
    });

    it('should normalize full-width and lenticular brackets and footnote carets to [k]', () => {
      expect(cleanMarkers('甲。【1】乙。［2］丙。[^3]', ONE_TO_THREE)).toBe('甲。[1]乙。[2]丙。[3]');
    });

    it('should split a list or a range of numbers into one marker each, dropping the invalid ones', () => {
      expect(cleanMarkers('甲。[1,2]', ONE_TO_THREE)).toBe('甲。[1][2]');
      expect(cleanMarkers('甲。[1，7、3]', ONE_TO_THREE)).toBe('甲。[1][3]');
      expect(cleanMarkers('甲。[1-3]', ONE_TO_THREE)).toBe('甲。[1][2][3]');
      expect(cleanMarkers('甲。[1-40]', ONE_TO_THREE)).toBe('甲。');
    });

    it('should keep consecutive markers and drop repeats', () => {
      expect(cleanMarkers('甲。[1][2]', ONE_TO_THREE)).toBe('甲。[1][2]');
      expect(cleanMarkers('甲。[1][1]【2】[1,2]', ONE_TO_THREE)).toBe('甲。[1][2]');
    });

    it('should move markers written before the full stop after it, as in the extractive answer', () => {
      expect(cleanMarkers('补贴不超过50万元 [1]。期限30日[2][9]！', ONE_TO_THREE)).toBe('补贴不超过50万元。[1]期限30日！[2]');
    });

    it('should leave bracketed years and document numbers alone', () => {
      expect(cleanMarkers('依据国办发〔2023〕12号和[2024]版目录。[1]', ONE_TO_THREE)).toBe('依据国办发〔2023〕12号和[2024]版目录。[1]');
    });

    it('should remove every marker when no clause was retrieved', () => {
      expect(cleanMarkers('政策库中没有相关规定。[1]', new Set())).toBe('政策库中没有相关规定。');
    });
  });

  describe('markersIn', () => {
    it('should list the cited clause numbers in order of first use', () => {
      expect(markersIn('甲。[2]乙。[1][2]丙。[3]')).toEqual([2, 1, 3]);
    });
  });

  describe('visibleText', () => {
    it('should drop a reasoning block, closed or opened by the template', () => {
      expect(visibleText('<think>先想想[9]</think>答案。[1]', true)).toBe('答案。[1]');
      expect(visibleText('先想想</think>答案。[1]', true)).toBe('答案。[1]');
    });

    it('should hold back an unclosed block and a possible tag start while streaming', () => {
      expect(visibleText('<think>还在想', false)).toBe('');
      expect(visibleText('答案。<thi', false)).toBe('答案。');
      expect(visibleText('答案。<thi', true)).toBe('答案。<thi');
    });
  });
});
