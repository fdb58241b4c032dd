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

/** A shadow root: closed in the shipped build (the page cannot reach in), open in the test build. */
export function attachShadow(el: Element, mode: ShadowRootMode): ShadowRoot {
  return attachShadowFn.call(el, { mode });
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
 * Every person's host has the same fixed size, whatever its level or language: the page can measure
 * a host (getBoundingClientRect, computed width), and a size that followed the chip's text ("Red I",
 * "Yellow III", "Add") would tell the page each person's level.
 */
export const HOST_STYLE = [
  'all: initial !important',
  'display: inline-block !important',
  'box-sizing: border-box !important',
  'width: 96px !important',
  'height: 20px !important',
  'overflow: visible !important',
  'text-align: center !important',
  'white-space: nowrap !important',
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
