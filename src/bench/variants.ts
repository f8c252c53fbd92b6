/**
 * Questions no cache has seen: each dev question with a distinct tail of who asks and why, so the
 * answer cache and the query-vector cache miss on every request while retrieval still sees a real
 * question (a serial number alone would be one odd token, not a new question).
 */
const WHO = ['我是小微企业主', '我们是个体工商户', '我是外资企业的法务', '我们是制造业企业', '我是刚创业的大学生', '我们是物流公司', '我是企业的会计', '我们是科技型中小企业', '我是外贸企业负责人', '我们是连锁餐饮企业', '我是农业合作社的', '我们是建筑施工企业'];
const WHY = ['想先了解清楚', '准备下个月办理', '同事让我来问', '之前没有办过', '听说政策有调整', '打算扩大经营', '正在准备材料', '想确认一下细节', '领导让我核实', '担心漏掉条件', '需要写进方案', '客户也在问'];
const WHEN = ['', '今年', '最近', '目前', '现在', '下半年', '明年初', '这几天'];
const HOW = ['请简要说明', '麻烦告知', '谢谢', '请具体一点', '盼复', '请列出要点', '急需答复', '请说明依据', '多谢', '请直接回答'];

/** The `serial`-th new question: a different (question, who, when, why, how) combination for each serial below the product of their counts. */
export function newQuestion(questions: readonly string[], serial: number): string {
  if (serial >= variantCount(questions.length)) throw new Error(`only ${variantCount(questions.length)} distinct questions can be made from ${questions.length}`);
  let rest = serial;
  const pick = <T>(list: readonly T[]): T => {
    const item = list[rest % list.length] as T;
    rest = Math.floor(rest / list.length);
    return item;
  };
  const question = pick(questions);
  return `${pick(WHO)}，${pick(WHEN)}${pick(WHY)}：${question}${pick(HOW)}。`;
}

/** How many distinct questions `newQuestion` makes from `count` questions. */
function variantCount(count: number): number {
  return count * WHO.length * WHEN.length * WHY.length * HOW.length;
}
