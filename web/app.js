/**
 * The chat page (also the widget's frame with `?embed=1`): wires the composer, the message list, the
 * conversation channel, the source panel and the status banner together.
 */
import { getHealth, postFeedback } from './api.js';
import { createChatClient } from './chat-client.js';
import { h } from './dom.js';
import { answerMessage, userMessage, welcomeMessage } from './messages.js';
import { readPageOptions } from './page-options.js';
import { createPlaceFilter } from './place-filter.js';
import { createSourcePanel } from './source-panel.js';

const MAX_QUESTION = 500;
/** Turns sent with each question so follow-ups ("那广州呢？") are understood; the server takes at most 20. */
const HISTORY_TURNS = 6;
const HISTORY_CHARS = 1500;
const HEALTH_POLL_MS = 3000;

const STARTERS = Object.freeze([
  '售电公司连续多长时间未进行实际交易会被强制退出？',
  '核准出口商认定的有效期是多久？',
  '安徽省优化营商环境条例什么时候开始施行？',
  '企业开办全流程的办理时限压减到多少个工作日？',
]);

const $ = (selector) => document.querySelector(selector);

const options = readPageOptions(location.search);
const ui = {
  messages: $('#messages'),
  form: $('#composer'),
  input: $('#question'),
  send: $('#send'),
  counter: $('#counter'),
  banner: $('#banner'),
  connection: $('#connection'),
  newChat: $('#new-chat'),
  closeEmbed: $('#close-embed'),
};
const place = createPlaceFilter($('#place-filter'));
const panel = createSourcePanel({ panel: $('#source-panel'), backdrop: $('#panel-backdrop') });
const state = { turns: [], busy: false, ready: true, conversation: 0, link: 'connecting', healthFailed: false };

// ---- page mode -------------------------------------------------------------------------------------
if (options.embed) document.documentElement.classList.add('embed');
if (options.color) document.documentElement.style.setProperty('--brand', options.color);
if (options.title) {
  $('#app-title').textContent = options.title;
  document.title = options.title;
}
ui.closeEmbed.hidden = !options.embed;
ui.closeEmbed.addEventListener('click', () => window.parent.postMessage({ type: 'policy-qa:close' }, '*'));
window.addEventListener('message', (event) => {
  if (event.source === window.parent && event.data?.type === 'policy-qa:opened') ui.input.focus();
});

// ---- status: readiness of the indexes and the live connection -----------------------------------------
function renderStatus() {
  const link = state.link === 'online' ? ['online', '实时连接'] : state.link === 'connecting' ? ['connecting', '连接中'] : ['offline', '连接已断开'];
  ui.connection.dataset.state = link[0];
  ui.connection.querySelector('.connection-label').textContent = link[1];
  ui.connection.title = link[1];
  let banner = null;
  if (state.healthFailed) banner = ['error', '无法连接问答服务器，正在重试…'];
  else if (!state.ready) banner = ['wait', '政策库索引正在构建中，通常需要几十秒，完成后即可提问。'];
  else if (state.link === 'offline') banner = ['warn', '实时连接已断开，正在自动重连；其间的提问改用普通请求发送。'];
  ui.banner.hidden = banner === null;
  if (banner) {
    ui.banner.dataset.kind = banner[0];
    const retry = state.link === 'offline' ? h('button', { type: 'button', class: 'btn btn-small', onClick: () => client.reconnectNow() }, '立即重连') : null;
    ui.banner.replaceChildren(...[h('span', { text: banner[1] }), retry].filter(Boolean));
  }
  updateSend();
}

let polling = null;
async function checkHealth() {
  clearTimeout(polling);
  try {
    const health = await getHealth();
    state.healthFailed = false;
    state.ready = Boolean(health.ready);
  } catch {
    state.healthFailed = true;
  }
  renderStatus();
  if (!state.ready || state.healthFailed) polling = setTimeout(checkHealth, HEALTH_POLL_MS);
}

const client = createChatClient({
  onStatus(link) {
    state.link = link;
    renderStatus();
  },
  onReady(ready) {
    if (ready === state.ready) return;
    state.ready = ready;
    renderStatus();
    if (!ready) checkHealth();
  },
});

// ---- conversation -----------------------------------------------------------------------------------
function scrollToEnd() {
  ui.messages.scrollTop = ui.messages.scrollHeight;
}

