/**
 * The prompt of the LLM back end: the instructions, the last turns of the conversation, and only the
 * retrieved clauses, numbered as the citations will be, followed by the question.
 */
import { AIMessage, type BaseMessage, HumanMessage, SystemMessage } from '@langchain/core/messages';
import { LLM_REFUSAL, stripMarkers } from './llm-clean.ts';

export interface LlmClause {
  n: number;
  docTitle: string;
  clause: string;
  /** `第 N 页`, or `汇编第 N 页` for a compilation's page; null where the source has no pages. */
  pageLabel: string | null;
  text: string;
}

export interface LlmTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface LlmInput {
  question: string;
  history: LlmTurn[];
  clauses: LlmClause[];
}

/** Earlier messages kept for a follow-up: the last three exchanges are enough to resolve 那陕西呢？. */
const HISTORY_MESSAGES = 6;
const HISTORY_CHARS = 600;
/** A clause longer than this is cut; the retriever's chunks are shorter, this only bounds the prompt. */
const CLAUSE_CHARS = 1500;

const INSTRUCTIONS = [
  '你是营商环境政策问答助手，只能依据用户消息中给出的编号政策条款回答问题。',
  '规则：',
  '1. 用简洁的中文回答，先直接回答问题（如金额、期限、条件、办理部门），总字数不超过300字；只有用户要求列举时才可分条列出并超过300字。',
  '2. 只使用给出的条款，不使用条款以外的知识；不要编造或推算任何数字、金额、比例、期限、日期、文号或机构名称，数字必须与条款原文一致。',
  '3. 每句话的末尾都要标注支持这句话的条款编号，例如“……不超过50万元。[1]”；一句话依据多个条款时写成[1][2]。只能使用给出的编号。',
  `4. 如果这些条款不能回答问题，只回答“${LLM_REFUSAL}”，不要输出其他任何内容。`,
  '5. 用户的问题可能是对前面对话的追问，请结合对话理解问题，但回答仍只能依据本次给出的条款。',
].join('\n');

function clip(text: string, chars: number): string {
  const trimmed = text.trim();
  return trimmed.length > chars ? `${trimmed.slice(0, chars)}…` : trimmed;
}

function describeClause(clause: LlmClause): string {
  const where = [`文件：${clause.docTitle}`];
  if (clause.clause) where.push(`条款：${clause.clause}`);
  if (clause.pageLabel !== null) where.push(clause.pageLabel);
  return `[${clause.n}] ${where.join('；')}\n${clip(clause.text, CLAUSE_CHARS)}`;
}

function historyMessages(history: readonly LlmTurn[]): BaseMessage[] {
  return history
    .slice(-HISTORY_MESSAGES)
    // Markers of earlier answers number clauses that are not in this prompt; left in, the model copies them.
    .map((turn) => ({ role: turn.role, content: clip(stripMarkers(turn.content), HISTORY_CHARS) }))
    .filter((turn) => turn.content.length > 0)
    .map((turn) => (turn.role === 'user' ? new HumanMessage(turn.content) : new AIMessage(turn.content)));
}

/** The system and user messages (with the conversation's last turns between them) sent to the model. */
export function buildPrompt(input: LlmInput): BaseMessage[] {
  const clauses = input.clauses.length > 0 ? input.clauses.map(describeClause).join('\n\n') : '（没有检索到相关条款）';
  const user = `政策条款：\n${clauses}\n\n问题：${input.question.trim()}`;
  return [new SystemMessage(INSTRUCTIONS), ...historyMessages(input.history), new HumanMessage(user)];
}
