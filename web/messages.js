/** The message bubbles: the person's question, and the answer with its citation markers, sources and actions. */
import { h, icon, ICONS } from './dom.js';
import { documentLine, pageText } from './citation-label.js';
import { answerForCopy, quotesFor, splitMarkers } from './markers.js';

/** What a person reads for the server's error codes (its own messages are for developers). */
const ERROR_TEXT = Object.freeze({
  NOT_READY: '政策库索引仍在构建中，请稍候片刻再提问。',
  NETWORK: '无法连接服务器，请检查网络后重试。',
  TIMEOUT: '回答超时，请稍后重试。',
  RATE_LIMITED: '提问过于频繁，请稍等一分钟再试。',
  BAD_REQUEST: '问题格式不正确：请输入 1 至 500 字的问题。',
  FORBIDDEN_ORIGIN: '当前网站未获准使用本问答服务。',
});

export function userMessage(question) {
  return h('article', { class: 'message message-user', 'aria-label': '我的提问' },
    h('div', { class: 'bubble', text: question }));
}

/** The welcome card: what the assistant does, and starter questions that ask themselves when clicked. */
export function welcomeMessage({ welcome, starters, onAsk }) {
  return h('article', { class: 'message message-assistant welcome', 'aria-label': '欢迎' },
    h('div', { class: 'bubble' },
      h('p', { class: 'welcome-text', text: welcome }),
      starters.length > 0 && h('p', { class: 'starter-title', text: '您可以这样问：' }),
      h('ul', { class: 'starters' }, starters.map((question) =>
        h('li', {}, h('button', { type: 'button', class: 'starter', onClick: () => onAsk(question) }, question))))));
}

/** A marker `[n]` as a button when citation n exists, as plain text while it does not (yet). */
function markerNode(part, byNumber, onCite, text) {
  const citation = byNumber.get(part.n);
  if (!citation) return h('span', { class: 'marker-text', text: part.raw });
  return h('button', {
    type: 'button',
    class: 'cite',
    'aria-label': `查看依据 ${part.n}：${citation.docTitle} ${citation.clause}`,
    title: `${citation.docTitle}${citation.clause ? ` › ${citation.clause}` : ''}`,
    dataset: { n: String(part.n) },
    onClick: (event) => onCite(citation, event.currentTarget, quotesFor(text, part.n)),
  }, String(part.n));
}

/** `江门：` or `国家层面：` opening a sentence: the place whose provision follows. */
const PLACE_LABEL = /^([\u4e00-\u9fa5]{2,8})：/u;
/** Characters of a sentence kept on the line of its marker, so a marker never starts a line alone. */
const TAIL_CHARS = 2;

/**
 * A refusal's reason and the server's lead-in to the clauses it shows for reference (answerer.ts:
 * `…无法回答该问题。其他地方的做法，仅供参考：`): only these, and only where an answer starts.
 */
const RELATED_INTRO = /^([^[\]]*?(?:以下规定供参考|以下条款与问题有关，仅供参考|其他地方的做法，仅供参考)：)/u;

/** A sentence's text: its place label set apart, and its last characters bound to the marker after it. */
function sentenceText(text, startsSentence, endsAtMarker, startsAnswer) {
  const nodes = [];
  let rest = text;
  // The clauses a refusal shows for reference start on a line of their own, with their place as a label.
  const intro = startsAnswer ? RELATED_INTRO.exec(rest) : null;
  if (intro) {
    nodes.push(intro[1], h('br'));
    rest = rest.slice(intro[0].length);
  }
  const label = startsSentence ? PLACE_LABEL.exec(rest) : null;
  if (label) {
    nodes.push(h('span', { class: 'place-label', text: label[1] }), '：');
    rest = rest.slice(label[0].length);
  }
  const cut = endsAtMarker ? Math.max(0, rest.length - TAIL_CHARS) : rest.length;
  nodes.push(rest.slice(0, cut));
  return { nodes, tail: rest.slice(cut) };
}

