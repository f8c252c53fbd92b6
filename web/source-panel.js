/**
 * The side panel that shows where a citation comes from: the document (title, 文号, issuer, date, status),
 * the clause path and page, and the cited clause highlighted among its neighbours (from
 * GET /api/documents/:id). Opens beside the chat on wide screens and over it on narrow ones; Escape closes
 * it and focus returns to the marker.
 */
import { getDocument } from './api.js';
import { chineseDate, pageText, statusText } from './citation-label.js';
import { h } from './dom.js';
import { quoteRanges } from './markers.js';

const NEIGHBOURS = 2;
const MORE = 3;

/**
 * Clause text with the answer's quoted sentences marked; failing that, the cited chunk's own text when
 * it is only a part of a longer clause.
 */
function clauseText(text, { quotes, chunkText }) {
  let ranges = quoteRanges(text, quotes);
  if (ranges.length === 0 && chunkText && chunkText.length < text.length) ranges = quoteRanges(text, [chunkText]);
  const nodes = [];
  let last = 0;
  for (const [start, end] of ranges) {
    nodes.push(text.slice(last, start), h('mark', { text: text.slice(start, end) }));
    last = end;
  }
  nodes.push(text.slice(last));
  return nodes;
}

function clauseView(clause, { isCited, highlight }) {
  return h('section', { class: `clause${isCited ? ' is-cited' : ''}`, ...(isCited ? { 'aria-current': 'true', tabindex: '-1' } : {}) },
    h('p', { class: 'clause-head' },
      h('span', { class: 'clause-path', text: clause.path || '正文' }),
      pageText(clause) ? h('span', { class: 'clause-page', text: pageText(clause) }) : null,
      isCited ? h('span', { class: 'clause-badge', text: '引用条款' }) : null),
    h('p', { class: 'clause-text' }, isCited ? clauseText(clause.text, highlight) : clause.text));
}

