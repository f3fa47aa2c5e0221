// @ts-check
// The notice bar under the top bar: passing messages, bad-link warnings and
// fatal errors, rewritten in the active language when it changes.

import { $ } from "./dom.js";
import { t } from "./i18n.js";

let timer = 0;
/** Writes the current notice in the active language (kept to redo it when the language changes). */
let render = () => "";

/**
 * Shows a message under the top bar; passing messages go away by themselves.
 * @param {string | (() => string)} text the text, or a function giving it in the active language
 * @param {number} [timeout] ms, 0 = until dismissed
 * @param {string} [kind] what it is about (kept on the element as data-kind, for tests and styles)
 */
export function notice(text, timeout = 0, kind = "message") {
  render = typeof text === "function" ? text : () => text;
  $("notice").dataset.kind = kind;
  $("notice-text").textContent = render();
  $("notice").hidden = false;
  clearTimeout(timer);
  if (timeout > 0) timer = window.setTimeout(() => ($("notice").hidden = true), timeout);
}

/** A failure the page cannot go on from (recorded on <body> for the tests). @param {string} message */
export function fatal(message) {
  document.body.dataset.error = message;
  notice(() => t("notice.fatal", { message }), 0, "fatal");
}

/** Rewrites a shown notice in the active language. */
export function relabelNotice() {
  if (!$("notice").hidden) $("notice-text").textContent = render();
}

$("notice-close").addEventListener("click", () => ($("notice").hidden = true));