function answerText(text, citations, onCite) {
  const byNumber = new Map(citations.map((citation) => [citation.n, citation]));
  const parts = splitMarkers(text);
  const nodes = [];
  let tail = '';
  parts.forEach((part, i) => {
    if (part.type === 'text') {
      const sentence = sentenceText(part.text, i === 0 || parts[i - 1]?.type === 'marker', parts[i + 1]?.type === 'marker', i === 0);
      nodes.push(...sentence.nodes);
      tail = sentence.tail;
      return;
    }
    nodes.push(h('span', { class: 'cited-end' }, tail, markerNode(part, byNumber, onCite, text)));
    tail = '';
  });
  if (tail) nodes.push(tail);
  return nodes;
}

/** How an answer that is not a plain answer is announced: a partial one, one the library has no basis for, an off-topic one. */
const STATUS_TITLE = Object.freeze({
  partial: '部分依据：文件未规定所问的具体内容',
  not_found: '未找到可靠依据',
  off_topic: '超出政策问答范围',
});
const STATUS_HINT = Object.freeze({
  partial: '以上是政策库中的相关规定；所问的具体内容请咨询发文部门。',
  not_found: '可以换一种说法，或写明地区、文件名称后再问。',
});
/** A partial answer that quotes no clause has nothing above its hint. */
const PARTIAL_UNQUOTED_HINT = '所问的具体内容请咨询发文部门。';
/** A request for advice or a task is near policy, not outside it: its own title and hint (the answer's `reason`). */
const REASON_TITLE = Object.freeze({
  advice: '无法代为比较或选择',
  task: '不代写、不翻译、不做计算',
});
const REASON_HINT = Object.freeze({
  advice: '可以改问相关的具体规定，例如条件、标准或办理流程。',
  task: '可以询问相关的政策规定，回答会引用条款。',
});

function sourceList(text, citations, onCite, heading) {
  return h('div', { class: 'sources' },
    h('p', { class: 'sources-title', text: heading }),
    h('ol', { class: 'source-list' }, citations.map((citation) =>
      h('li', {}, h('button', { type: 'button', class: 'source', onClick: (event) => onCite(citation, event.currentTarget, quotesFor(text, citation.n)) },
        h('span', { class: 'source-n', text: String(citation.n) }),
        h('span', { class: 'source-body' },
          h('span', { class: 'source-doc', text: citation.docTitle }),
          documentLine(citation) ? h('span', { class: 'source-meta', text: documentLine(citation) }) : null,
          h('span', { class: 'source-where', text: [citation.clause, pageText(citation)].filter(Boolean).join(' · ') || '正文' }))))))); 
}

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Plain http on another host has no async clipboard; the old way still works there.
    const area = h('textarea', { class: 'visually-hidden', readonly: true });
    area.value = text;
    document.body.append(area);
    area.select();
    const copied = document.execCommand('copy');
    area.remove();
    return copied;
  }
}

function actionButton(label, iconPaths, onClick, extra = {}) {
  return h('button', { type: 'button', class: 'action', 'aria-label': label, title: label, onClick, ...extra }, icon(iconPaths, { size: 16 }), h('span', { class: 'action-label', text: label }));
}

