/**
 * Builds DOM from data without ever parsing HTML: every string becomes a text node or an attribute value.
 * Answer text, clause text and questions all pass through here, so nothing they contain can run.
 */

/** `h('p', { class: 'note', onClick: fn }, 'text', child)`: an element with properties, listeners and children. */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === 'class') element.className = value;
    else if (key === 'text') element.textContent = value;
    else if (key === 'dataset') Object.assign(element.dataset, value);
    else if (/^on[A-Z]/u.test(key)) element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (/^on/iu.test(key)) throw new Error(`refusing to set the inline handler attribute ${key}`);
    else element.setAttribute(key, value === true ? '' : String(value));
  }
  return append(element, children);
}

/** Appends nodes and strings (as text) to `parent`, skipping null, undefined and false. */
export function append(parent, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    parent.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return parent;
}

/** An inline SVG icon from a list of path data, drawn in currentColor. */
export function icon(paths, { size = 18, label } = {}) {
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('width', String(size));
  svg.setAttribute('height', String(size));
  svg.setAttribute('fill', 'none');
  svg.setAttribute('stroke', 'currentColor');
  svg.setAttribute('stroke-width', '1.8');
  svg.setAttribute('stroke-linecap', 'round');
  svg.setAttribute('stroke-linejoin', 'round');
  if (label) svg.setAttribute('aria-label', label);
  else svg.setAttribute('aria-hidden', 'true');
  for (const d of paths) {
    const path = document.createElementNS(ns, 'path');
    path.setAttribute('d', d);
    svg.append(path);
  }
  return svg;
}

export const ICONS = Object.freeze({
  copy: ['M9 9h10v11H9z', 'M5 15V4h10'],
  check: ['M5 12.5l4.5 4.5L19 7.5'],
  up: ['M7 11v9H4v-9z', 'M7 11l4-8c1.7 0 2.7 1.2 2.3 2.8L12.6 9H18a2 2 0 0 1 2 2.3l-1.2 6.8A2 2 0 0 1 16.8 20H7'],
  down: ['M7 13V4H4v9z', 'M7 13l4 8c1.7 0 2.7-1.2 2.3-2.8L12.6 15H18a2 2 0 0 0 2-2.3l-1.2-6.8A2 2 0 0 0 16.8 4H7'],
  close: ['M6 6l12 12', 'M18 6L6 18'],
  send: ['M4 12l16-8-6 16-2.5-6.5z', 'M11.5 13.5L20 4'],
  plus: ['M12 5v14', 'M5 12h14'],
  doc: ['M7 3h7l5 5v13H7z', 'M14 3v5h5', 'M10 13h6', 'M10 17h6'],
  alert: ['M12 4l9 16H3z', 'M12 10v4', 'M12 17.5v.01'],
});