function historyForRequest() {
  return state.turns.slice(-HISTORY_TURNS).map((turn) => ({ role: turn.role, content: turn.content.slice(0, HISTORY_CHARS) }));
}

function ask(question) {
  const text = question.trim().slice(0, MAX_QUESTION);
  if (!text || state.busy) return;
  const conversation = state.conversation;
  const history = historyForRequest();
  const filters = place.filters();
  ui.messages.append(userMessage(text));
  const view = answerMessage({
    question: text,
    onCite: (citation, from, quotes) => panel.open(citation, from, quotes),
    onFeedback: postFeedback,
    onRetry: (element) => {
      element.previousElementSibling?.remove();
      element.remove();
      ask(text);
    },
  });
  ui.messages.append(view.element);
  scrollToEnd();
  setBusy(true);
  const current = () => conversation === state.conversation;
  client.ask({ question: text, ...(history.length > 0 ? { history } : {}), ...(filters ? { filters } : {}) }, {
    onText: (piece) => current() && (view.append(piece), scrollToEnd()),
    onCitations: (citations) => current() && view.setCitations(citations),
    onRestart: () => current() && view.restart(),
  }).then((answer) => {
    if (!current()) return;
    view.finish(answer);
    state.turns.push({ role: 'user', content: text }, { role: 'assistant', content: answer.answer });
  }, (error) => {
    if (!current()) return;
    view.fail(error);
    if (error.code === 'NOT_READY') {
      state.ready = false;
      checkHealth();
    }
  }).finally(() => {
    if (!current()) return;
    setBusy(false);
    scrollToEnd();
  });
}

function setBusy(busy) {
  state.busy = busy;
  updateSend();
}

function updateSend() {
  ui.send.disabled = state.busy || !state.ready || ui.input.value.trim().length === 0;
  ui.send.textContent = state.busy ? '回答中…' : '发送';
}

/** Clears the conversation; `keepDraft` keeps what was typed (on first load, before this script ran). */
function newConversation({ keepDraft = false } = {}) {
  state.conversation += 1;
  state.turns = [];
  client.forget();
  panel.close();
  setBusy(false);
  ui.messages.replaceChildren(welcomeMessage({ welcome: options.welcome, starters: options.embed ? STARTERS.slice(0, 3) : STARTERS, onAsk: ask }));
  if (!keepDraft) ui.input.value = '';
  updateCounter();
  ui.input.focus();
}

// ---- composer ---------------------------------------------------------------------------------------
/** Set when a paste was cut at the limit: the box says so until the text is shorter again. */
let cutAtLimit = false;

function updateCounter() {
  const length = ui.input.value.length;
  if (length < MAX_QUESTION) cutAtLimit = false;
  ui.counter.textContent = cutAtLimit ? `已截断至 ${MAX_QUESTION} 字` : `${length}/${MAX_QUESTION}`;
  ui.counter.classList.toggle('is-over', cutAtLimit);
  ui.counter.setAttribute('aria-live', cutAtLimit ? 'polite' : 'off');
  ui.input.style.height = 'auto';
  ui.input.style.height = `${Math.min(ui.input.scrollHeight, 160)}px`;
  updateSend();
}

ui.form.addEventListener('submit', (event) => {
  event.preventDefault();
  if (ui.send.disabled) return;
  const question = ui.input.value;
  ui.input.value = '';
  updateCounter();
  ask(question);
});
ui.input.addEventListener('input', updateCounter);
// The box's maxlength cuts a long paste silently: note it, so the asker knows the end of the question is gone.
ui.input.addEventListener('paste', (event) => {
  const pasted = event.clipboardData?.getData('text') ?? '';
  const kept = ui.input.value.length - (ui.input.selectionEnd - ui.input.selectionStart);
  if (kept + pasted.length > MAX_QUESTION) cutAtLimit = true;
});
ui.input.addEventListener('keydown', (event) => {
  // Enter sends, Shift+Enter breaks the line; never while an input method is composing Chinese.
  if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
    event.preventDefault();
    ui.form.requestSubmit();
  }
});
ui.newChat.addEventListener('click', () => newConversation());
document.addEventListener('keydown', (event) => {
  if (event.key === 'Escape' && options.embed && !panel.isOpen()) window.parent.postMessage({ type: 'policy-qa:close' }, '*');
});

newConversation({ keepDraft: true });
checkHealth();
