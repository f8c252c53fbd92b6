import { getJieba } from '../search/tokenize.ts';

/**
 * What of a message is courtesy rather than question: greetings, thanks, saying that one asks (想咨询一下)
 * and how to answer (请简要说明). People wrap real questions in these; read as the question's words they pull
 * retrieval towards clauses on 咨询 and 说明, and they are words no clause on the matter has, so a question the
 * library answers looked like one about something it does not treat. Who asks (我是个体工商户) is not courtesy:
 * it often is what the question is about, and stays.
 */

/** A message cut at its clause marks, each part with the mark that ends it. */
const PART = /[^，,。！!？?；;：:\n]+[，,。！!？?；;：:\n]*/gu;

/** Whom a message greets or thanks (老师您好, 谢谢老师). */
const ADDRESS = '(?:老师|领导|同志|工作人员|客服|您|你|大家)';
/** Whom one writes to, alone in a part: courtesy only after a greeting (您好，老师，…), for 老师，医生，护士… lists people. */
const BARE_ADDRESS = new RegExp(`^${ADDRESS}$`, 'u');

/** A part that only greets, thanks, says that one asks, how to answer or how soon; the whole part must be this. */
const COURTESY = new RegExp(
  '^(?:' + [
    `(?:${ADDRESS}(?:您|你)?)好(?:呀|啊)?${ADDRESS}?`,
    '(?:请问(?:一下|下)?|打扰(?:一下|了|您了)?|不好意思)',
    `(?:非常|十分)?(?:谢谢|多谢|感谢)${ADDRESS}?了?(?:的解答|的回复|的帮助)?${ADDRESS}?`,
    `(?:麻烦|辛苦)${ADDRESS}?了`,
    '盼(?:回)?复',
    // 麻烦尽快回复, 请及时答复, 在线等
    `(?:麻烦|请|烦请|恳请)?${ADDRESS}?(?:急需|尽快|及时|早点|抽空|在线等)(?:回复|答复|解答|回答)?(?:一下|下)?`,
    // 我们急着办, 比较着急
    '(?:我|我们)?(?:这边)?(?:比较|很|挺|有点|非常)?(?:急着办|急着用|着急|急用|急)(?:的|呢)?',
    // 最近客户也在问, 同事让我来问一下, 朋友托我打听: someone else asks it too. 核实 and 确认 only as a request
    // (领导让我核实): 客户确认 alone is a step of the matter (开具后，客户确认，还能红冲吗？).
    '(?:最近|现在|一直|这几天)?(?:很多|不少|好多)?(?:客户|同事|朋友|领导|老板|家人|亲戚|大家|别人|有人|人)(?:也|都|一直)?'
      + '(?:(?:在|让我|叫我|托我|要我)?(?:来)?(?:问|问问|咨询|打听)|(?:让我|叫我|托我|要我)(?:来)?(?:核实|确认))(?:一下|下|这个|这事)?',
    // 想先咨询一下, 我想问问, 想了解清楚, 向您请教, 麻烦告知
    '(?:我|我们)?(?:想|想要|需要|来|特来|向您|向你)?(?:先)?(?:咨询|请教|了解|询问|问问|问一下|问下|问个问题|确认)(?:一下|下|清楚|一个问题|个问题)?',
    `(?:麻烦|请)${ADDRESS}?(?:简要|简单|具体|直接|详细)?(?:地)?(?:告知|说明|回答|答复|解答|介绍|讲讲|说说|列出要点)(?:一下|依据)?`,
    '请(?:具体|简要|简单)一(?:点|些)',
  ].join('|') + ')$',
  'u',
);

/** A question opening with the words that say it is one (请问个体工商户…, 想问下济南市…); 我想问问 whole, not 我想问 of it. */
const ASKING_OPENING = /^(?:请问|想请问|我想问问|我想问|想问问|想问|问一下)(?:一下)?/u;
/** 想问下 and 问下: the 下 is 一下 only when it is no word's first character (想问下岗职工…, 想问下午…). */
const ASKING_OPENING_DOWN = /^(?:想问|问)下/u;

