// @ts-check
// Points to and from CSV files: the Export button downloads the engine's
// points, the Import button or a file dropped on the plot replaces them (one
// undo step); a bad file changes nothing and says which line is wrong.

import { $, messageOf } from "./dom.js";
import { t, tn } from "./i18n.js";
import { isJsonFile } from "./import.js";

/** @typedef {import("./edits.js").Edits} Edits */

/** The name an exported file gets. */
const CSV_FILE_NAME = "nnplay-points.csv";
/** Writes the CSV status in the active language (kept to redo it when the language changes). */
let statusRender = () => "";

/**
 * Shows the result of an export or import under the CSV buttons.
 * @param {() => string} render the text in the active language
 * @param {boolean} error
 */
function status(render, error) {
  statusRender = render;
  const e = $("csv-status");
  e.textContent = render();
  e.classList.toggle("is-error", error);
  e.hidden = false;
}

/** Rewrites a shown CSV status in the active language. */
export function relabelCsv() {
  if (!$("csv-status").hidden) $("csv-status").textContent = statusRender();
}

/** Downloads the engine's points as a CSV file (a blob: link, clicked). @param {Edits} edits */
function exportCsv(edits) {
  return edits.enqueue(async () => {
    /** @type {string} */
    const text = await edits.engine.call("exportPoints");
    const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
    const a = document.createElement("a");
    a.href = url;
    a.download = CSV_FILE_NAME;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    // The download has started reading the blob; let it finish before letting go.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    const n = text.split("\n").filter((line) => line.trim() !== "").length - 1; // less the header
    status(() => tn("csv.exported", n, { file: CSV_FILE_NAME }), false);
  });
}

/**
 * Replaces the points with a CSV file's (one undo step). A bad file changes
 * nothing and says which line is wrong, in the engine's words.
 * @param {Edits} edits @param {File} file
 */
async function importCsv(edits, file) {
  /** @type {string} */
  let text;
  try {
    text = await file.text();
  } catch (err) {
    const message = messageOf(err);
    status(() => t("csv.importFailed", { message }), true);
    return;
  }
  /** @type {number | null} */
  let count = null;
  /** @type {string | null} */
  let failure = null;
  await edits.edit("import", async () => {
    try {
      count = Number(await edits.engine.call("importPoints", text));
    } catch (err) {
      // The engine refused the file and kept its points: no undo step is recorded.
      failure = messageOf(err).replace(/^importPoints:\s*/, "");
    }
  });
  if (failure !== null) {
    const message = failure;
    status(() => t("csv.importFailed", { message }), true);
  } else if (count !== null) {
    const n = count;
    status(() => tn("csv.imported", n, { file: file.name }), false);
  }
}

/** Wires the Export and Import buttons and file drops on the output plot. @param {Edits} edits */
export function initCsv(edits) {
  const importInput = /** @type {HTMLInputElement} */ ($("import-csv"));
  $("export-csv").addEventListener("click", () => void exportCsv(edits));
  importInput.addEventListener("change", () => {
    const file = importInput.files?.[0];
    importInput.value = ""; // choosing the same file again is a new import
    if (file) void importCsv(edits, file);
  });

  const target = $("output");
  /** @param {DragEvent} e */
  const carriesFiles = (e) => Boolean(e.dataTransfer && Array.from(e.dataTransfer.types).includes("Files"));
  target.addEventListener("dragover", (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    if (e.dataTransfer) e.dataTransfer.dropEffect = "copy";
    target.classList.add("is-drop-target");
  });
  target.addEventListener("dragleave", () => target.classList.remove("is-drop-target"));
  target.addEventListener("drop", (e) => {
    target.classList.remove("is-drop-target");
    if (!carriesFiles(e)) return;
    const file = e.dataTransfer?.files[0];
    if (file && isJsonFile(file)) return; // a saved session or model: the page opens it (import.js)
    e.preventDefault();
    if (file) void importCsv(edits, file);
  });
}
