// DOM operations the overlay needs, captured when the content script starts. Content scripts run
// in an isolated world (Chrome) or behind Xray wrappers (Firefox), so a page that overrides
// prototypes does not reach them; capturing is a second line of defence that costs nothing.
const attachShadowFn = Element.prototype.attachShadow;
const insertBeforeFn = Node.prototype.insertBefore;
const removeChildFn = Node.prototype.removeChild;
const setAttributeFn = Element.prototype.setAttribute;
const createElementFn = Document.prototype.createElement;

export function createElement(doc: Document, tag: string): HTMLElement {
  return createElementFn.call(doc, tag) as HTMLElement;
}

export function attachOpenShadow(el: Element): ShadowRoot {
  return attachShadowFn.call(el, { mode: 'open' });
}

export function setAttr(el: Element, name: string, value: string): void {
  setAttributeFn.call(el, name, value);
}

/** Put `node` right before or right after `anchor`. False when the anchor has no parent. */
export function place(node: Node, anchor: Node, where: 'before' | 'after'): boolean {
  const parent = anchor.parentNode;
  if (!parent) return false;
  insertBeforeFn.call(parent, node, where === 'before' ? anchor : anchor.nextSibling);
  return true;
}

/**
 * Inline styles through the CSSOM: a page's Content-Security-Policy may forbid `style` attributes,
 * but never styles set from script this way.
 */
export function setInlineStyle(el: HTMLElement, css: string): void {
  el.style.cssText = css;
}

export function detach(node: Node): void {
  const parent = node.parentNode;
  if (parent) removeChildFn.call(parent, node);
}

/**
 * Inline host styles: inline `!important` beats every page rule, `all: initial` stops inherited
 * page styles (font-size: 0, visibility: hidden…) at the host, and the rest restores what a badge needs.
 */
export const HOST_STYLE = [
  'all: initial !important',
  'display: inline-block !important',
  'position: relative !important',
  'vertical-align: middle !important',
  'margin: 0 0.3em !important',
  'visibility: visible !important',
  'opacity: 1 !important',
  'pointer-events: auto !important',
  'font-size: 12px !important',
  'line-height: normal !important',
  'z-index: 1 !important',
].join('; ');

export const PAGE_HOST_STYLE = [
  'all: initial !important',
  'display: block !important',
  'position: fixed !important',
  'right: 12px !important',
  'bottom: 12px !important',
  'visibility: visible !important',
  'opacity: 1 !important',
  'pointer-events: auto !important',
  'font-size: 12px !important',
  'z-index: 2147483646 !important',
].join('; ');
