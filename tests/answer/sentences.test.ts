import { describe, expect, it } from 'vitest';
import { shortenSentence } from '../../src/answer/sentences.ts';

describe('shortening a sentence', () => {
  // A real clause of the seeds (甘肃, 企业开办): the figure stands in its last part.
  const sentence = '推动企业开办全流程“一件事一次办”，凡是涉及企业开办事项一表采集、一次性提交的材料，不得要求申请人重新网上填报或线下分次提交，将全省企业开办全流程办理时限压减至1 个工作日。';
  const weight = (part: string) => (/办理时限|工作日/u.test(part) ? 1 : 0);

  it('should keep a sentence within the budget whole', () => {
    expect(shortenSentence(sentence, 200, weight)).toBe(sentence);
  });

  it('should keep the best-weighted span and leave out a lead-in that adds nothing', () => {
    expect(shortenSentence(sentence, 80, weight)).toBe('将全省企业开办全流程办理时限压减至1 个工作日。');
  });

  it('should not stop on a condition whose provision it leaves out', () => {
    // 广东, 个体工商户 measure 16: the question's word stands in the condition, the figures in the provision after it.
    const long = '脱贫人口、登记失业半年以上的人员、毕业年度内高校毕业生，从事个体经营的，自办理个体工商户登记当月起，在 3 年（36 个月）内按每户每年 14400 元为限额依次扣减其当年实际应缴纳的增值税。';
    const shortened = shortenSentence(long, 60, (part) => (part.includes('个体工商户') ? 1 : 0));
    expect(shortened).toContain('14400 元');
    expect(shortened).not.toMatch(/起$/u);
  });

  it('should stop on a condition when every other stretch is worth nothing', () => {
    const long = '符合条件的小微企业申请创业担保贷款的，由经办银行按规定审核并发放贷款，财政部门按规定给予贴息支持，具体办法另行制定。';
    expect(shortenSentence(long, 20, (part) => (part.includes('创业担保贷款') ? 1 : 0))).toBe('符合条件的小微企业申请创业担保贷款的');
  });

  it('should cut a single part longer than the budget with an ellipsis', () => {
    expect(shortenSentence('一二三四五六七八九十', 4, () => 1)).toBe('一二三四…');
  });
});
