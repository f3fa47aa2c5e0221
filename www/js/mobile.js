// @ts-check
// Small screens and touch: the jump bar under the run controls (output,
// network, data, settings — one tap away on a phone), and on a device
// without hover the help texts that say "tap" instead of "hover" and "click",
// swapped in before the page's strings are written.

/** Help texts with a touch wording: the element's key → the touch key. */
const TOUCH_KEYS = /** @type {Record<string, string>} */ ({
  "shape.hint": "data.touch.shapeHint",
  "network.hint": "data.touch.networkHint",
});

/** True on a device whose main pointer cannot hover (a finger). */
export const touchOnly = () => typeof matchMedia === "function" && matchMedia("(hover: none)").matches;

if (typeof document !== "undefined") {
  if (touchOnly()) {
    for (const el of document.querySelectorAll("[data-i18n]")) {
      const key = /** @type {HTMLElement} */ (el).dataset.i18n ?? "";
      if (key in TOUCH_KEYS) /** @type {HTMLElement} */ (el).dataset.i18n = TOUCH_KEYS[key];
    }
  }
  // Buttons, not links: the URL's hash holds the playground's state.
  for (const b of document.querySelectorAll("[data-jump]")) {
    b.addEventListener("click", () => {
      const target = document.querySelector(/** @type {HTMLElement} */ (b).dataset.jump ?? "");
      target?.scrollIntoView({ block: "start" });
    });
  }
}