export function createSourcePanel({ panel, backdrop }) {
  const title = panel.querySelector('[data-part="title"]');
  const meta = panel.querySelector('[data-part="meta"]');
  const body = panel.querySelector('[data-part="body"]');
  const closeButton = panel.querySelector('[data-part="close"]');
  let opener = null;
  let shown = 0;

  /** `returnFocus`: back to the marker that opened it, unless the reader closed it by clicking elsewhere. */
  function close(returnFocus = true) {
    if (panel.hidden) return;
    panel.hidden = true;
    backdrop.hidden = true;
    document.body.classList.remove('panel-open');
    if (returnFocus) opener?.focus();
    opener = null;
  }

  /** 试行（至 2025年6月25日）, 已失效（有效期至 …）, 有效期至 …: the status, with the period once the document is loaded. */
  function validity(citation, doc) {
    const until = doc?.effectiveUntil ? `有效期至 ${chineseDate(doc.effectiveUntil)}` : '';
    const status = statusText(citation.status);
    if (!status) return until;
    return until && citation.status !== 'draft' ? `${status}（${until}）` : status;
  }

  function showMeta(citation, doc) {
    const items = [
      citation.docNumber ? ['文号', citation.docNumber] : null,
      citation.issuer ? ['发布', citation.issuer] : null,
      citation.date ? ['日期', chineseDate(citation.date)] : null,
      validity(citation, doc) ? ['状态', validity(citation, doc)] : null,
      ['条款', citation.clause || '正文'],
      ['页码', pageText(citation) || '—'],
    ].filter(Boolean);
    meta.replaceChildren(...items.flatMap(([term, value]) => [h('dt', { text: term }), h('dd', { text: value })]));
  }

  /** Shows clauses [from, to) of the document, the cited one at `at`, with buttons to read further. */
  function showWindow(doc, highlight, at, from, to) {
    const views = doc.clauses.slice(from, to).map((clause, k) => clauseView(clause, { isCited: from + k === at, highlight }));
    const before = from > 0 ? h('button', { type: 'button', class: 'btn btn-small more', onClick: () => showWindow(doc, highlight, at, Math.max(0, from - MORE), to) }, `显示前面的条款（${from}）`) : null;
    const afterCount = doc.clauses.length - to;
    const after = afterCount > 0 ? h('button', { type: 'button', class: 'btn btn-small more', onClick: () => showWindow(doc, highlight, at, from, Math.min(doc.clauses.length, to + MORE)) }, `显示后面的条款（${afterCount}）`) : null;
    body.replaceChildren(...[before, ...views, after].filter(Boolean));
  }

  /** Shows `citation`; `quotes` are the answer's sentences that cite it, marked in the clause. */
  async function open(citation, from, quotes = []) {
    opener = from ?? document.activeElement;
    const highlight = { quotes, chunkText: citation.text };
    const ticket = ++shown;
    title.textContent = citation.docTitle;
    showMeta(citation, null);
    body.replaceChildren(h('p', { class: 'panel-loading', text: '正在载入原文…' }));
    panel.hidden = false;
    backdrop.hidden = false;
    document.body.classList.add('panel-open');
    closeButton.focus();
    try {
      const doc = await getDocument(citation.docId);
      if (ticket !== shown) return;
      showMeta(citation, doc);
      const at = doc.clauses.findIndex((clause) => clause.chunkIds.includes(citation.id));
      if (at < 0) throw new Error('clause not found');
      showWindow(doc, highlight, at, Math.max(0, at - NEIGHBOURS), Math.min(doc.clauses.length, at + NEIGHBOURS + 1));
      scrollToCited();
    } catch {
      if (ticket !== shown) return;
      // The citation carries its own text: show that rather than nothing.
      body.replaceChildren(
        h('p', { class: 'panel-note', text: '未能载入文件全文，以下为引用条款原文：' }),
        clauseView({ path: citation.clause, page: citation.page, pageLabel: citation.pageLabel, text: citation.text }, { isCited: true, highlight }));
    }
  }

  /**
   * Scrolls the panel only (never the page): the cited clause near the top, or, when the quoted sentence
   * sits further down a long clause, that sentence a third of the way down.
   */
  function scrollToCited() {
    const cited = body.querySelector('.is-cited');
    if (!cited) return;
    const top = body.getBoundingClientRect().top;
    let offset = cited.getBoundingClientRect().top - top - 48;
    const mark = cited.querySelector('mark');
    if (mark && mark.getBoundingClientRect().top - top - offset > body.clientHeight * 0.6) offset = mark.getBoundingClientRect().top - top - body.clientHeight / 3;
    body.scrollTop += offset;
  }

  closeButton.addEventListener('click', () => close());
  backdrop.addEventListener('click', () => close());
  // Where the chat stays beside the panel, a click on it (the question box) means the reader is done with the
  // panel: the pointer, not the trap below, then decides where focus goes. The panel closes on the click, not on
  // the press: closing widens the chat and moves what was pressed (another marker, a source) from under the pointer.
  let pointerOutside = false;
  const outside = (event) => !panel.hidden && event.target instanceof Element && !panel.contains(event.target) && event.target !== backdrop;
  document.addEventListener('pointerdown', (event) => {
    pointerOutside = outside(event);
  }, true);
  document.addEventListener('click', (event) => {
    // A marker or a source opens its own clause in the panel.
    if (pointerOutside && outside(event) && !event.target.closest('.cite, .source')) close(false);
    pointerOutside = false;
  }, true);
  // The keyboard sets the trap again (a press that ended in a scroll, not a click, left the flag up).
  document.addEventListener('keydown', () => {
    pointerOutside = false;
  }, true);
  // Escape closes the panel wherever focus is (before the page's own Escape, which closes an embedded chat).
  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape' || panel.hidden) return;
    event.stopPropagation();
    close();
  }, true);
  // While open, Tab cycles within the panel: focus never wanders to the chat behind it.
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'Tab') return;
    const focusable = [...panel.querySelectorAll('button, [href], [tabindex]:not([tabindex="-1"])')].filter((element) => !element.hasAttribute('disabled') && element.getClientRects().length > 0);
    const first = focusable[0];
    const last = focusable.at(-1);
    if (!first || !last) return;
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  document.addEventListener('focusin', (event) => {
    if (!panel.hidden && !pointerOutside && event.target instanceof Node && !panel.contains(event.target)) closeButton.focus();
  });
  return { open, close, isOpen: () => !panel.hidden };
}
