import { describe, expect, it } from 'vitest';
import { parseSeedText } from '../../src/library/parse-file.ts';
import { statusNote, validityOf } from '../../src/library/validity.ts';
import { seedName, seedText } from './seeds.ts';

const plain = { title: '某市人民政府关于印发某某办法的通知', date: '2023-05-15' };

describe('library status and validity', () => {
  describe('what the title says', () => {
    it('should call 征求意见稿 and 草案 drafts, whatever period the text states', () => {
      expect(validityOf({ title: '东莞市优化营商环境条例（草案征求意见稿）', date: null }, '第六十条 本条例自 202X 年 X 月 X 日起施行。', '2024-01-01').status).toBe('draft');
      expect(validityOf({ title: '沈阳市优化营商环境条例（草案）', date: null }, '', '2024-01-01').status).toBe('draft');
    });

    it('should call 试行 rules trials, with the trial period where stated', () => {
      const trial = validityOf({ title: '某管理办法（试行）', date: '2023-06-26' }, '本办法自印发之日起试行，试行期两年。', '2024-01-01');
      expect(trial).toEqual({ status: 'trial', effectiveFrom: '2023-06-26', effectiveUntil: '2025-06-25' });
    });
  });

  describe('the period the document states for itself', () => {
    it('should count 有效期 N 年 from the stated first day, Chinese numerals too', () => {
      expect(validityOf(plain, '本措施自 2023 年 5 月 15 日起实施，有效期三年。', '2024-01-01')).toEqual({ status: 'in_force', effectiveFrom: '2023-05-15', effectiveUntil: '2026-05-14' });
    });

    it('should count 自印发之日起 from the document date, across wrapped lines', () => {
      expect(validityOf(plain, '第三十条本政策自发布之日起实施，\n有效期五年，由市招商引资工作领导小组办公室负责解释。', '2024-01-01'))
        .toEqual({ status: 'in_force', effectiveFrom: '2023-05-15', effectiveUntil: '2028-05-14' });
    });

    it('should read an end date stated with 至…止', () => {
      expect(validityOf(plain, '本方案自2023年1月1日起施行，有效期至2023年12月31日止。', '2024-01-01')).toEqual({ status: 'expired', effectiveFrom: '2023-01-01', effectiveUntil: '2023-12-31' });
    });

    it('should be expired only once the last day has passed', () => {
      const body = '本通知自2023年2月10日起施行，有效期5年。';
      expect(validityOf(plain, body, '2028-02-09').status).toBe('in_force');
      expect(validityOf(plain, body, '2028-02-10').status).toBe('expired');
    });

    it('should not take the period of one measure, or of a cited act, for the document', () => {
      const body = '对小微企业减免费用，执行期限至2023年12月31日。《某条例》自2020年1月1日起施行。';
      expect(validityOf(plain, body, '2025-01-01')).toEqual({ status: 'in_force', effectiveFrom: null, effectiveUntil: null });
    });

    it('should leave the period open when 自印发之日起 has no document date to count from', () => {
      expect(validityOf({ title: plain.title, date: null }, '本办法自发布之日起施行，有效期 5 年。', '2030-01-01')).toEqual({ status: 'in_force', effectiveFrom: null, effectiveUntil: null });
    });
  });

  describe('on the seeds, the day injected', () => {
    const find = (today: string) => parseSeedText(seedName('003'), seedText('003'), today).documents.find((doc) => doc.title.startsWith('深圳市前海深港现代服务业合作区管理局'));

    it('should see 前海\'s three-year measures in force in 2024 and expired in 2027', () => {
      expect(find('2024-01-01')).toMatchObject({ status: 'in_force', effectiveFrom: '2023-05-15', effectiveUntil: '2026-05-14' });
      expect(find('2027-01-01')?.status).toBe('expired');
    });
  });

  describe('the note a sentence citing the document carries', () => {
    it('should say drafts are not in force, trials are trials, expired documents expired, and nothing of documents in force', () => {
      expect(statusNote('draft')).toBe('（征求意见稿，尚未施行）');
      expect(statusNote('trial')).toBe('（试行）');
      expect(statusNote('expired')).toBe('（已失效）');
      expect(statusNote('in_force')).toBe('');
    });
  });
});
