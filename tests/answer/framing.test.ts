/** Courtesy around a question (您好, 请问, 谢谢, 请简要说明) is not part of what it asks. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/answer/answerer.ts';
import { withoutFraming, withoutWhoAsks } from '../../src/answer/framing.ts';
import { readQuestionSet } from '../../src/eval/run-eval.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';
import { DEV_SET } from '../library/seeds.ts';

describe('answers › courtesy around a question', () => {
  it('should leave out greetings, thanks and requests about the answer, but keep who asks', () => {
    expect(withoutFraming('您好，请问个体工商户能享受哪些税费减免？谢谢！')).toBe('个体工商户能享受哪些税费减免？');
    expect(withoutFraming('老师好！想咨询一下：售电公司注册需要多少资产？麻烦您了。')).toBe('售电公司注册需要多少资产？');
    expect(withoutFraming('我是个体工商户，能享受哪些税费减免？请简要说明。')).toBe('我是个体工商户，能享受哪些税费减免？');
    expect(withoutFraming('申请时需要提交哪些说明材料？')).toBe('申请时需要提交哪些说明材料？');
    expect(withoutFraming('老师您好，售电公司注册需要多少资产？麻烦尽快回复，谢谢老师！')).toBe('售电公司注册需要多少资产？');
    expect(withoutFraming('您好，老师，售电公司注册需要多少资产？比较着急，麻烦了。')).toBe('售电公司注册需要多少资产？');
    expect(withoutFraming('最近客户也在问，售电公司注册需要多少资产？')).toBe('售电公司注册需要多少资产？');
    expect(withoutFraming('同事让我来问一下，售电公司注册需要多少资产？')).toBe('售电公司注册需要多少资产？');
    expect(withoutFraming('想问下济南市对新开办的餐饮企业有没有报装费用减免？')).toBe('济南市对新开办的餐饮企业有没有报装费用减免？');
    expect(withoutFraming('您好，我是宁夏的社区工作者，想问下自治区的开放月放在几月？')).toBe('我是宁夏的社区工作者，自治区的开放月放在几月？');
    expect(withoutFraming('想问下午几点下班？')).toBe('下午几点下班？');
    expect(withoutFraming('想问下岗失业人员创业有什么税收优惠？')).toBe('下岗失业人员创业有什么税收优惠？');
    expect(withoutFraming('想问下，个体户怎么注销？')).toBe('个体户怎么注销？');
    // Whom one addresses is courtesy after a greeting only; 客户确认 is a step of the matter, not someone asking.
    expect(withoutFraming('老师，医生，护士有没有补贴？')).toBe('老师，医生，护士有没有补贴？');
    expect(withoutFraming('电子发票开具后，客户确认，还能红冲吗？')).toBe('电子发票开具后，客户确认，还能红冲吗？');
    // Only whole parts go: 急需资金 and 尽快办理 say what is asked about.
    expect(withoutFraming('企业急需资金，能尽快办理贷款吗？')).toBe('企业急需资金，能尽快办理贷款吗？');
    // A request to answer soon that a question without its question mark runs into goes too; 应当及时答复 is asked.
    expect(withoutFraming('领导您好！售电公司注册需要多少资产烦请尽快答复，多谢！')).toBe('售电公司注册需要多少资产，');
    expect(withoutFraming('12345热线受理诉求后是否应当及时答复？')).toBe('12345热线受理诉求后是否应当及时答复？');
  });

  it('should tell the parts that only say who asks, and keep those that ask', () => {
    expect(withoutWhoAsks('我是小微企业主，在永济盖厂房要办施工许可证吗？')).toBe('在永济盖厂房要办施工许可证吗？');
    expect(withoutWhoAsks('本人是个体户，能享受哪些税费减免？')).toBe('能享受哪些税费减免？');
    expect(withoutWhoAsks('我是外国人能不能在试点城市持证上岗？')).toBe('我是外国人能不能在试点城市持证上岗？');
    expect(withoutWhoAsks('我是个体工商户')).toBe('我是个体工商户');
    // What follows 是 is the matter here, and 为 means for (review regression).
    expect(withoutWhoAsks('我是想申请创业担保贷款，最多能贷多少？')).toBe('我是想申请创业担保贷款，最多能贷多少？');
    expect(withoutWhoAsks('我为公司申请补贴，需要什么材料？')).toBe('我为公司申请补贴，需要什么材料？');
  });

  it('should tell a part that leads into the question from one that names its topic', () => {
    expect(withoutWhoAsks('我是企业的会计，最近想确认一下细节：个体工商户能享受哪些税费减免？')).toBe('个体工商户能享受哪些税费减免？');
    expect(withoutWhoAsks('同事让我来问：售电公司注册需要多少资产？')).toBe('售电公司注册需要多少资产？');
    expect(withoutWhoAsks('关于售电公司：注册需要多少资产？')).toBe('关于售电公司：注册需要多少资产？');
    expect(withoutWhoAsks('个体工商户：能享受哪些税费减免？')).toBe('个体工商户：能享受哪些税费减免？');
    expect(withoutWhoAsks('情况是这样的：我们公司要注销，需要什么材料？')).toBe('我们公司要注销，需要什么材料？');
    expect(withoutWhoAsks('售电公司注册需要多少资产？一定要写明：依据')).toBe('售电公司注册需要多少资产？一定要写明：依据');
  });

  it('should keep a message that is courtesy through and through, so a greeting is still answered as one', () => {
    expect(withoutFraming('你好')).toBe('你好');
    expect(withoutFraming('谢谢！')).toBe('谢谢！');
    expect(withoutFraming('请问，谢谢')).toBe('请问，谢谢');
    expect(withoutFraming('老师您好！')).toBe('老师您好！');
  });

  describe('on the dev questions', () => {
    let answerer: Answerer;
    beforeAll(async () => {
      answerer = (await seedsRuntime()).runtime.answerer();
    });

    // Before courtesy was left out, these wraps changed the verdict of 11–16 % of the dev questions (the third,
    // before addresses, requests to reply soon and urgency were courtesy too, 21 %; the fourth, before someone
    // else asking was, 24 %).
    for (const wrap of [(q: string) => `您好，请问一下，${q}谢谢！`, (q: string) => `${q}请详细介绍一下。`, (q: string) => `领导您好！${q}烦请尽快答复，多谢！`, (q: string) => `最近客户也在问，${q}`]) {
      it(`should answer "${wrap('…')}" as the bare question`, async () => {
        const changed: string[] = [];
        for (const { id, question } of await readQuestionSet(DEV_SET)) {
          const bare = await answerer.answer({ question });
          const wrapped = await answerer.answer({ question: wrap(question) });
          if (wrapped.status !== bare.status || wrapped.citations[0]?.id !== bare.citations[0]?.id) changed.push(`${id}: ${bare.status} → ${wrapped.status}`);
        }
        expect(changed).toEqual([]);
      });
    }

    // Who asks stays in the search, so answers may move; before it was left out of what is asked, 10 % of the
    // answerable dev questions prefixed so were refused (3 % bare); before a lead-in was, 30 %.
    for (const [what, wrap] of [['says who asks first', (q: string) => `我们是一家外贸公司，${q}`], ['follows a lead-in that says why one asks', (q: string) => `领导让我核实一下细节：${q}`]] as const) {
      it(`should refuse at most one answerable question more when it ${what}`, async () => {
        const answerable = (await readQuestionSet(DEV_SET)).filter((item) => item.type !== 'unanswerable');
        const refusedBare: string[] = [];
        const refusedWrapped: string[] = [];
        for (const { id, question } of answerable) {
          if ((await answerer.answer({ question })).refused) refusedBare.push(id);
          if ((await answerer.answer({ question: wrap(question) })).refused) refusedWrapped.push(id);
        }
        expect(refusedWrapped.filter((id) => !refusedBare.includes(id)).length, refusedWrapped.join(' ')).toBeLessThanOrEqual(1);
      });
    }
  });
});
