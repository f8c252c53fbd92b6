/**
 * The admin page (/admin): the token is typed in and kept in this tab's sessionStorage, sent as a bearer
 * header, never put in the URL. Lists the library with metadata, status and chunk counts; uploads,
 * removes, rebuilds; shows the feedback users left, newest first. Every text goes in as text (dom.js).
 */
import { h } from './dom.js';

const TOKEN_KEY = 'policy-qa-admin-token';
const STATUS_LABELS = Object.freeze({ draft: '征求意见稿', trial: '试行', in_force: '现行有效', expired: '已失效' });
const RATING_LABELS = Object.freeze({ up: '👍 有帮助', down: '👎 没帮助' });

const $ = (selector) => document.querySelector(selector);
const ui = {
  status: $('#status'),
  login: $('#login'),
  token: $('#token'),
  logout: $('#logout'),
  workspace: $('#workspace'),
  upload: $('#upload'),
  files: $('#files'),
  rebuild: $('#rebuild'),
  documents: $('#documents tbody'),
  documentCount: $('#document-count'),
  feedback: $('#feedback'),
  feedbackCount: $('#feedback-count'),
};

let token = sessionStorage.getItem(TOKEN_KEY);

function say(text, kind = 'info') {
  ui.status.textContent = text;
  ui.status.dataset.kind = kind;
}

class AdminError extends Error {
  constructor(code, message) {
    super(message);
    this.code = code;
  }
}

async function call(path, init = {}) {
  const headers = { Accept: 'application/json', Authorization: `Bearer ${token}`, ...(typeof init.body === 'string' ? { 'Content-Type': 'application/json' } : {}) };
  let response;
  try {
    response = await fetch(path, { ...init, headers });
  } catch {
    throw new AdminError('NETWORK', '无法连接服务器');
  }
  const body = await response.json().catch(() => null);
  if (!response.ok) throw new AdminError(body?.error?.code ?? 'HTTP_ERROR', body?.error?.message ?? `服务器返回 ${response.status}`);
  return body;
}

function showWorkspace(open) {
  ui.workspace.hidden = !open;
  ui.login.hidden = open;
  ui.logout.hidden = !open;
}

function failed(error) {
  if (error.code === 'UNAUTHORIZED') {
    sessionStorage.removeItem(TOKEN_KEY);
    token = null;
    showWorkspace(false);
    say('令牌不正确，请重新输入。', 'error');
  } else if (error.code === 'NOT_FOUND' && !token) {
    say('管理功能未开启（服务器未设置 ADMIN_TOKEN）。', 'error');
  } else {
    say(`操作失败：${error.message}`, 'error');
  }
}

function place(document) {
  return [document.region, document.city].filter(Boolean).join(' · ') || '—';
}

function documentRow(document) {
  return h('tr', { dataset: { id: document.id } },
    h('td', {}, h('a', { href: `/api/documents/${encodeURIComponent(document.id)}`, target: '_blank', rel: 'noopener', text: document.title })),
    h('td', { text: document.docNumber ?? '—' }),
    h('td', { text: document.issuer ?? '—' }),
    h('td', { text: place(document) }),
    h('td', { text: document.date ?? '—' }),
    h('td', {}, h('span', { class: 'admin-status-tag', dataset: { status: document.status }, text: STATUS_LABELS[document.status] ?? document.status })),
    h('td', { class: 'num', text: String(document.chunks) }),
    h('td', { text: document.source }),
    h('td', {}, h('button', { type: 'button', class: 'btn btn-small', 'data-action': 'remove', 'aria-label': `删除 ${document.title}`, text: '删除', onClick: () => remove(document) })),
  );
}

function feedbackItem(entry) {
  return h('li', {},
    h('p', { class: 'meta', text: `${new Date(entry.at).toLocaleString('zh-CN')} · ${RATING_LABELS[entry.rating] ?? entry.rating}` }),
    h('p', {}, h('strong', { text: '问：' }), entry.question),
    h('p', {}, h('strong', { text: '答：' }), entry.answer),
    entry.comment ? h('p', {}, h('strong', { text: '意见：' }), entry.comment) : null,
  );
}

async function refresh() {
  const [{ documents }, { feedback }] = await Promise.all([call('/api/admin/documents'), call('/api/admin/feedback')]);
  ui.documents.replaceChildren(...documents.map(documentRow));
  ui.documentCount.textContent = `（${documents.length} 件）`;
  ui.feedback.replaceChildren(...feedback.map(feedbackItem));
  ui.feedbackCount.textContent = `（${feedback.length} 条）`;
}

async function remove(document) {
  say(`正在删除《${document.title}》…`);
  try {
    await call(`/api/admin/documents/${encodeURIComponent(document.id)}`, { method: 'DELETE' });
    await refresh();
    say(`已删除《${document.title}》。`, 'ok');
  } catch (error) {
    failed(error);
  }
}

ui.login.addEventListener('submit', async (event) => {
  event.preventDefault();
  token = ui.token.value.trim();
  ui.token.value = '';
  try {
    await refresh();
    sessionStorage.setItem(TOKEN_KEY, token);
    showWorkspace(true);
    say('已进入管理。', 'ok');
  } catch (error) {
    failed(error);
  }
});

ui.logout.addEventListener('click', () => {
  sessionStorage.removeItem(TOKEN_KEY);
  token = null;
  showWorkspace(false);
  say('已退出。');
});

ui.upload.addEventListener('submit', async (event) => {
  event.preventDefault();
  const files = [...ui.files.files];
  if (files.length === 0) return;
  const form = new FormData();
  for (const file of files) form.append('file', file, file.name);
  say(`正在上传 ${files.length} 个文件…`);
  try {
    const { documents } = await call('/api/admin/documents', { method: 'POST', body: form });
    ui.upload.reset();
    await refresh();
    say(`已加入 ${documents.length} 件政策：${documents.map((document) => `《${document.title}》`).join('、')}`, 'ok');
  } catch (error) {
    failed(error);
  }
});

ui.rebuild.addEventListener('click', async () => {
  ui.rebuild.disabled = true;
  say('正在用全部政策重建内置模型，约需半分钟…');
  try {
    const { model, chunks } = await call('/api/admin/rebuild', { method: 'POST' });
    await refresh();
    say(`重建完成：${model ?? '无向量模型'}，${chunks} 个条款块。`, 'ok');
  } catch (error) {
    failed(error);
  } finally {
    ui.rebuild.disabled = false;
  }
});

if (token) {
  refresh().then(() => showWorkspace(true), failed);
}
