/** What figure a question asks for, read from its wording alone. */
import { describe, expect, it } from 'vitest';
import { ANY_FIGURE, profileQuestion, statesFigure } from '../../src/answer/question.ts';

const figureOf = (question: string) => profileQuestion(question, () => 1, []).figure;

describe('the figure a question asks for', () => {
  it('should take a span for 多长时间, never a date', () => {
    const figure = figureOf('开办企业要求多长时间办完？');
    for (const span of ['压缩至1个工作日', '3 天内办结', '三个月', '可缓缴6个月一次性补缴', '当日办结', '当场作出许可决定', '即时办理']) expect(figure.test(span), span).toBe(true);
    for (const date of ['每年10月15日为“优化营商环境日”', '2023年底前完成', '6月底前完成', '当天通过短信告知用户']) expect(figure.test(date), date).toBe(false);
  });

  it('should take a date for 什么时候, and how often for 多久一次', () => {
    expect(figureOf('什么时候全面实行？').test('8 月1 日起全面实行')).toBe(true);
    expect(figureOf('什么时候之前实现？').test('于2022年底前全面实现')).toBe(true);
    expect(figureOf('多久开展一次联审联批？').test('各区每季度至少开展1次')).toBe(true);
    expect(figureOf('增值税什么时候申报？').test('每月15日前申报')).toBe(true);
    expect(figureOf('服务月定在每年几月？').test('将每年六月设为全国中小企业服务月')).toBe(true);
    expect(figureOf('一次性告知制度什么时候实行？').test('自2023年1月1日起')).toBe(true);
    expect(figureOf('多久能办完？').test('每季度')).toBe(false);
  });

  it('should read 多少天 as a period, and 近几年 or 多少年轻人 as none', () => {
    expect(profileQuestion('审批时间最多多少天？', () => 1, []).figureKind).toBe('period');
    expect(profileQuestion('企业开办要提前几天预约？', () => 1, []).figureKind).toBe('period');
    expect(profileQuestion('近几年甘肃出台了哪些惠企政策？', () => 1, []).wantsNumber).toBe(false);
    expect(profileQuestion('有多少年轻人返乡创业？', () => 1, []).figureKind).not.toBe('period');
  });

  it('should read 哪一天 as a date, 按什么比例 as a share or a ratio, and 总投资的多少 as a share', () => {
    expect(profileQuestion('企业家日是每年哪一天？', () => 1, []).wantsNumber).toBe(true);
    expect(figureOf('企业家日是每年哪一天？').test('每年11月1日为企业家日')).toBe(true);
    expect(figureOf('按什么比例分担风险？').test('按4∶3∶2∶1的比例分担风险')).toBe(true);
    expect(figureOf('按什么比例分担风险？').test('上午9:30开始受理')).toBe(false);
    expect(profileQuestion('资金调整不超过概算总投资的多少？', () => 1, []).figureKind).toBe('share');
    expect(profileQuestion('能拿到的多少钱补贴？', () => 1, []).figureKind).toBe('amount');
    expect(profileQuestion('受理申请后的多少个工作日内作出决定？', () => 1, []).figureKind).toBe('period');
    expect(profileQuestion('补贴每年几月发放？', () => 1, []).figureKind).toBe('period');
    expect(profileQuestion('这个政策是几号文件？', () => 1, []).wantsNumber).toBe(false);
    expect(figureOf('配套资金按什么比例？').test('省市按1：1配套')).toBe(true);
    // How much is let off: a sum or a share, not a span (一般登记压缩至 5 天).
    expect(profileQuestion('不动产登记费具体能免多少？', () => 1, []).figureKind).toBe('amount');
    expect([figureOf('不动产登记费具体能免多少？').test('减免50%'), figureOf('不动产登记费具体能免多少？').test('一般登记压缩至 5 天')]).toEqual([true, false]);
    // What the figure is of: 税 may be; a linking character (由, 时) never is.
    expect(profileQuestion('个体户一个月要交多少税？', (word) => (word === '税' ? 5 : 1), []).focus).toBe('税');
    expect(profileQuestion('不超过总投资的多少可以由单位调整？', () => 1, []).focus).not.toBe('由');
    // Nor a character of the question word itself (最多多少 leaves 最 and 多 among the terms), however rare.
    expect(['处罚', '罚款']).toContain(profileQuestion('骗取认定会怎么处罚？罚款最多多少？', (word) => (word === '多' || word === '最' ? 9 : 1), []).focus);
  });
});

describe('figures that state nothing', () => {
  const profile = (question: string) => profileQuestion(question, () => 1, []);

  it('should leave out a document\'s name and number, an article\'s number and a draft\'s blank date', () => {
    const when = profile('条例什么时候开始施行？');
    expect(statesFigure(when, '按照《知识产权强区建设纲要（2021-2035 年）》的部署')).toBe(false);
    expect(statesFigure(when, '（宁党发〔2022〕27 号）')).toBe(false);
    expect(statesFigure(when, '本条例自20××年×月×日起施行')).toBe(false);
    expect(statesFigure(when, '本条例自202X年X月X日起施行')).toBe(false);
    // An issuing title, whole or cut where a PDF's line ends.
    expect(statesFigure(when, '宁夏自治区知识产权局关于印发2023 年宁夏知识产权行政')).toBe(false);
    expect(statesFigure(when, '第七章附则第七十二条【施行时间】', ANY_FIGURE)).toBe(false);
    // The same figures outside a name still count.
    expect(statesFigure(when, '本条例自2022年1月1日起施行')).toBe(true);
    expect(statesFigure(when, '给予一次性奖励20 万元', ANY_FIGURE)).toBe(true);
  });

  it('should keep the figures of a document the question asks about', () => {
    expect(statesFigure(profile('知识产权强区建设纲要的期限是到哪一年？'), '推动落实《宁夏回族自治区知识产权强区建设纲要（2021-2035 年）》')).toBe(true);
    expect(statesFigure(profile('知识产权质押融资入园惠企行动方案是几年的？'), '落实《知识产权质押融资入园惠企三年行动方案》')).toBe(true);
  });

  it('should answer 哪一天 with a month or a day, not a year alone', () => {
    const day = profile('知识产权保护条例哪一天开始施行？');
    expect(statesFigure(day, '各单位工作成效将纳入2023 年自治区考核范围')).toBe(false);
    expect(statesFigure(day, '自2023年3月1日起施行')).toBe(true);
  });
});

describe('figures the asker tells', () => {
  it('should not take a figure told in passing for one asked, but ask one that ends the question', () => {
    expect(profileQuestion('贷款晚还了几个月，这会在我的信用记录上留污点吗？', () => 1, []).wantsNumber).toBe(false);
    expect(profileQuestion('在克拉玛依交了几年社保，养老转过去得等多长时间？', () => 1, []).figureKind).toBe('period');
    expect(profileQuestion('全省信贷增长定了多少目标？', () => 1, []).wantsNumber).toBe(true);
    expect(profileQuestion('普通学校招了几个残疾学生以上就要建资源教室？', () => 1, []).wantsNumber).toBe(true);
  });
});
