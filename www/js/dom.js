// @ts-check
// Building and finding DOM elements without a framework.

/**
 * Builds an element: `attrs` are attributes (`class` sets the class name),
 * `children` are appended (strings become text).
 * @param {string} tag @param {Record<string, string>} [attrs] @param {...(Node | string)} children
 * @returns {HTMLElement}
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v;
    else e.setAttribute(k, v);
  }
  e.append(...children);
  return e;
}

/** The element with this id (a missing one is a bug in index.html). @param {string} id */
export function $(id) {
  const e = document.getElementById(id);
  if (!e) throw new Error(`missing #${id}`);
  return e;
}

/** An error's message, whatever was thrown. @param {unknown} err */
export const messageOf = (err) => (err instanceof Error ? err.message : String(err));

/**
 * Places a floating element (tooltip, pop-up) at page coordinates, moved left
 * as far as needed to stay inside the viewport's width (8 px margin).
 * @param {HTMLElement} e @param {number} left @param {number} top
 */
export function placeInside(e, left, top) {
  const viewport = document.documentElement.clientWidth;
  const width = Math.min(e.offsetWidth, viewport - 16);
  e.style.left = `${Math.max(scrollX + 8, Math.min(left, scrollX + viewport - width - 8))}px`;
  e.style.top = `${top}px`;
}