/**
 * A request to answer soon at the end of a part, where a question without its question mark runs into it
 * (…沟通比较好烦请尽快答复，): only after a word that asks it (烦请, 麻烦, 请), so 应当及时答复 stays.
 */
const COURTESY_TAIL = /(?:烦请|麻烦|恳请|请您?)(?:尽快|及时|早点)?(?:回复|答复|解答|回答)(?:一下|下)?(?=[，,。！!？?；;：:\n\s]*$)/u;

function withoutAskingOpening(part: string): string {
  const opening = ASKING_OPENING_DOWN.exec(part);
  if (opening && getJieba().cut(part.slice(opening[0].length - 1), true)[0] === '下') return part.slice(opening[0].length);
  return part.replace(ASKING_OPENING, '');
}

/** The parts of `text` that `drop` does not say frame it. */
function keptParts(text: string, drop: (part: string) => boolean): string[] {
  return (text.match(PART) ?? []).filter((part) => !drop(part));
}

/** Says something: more than marks and spaces. */
const SAYS = /[^\p{P}\s]/u;

/** `text` without its parts that `drop` says frame it; `text` itself when every part does (nothing else is said). */
function withoutParts(text: string, drop: (part: string) => boolean): string {
  const kept = keptParts(text, drop).join('');
  return SAYS.test(kept) ? kept : text;
}

const bare = (part: string) => part.replace(/[，,。！!？?；;：:\n\s]+$/u, '').trim();

/** The message without the parts that are only courtesy; the message itself when every part is (你好, 谢谢). */
export function withoutFraming(message: string): string {
  let afterCourtesy = false;
  const kept = keptParts(message.trim(), (part) => {
    const courtesy = COURTESY.test(bare(part)) || (afterCourtesy && BARE_ADDRESS.test(bare(part)));
    afterCourtesy = courtesy;
    return courtesy;
  });
  // 我是宁夏的社区工作者，想问下…: the opening may start any part.
  const question = kept.map((part) => withoutAskingOpening(part).replace(COURTESY_TAIL, '')).join('').trim();
  return SAYS.test(question) ? question : message;
}

/**
 * Who asks (我是小微企业主, 我们是一家物流公司, 本人是刚毕业的大学生): 是 and a short phrase ending in a person, a
 * trade or a firm. Not 我是想申请… (what follows 是 is the matter) nor 我为公司申请… (为 there means for).
 */
const WHO_ASKS = /^(?:我|我们|本人|我司)是(?:一(?:家|名|个|位))?[^，,。？?：:想要打算准备申请办]{0,12}(?:企业|公司|集团|个体户|工商户|商户|主|者|人|员|工|生|户|师|老板|法务|会计|财务|负责人|厂|店|单位|机构|合作社)[，,：:]$/u;
/** Words that make a part ask something. */
const ASKS = /[？?]|什么|哪|多少|几|吗|呢|如何|怎么|怎样|是否|能否|可否|能不能|可不可以|有没有|要不要|会不会/u;

/**
 * A part that leads into the question after it, saying why or when one asks, not what: it speaks of asking or
 * checking (最近想确认一下细节：, 同事让我来问：, 情况是这样的：). One that names a topic (个体工商户：, 关于…：) is
 * what is asked about.
 */
const LEAD_IN = /^(?!关于|对于|针对|有关)[^：:]*(?:确认|核实|了解|咨询|请教|问|打听|细节|情况|如下|是这样的)[^：:]{0,6}[：:]$/u;

/**
 * The question without the parts that only say who asks or lead into it, for judging what it asks about:
 * retrieval reads them (我是个体工商户 is often the subject), but a clause on the matter need not repeat them
 * (我是小微企业主，最近想确认一下细节：…).
 */
export function withoutWhoAsks(question: string): string {
  let asked = false;
  return withoutParts(question, (part) => {
    const asks = ASKS.test(part);
    // A lead-in comes before the question; a colon after it (一定要写明：依据) is part of what is asked.
    const leadsIn = !asked && LEAD_IN.test(part);
    asked ||= asks;
    return (WHO_ASKS.test(part) || leadsIn) && !asks;
  });
}
