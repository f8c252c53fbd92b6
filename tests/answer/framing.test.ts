/** Courtesy around a question (您好, 请问, 谢谢, 请简要说明) is not part of what it asks. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Answerer } from '../../src/answer/answerer.ts';
import { withoutFraming } from '../../src/answer/framing.ts';
import { readQuestionSet } from '../../src/eval/run-eval.ts';
import { seedsRuntime } from '../helpers/seeds-runtime.ts';
import { DEV_SET } from '../library/seeds.ts';

describe('answers › courtesy around a question', () => {
  it('should leave out greetings, thanks and requests about the answer, but keep who asks', () => {
    expect(withoutFraming('您好，请问个体工商户能享受哪些税费减免？谢谢！')).toBe('个体工商户能享受哪些税费减免？');
    expect(withoutFraming('老师好！想咨询一下：售电公司注册需要多少资产？麻烦您了。')).toBe('售电公司注册需要多少资产？');
    expect(withoutFraming('我是个体工商户，能享受哪些税费减免？请简要说明。')).toBe('我是个体工商户，能享受哪些税费减免？');
    expect(withoutFraming('申请时需要提交哪些说明材料？')).toBe('申请时需要提交哪些说明材料？');
  });

  it('should keep a message that is courtesy through and through, so a greeting is still answered as one', () => {
    expect(withoutFraming('你好')).toBe('你好');
    expect(withoutFraming('谢谢！')).toBe('谢谢！');
  });

  describe('on the dev questions', () => {
    let answerer: Answerer;
    beforeAll(async () => {
      answerer = (await seedsRuntime()).runtime.answerer();
    });

    // Before courtesy was left out, these wraps changed the verdict of 11–16 % of the dev questions.
    for (const wrap of [(q: string) => `您好，请问一下，${q}谢谢！`, (q: string) => `${q}请详细介绍一下。`]) {
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
  });
});
