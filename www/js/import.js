// @ts-check
// Opening a saved file: the Open… button's file picker, or a .json file
// dropped anywhere on the page, hands the file's text to the engine's own
// reader (`open`), which loads a session file (the whole session) or a model
// file (the weights, into the current network) as one undo step; a bad file
// changes nothing and the notice bar names the problem.

import { $, messageOf } from "./dom.js";
import { t } from "./i18n.js";
import { notice } from "./notice.js";

/** @typedef {import("./edits.js").Edits} Edits */

/**
 * The engine's limit on a file's text, in characters (`open` refuses more).
 * A file of more than three bytes per character is refused here before it is
 * read: its text would be over the limit whatever its characters are.
 */
const MAX_CHARS = 16 * 1024 * 1024;

/** Whether a file is one this module opens (JSON), not one for the CSV import. @param {File} file */
export function isJsonFile(file) {
  return /\.json$/i.test(file.name) || file.type === "application/json";
}

/** @param {DragEvent} e */
const carriesFiles = (e) => Boolean(e.dataTransfer && Array.from(e.dataTransfer.types).includes("Files"));

/** Says why `file` was not opened (nothing changed). @param {string} file @param {string} message */
function refused(file, message) {
  notice(() => t("open.failed", { file, message }), 0, "open-error");
}

/**
 * Opens a file: its text goes to the engine's `open`, as one undo step.
 * @param {Edits} edits @param {File} file
 */
export async function openFile(edits, file) {
  if (file.size > 3 * MAX_CHARS) {
    refused(file.name, t("open.tooBig", { size: file.size.toLocaleString("en-US"), max: MAX_CHARS.toLocaleString("en-US") }));
    return;
  }
  /** @type {string} */
  let text;
  try {
    text = await file.text();
  } catch (err) {
    refused(file.name, messageOf(err));
    return;
  }
  const done = await edits.replace("open", () => edits.engine.call("open", text));
  if (!done.ok) {
    refused(file.name, messageOf(done.error).replace(/^open:\s*/, ""));
    return;
  }
  const model = done.result?.kind === "model";
  notice(() => t(model ? "open.model" : "open.session", { file: file.name }), 10_000, "open");
}

/** Wires the Open button and .json drops on the page. @param {Edits} edits */
export function initOpen(edits) {
  const input = /** @type {HTMLInputElement} */ ($("open-file"));
  input.addEventListener("change", () => {
    const file = input.files?.[0];
    input.value = ""; // choosing the same file again opens it again
    if (file) void openFile(edits, file);
  });

  // A drop anywhere on the page: the output plot's own handler takes CSV
  // files first (csv-io.js) and leaves .json files to this one.
  const page = document.body;
  document.addEventListener("dragover", (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    page.classList.add("is-file-over");
  });
  document.addEventListener("dragleave", (e) => {
    if (e.relatedTarget === null) page.classList.remove("is-file-over");
  });
  document.addEventListener("drop", (e) => {
    page.classList.remove("is-file-over");
    if (!carriesFiles(e) || e.defaultPrevented) return;
    // Never let the browser leave the page to show the file.
    e.preventDefault();
    const file = e.dataTransfer?.files[0];
    if (!file) return;
    if (isJsonFile(file)) void openFile(edits, file);
    else notice(() => t("open.dropKind", { file: file.name }), 10_000, "open-error");
  });
}
