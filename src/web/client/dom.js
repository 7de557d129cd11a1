/*
 * The one way the pages build DOM: text only ever enters as text nodes and attributes only
 * through setAttribute, so a run name like `<img src=x onerror=…>` stays text. Nothing here
 * uses innerHTML, and no style attribute is ever written (the CSP forbids inline styles;
 * set el.style.* from code, or use a class).
 */

const SVG_NS = 'http://www.w3.org/2000/svg';

/**
 * An HTML element with attributes and children.
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs] attribute values (null, undefined and false skip
 *   the attribute, true sets it empty); a key `onX` with a function adds a listener for event X
 * @param {...unknown} children Nodes; strings and numbers become text nodes; arrays are flattened;
 *   null, undefined and false are skipped
 * @returns {HTMLElement}
 */
export function el(tag, attrs, ...children) {
  return build(document.createElement(tag), attrs, children);
}

/**
 * An SVG element, as el() does for HTML.
 * @param {string} tag
 * @param {Record<string, unknown> | null} [attrs]
 * @param {...unknown} children
 * @returns {SVGElement}
 */
export function svg(tag, attrs, ...children) {
  return build(document.createElementNS(SVG_NS, tag), attrs, children);
}

function build(node, attrs, children) {
  for (const key in attrs) {
    const value = attrs[key];
    if (value === null || value === undefined || value === false) continue;
    if (key === 'style') throw new Error('dom.el: no style attribute (CSP); set el.style from code or use a class');
    if (key.startsWith('on')) {
      if (typeof value !== 'function') throw new Error(`dom.el: ${key} must be a function`);
      node.addEventListener(key.slice(2), value);
      continue;
    }
    node.setAttribute(key, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

/**
 * Appends children (as el() takes them) to a node.
 * @param {Node} node
 * @param {unknown[]} children
 * @returns {Node} the node
 */
export function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) append(node, child);
    else node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/**
 * Replaces a node's children (as el() takes them).
 * @param {Node} node
 * @param {...unknown} children
 * @returns {Node} the node
 */
export function replace(node, ...children) {
  node.textContent = '';
  return append(node, children);
}

/**
 * The element with this id; throws when the page lacks it (a bug, not a user error).
 * @param {string} id
 * @returns {HTMLElement}
 */
export function byId(id) {
  const found = document.getElementById(id);
  if (!found) throw new Error(`no #${id} on the page`);
  return found;
}

/**
 * A titled section of a page.
 * @param {string} title
 * @param {Record<string, unknown> | null} attrs
 * @param {...unknown} children
 * @returns {HTMLElement}
 */
export function section(title, attrs, ...children) {
  const classes = ['card', attrs?.class].filter(Boolean).join(' ');
  return el('section', { ...attrs, class: classes }, el('h2', null, title), ...children);
}

/**
 * A page's card for when its address names nothing to show: a heading and a note saying
 * where to go instead.
 * @param {string} title
 * @param {...unknown} note the note's children (text and links)
 * @returns {HTMLElement}
 */
export function emptyCard(title, ...note) {
  return el('div', { class: 'card' }, el('h1', null, title), el('p', { class: 'note' }, ...note));
}

/**
 * A table head of right-aligned (number) column headers.
 * @param {...string} labels
 * @returns {HTMLElement} a <thead>
 */
export function numberHead(...labels) {
  return el('thead', null, el('tr', null, labels.map((label) => el('th', { class: 'num', scope: 'col' }, label))));
}

/**
 * A table's one row saying it is empty, across `columns` columns.
 * @param {number} columns
 * @param {...unknown} text
 * @returns {HTMLElement} a <tr>
 */
export function emptyRow(columns, ...text) {
  return el('tr', { class: 'empty' }, el('td', { colspan: columns }, ...text));
}

/**
 * Calls fn once calls have paused for `ms`, with the latest arguments (typing in a filter box).
 * @template {unknown[]} A
 * @param {(...args: A) => void} fn
 * @param {number} ms
 * @returns {(...args: A) => void}
 */
export function debounce(fn, ms) {
  let timer;
  return (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), ms);
  };
}