/** A vote's id: random hex, so a changed vote replaces the first in the admin list (crypto.randomUUID needs https). */
function voteId() {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** How long a note (已复制, 感谢您的反馈) stays: it answers a click, it is not part of the answer. */
const NOTE_MS = 4000;

function answerActions(answer, question, { onFeedback }) {
  const note = h('span', { class: 'action-note', role: 'status' });
  let noteTimer;
  const say = (text) => {
    note.textContent = text;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(() => (note.textContent = ''), NOTE_MS);
  };
  const copy = actionButton('复制', ICONS.copy, async () => say((await copyText(answerForCopy(answer))) ? '已复制' : '复制失败，请手动选择文字'));
  const vote = voteId();
  /** The rating the server has; a click on the other button changes it, on the same one does nothing. */
  let stored = null;
  const press = (rating) => {
    up.setAttribute('aria-pressed', String(rating === 'up'));
    down.setAttribute('aria-pressed', String(rating === 'down'));
  };
  const rate = (rating) => async () => {
    if (rating === stored || up.disabled) return;
    const before = stored;
    up.disabled = true;
    down.disabled = true;
    press(rating);
    try {
      await onFeedback({ rating, question, answer: answer.answer.slice(0, 5000), citations: answer.citations.map((c) => c.id).slice(0, 20), vote });
      stored = rating;
      say(before === null ? '感谢您的反馈' : '已更新您的反馈');
    } catch {
      press(before);
      say('反馈未能提交，请稍后再试');
    } finally {
      up.disabled = false;
      down.disabled = false;
    }
  };
  const up = actionButton('有帮助', ICONS.up, rate('up'), { 'aria-pressed': 'false', class: 'action action-up' });
  const down = actionButton('没帮助', ICONS.down, rate('down'), { 'aria-pressed': 'false', class: 'action action-down' });
  return h('div', { class: 'actions' }, copy, up, down, note);
}

/**
 * An answer being written: `append(piece)` while it streams, `setCitations(list)` when they arrive,
 * `finish(answer)` or `fail(error)` at the end. The bubble is aria-busy until then, so a screen reader
 * reads the whole answer once instead of every sentence.
 */
export function answerMessage({ question, onCite, onFeedback, onRetry }) {
  const body = h('div', { class: 'answer-text' });
  const waiting = h('p', { class: 'thinking' }, h('span', { class: 'dots', 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), '正在检索相关政策条款…');
  const bubble = h('div', { class: 'bubble' }, waiting, body);
  const article = h('article', { class: 'message message-assistant answer is-pending', 'aria-label': '回答', 'aria-busy': 'true' }, bubble);
  let text = '';
  let citations = [];

  const render = () => body.replaceChildren(...answerText(text, citations, onCite));

  return {
    element: article,
    append(piece) {
      waiting.remove();
      text += piece;
      render();
    },
    restart() {
      text = '';
      render();
    },
    setCitations(list) {
      citations = list;
      render();
    },
    finish(answer) {
      waiting.remove();
      text = answer.answer;
      citations = answer.citations;
      render();
      article.classList.remove('is-pending');
      article.setAttribute('aria-busy', 'false');
      const status = answer.status ?? (answer.refused ? 'not_found' : 'answered');
      article.dataset.status = status;
      if (status !== 'answered') {
        article.classList.add(status === 'partial' ? 'is-partial' : 'is-refused');
        bubble.prepend(h('p', { class: 'refusal-title' }, icon(ICONS.alert, { size: 16 }), REASON_TITLE[answer.reason] ?? STATUS_TITLE[status] ?? STATUS_TITLE.not_found));
      }
      // A refusal's clauses are related, for reference: not the basis of an answer.
      if (citations.length > 0) bubble.append(sourceList(text, citations, onCite, status === 'not_found' ? '相关条款（仅供参考）' : '依据条款'));
      // An off-topic answer says itself what to ask instead.
      const hint = REASON_HINT[answer.reason] ?? (status === 'partial' && citations.length === 0 ? PARTIAL_UNQUOTED_HINT : STATUS_HINT[status]);
      if (status !== 'answered' && hint) bubble.append(h('p', { class: 'refusal-hint', text: hint }));
      bubble.append(answerActions(answer, question, { onFeedback }));
    },
    fail(error) {
      waiting.remove();
      article.classList.remove('is-pending');
      article.classList.add('is-error');
      article.setAttribute('aria-busy', 'false');
      const message = ERROR_TEXT[error?.code] ?? `回答失败：${error?.message ?? '未知错误'}`;
      body.replaceChildren(h('p', { class: 'error-text', text: message }), h('button', { type: 'button', class: 'btn btn-small', onClick: () => onRetry(article) }, '重试'));
    },
  };
}
