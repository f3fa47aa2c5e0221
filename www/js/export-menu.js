// @ts-check
// The Export menu: the network as ONNX (.onnx) or as a PyTorch script (.py),
// made by the exports' own wasm module (www/pkg/nnplay_export.js, loaded on
// first use so the page never pays for it at start), and the engine's
// model() and snapshot() as JSON files; each a download.

import { $, messageOf } from "./dom.js";
import { t } from "./i18n.js";

/** @typedef {import("./edits.js").Edits} Edits */

/**
 * @typedef {object} ExportModule
 * @property {(snapshot: any) => Uint8Array} exportOnnx
 * @property {(snapshot: any, options?: {weights?: string, epochs?: number}) => string} exportPytorch
 */

/** What each menu entry downloads: its file name, type and how to make it. */
const FORMATS = {
  onnx: { file: "nnplay-model.onnx", type: "application/octet-stream" },
  pytorch: { file: "nnplay_model.py", type: "text/x-python" },
  model: { file: "nnplay-model.json", type: "application/json" },
  session: { file: "nnplay-session.json", type: "application/json" },
};

/** @type {Promise<ExportModule> | null} */
let exportModule = null;

/** The exports' wasm module, instantiated once (on the first export). */
function loadExportModule() {
  if (!exportModule) {
    exportModule = (async () => {
      const glue = await import("../pkg/nnplay_export.js");
      await glue.default();
      return /** @type {ExportModule} */ (/** @type {unknown} */ (glue));
    })();
    // A failed load (the network, say) may be retried by the next click.
    exportModule.catch(() => {
      exportModule = null;
    });
  }
  return exportModule;
}

/** Writes the export status in the active language (kept to redo it when the language changes). */
let statusRender = () => "";

/** @param {() => string} render @param {boolean} error */
function status(render, error) {
  statusRender = render;
  const e = $("export-status");
  e.textContent = render();
  e.classList.toggle("is-error", error);
  e.hidden = false;
}

/** Rewrites a shown export status in the active language. */
export function relabelExport() {
  if (!$("export-status").hidden) $("export-status").textContent = statusRender();
}

/** Downloads `data` as `file` (a blob: link, clicked). @param {BlobPart} data @param {string} file @param {string} type */
function download(data, file, type) {
  const url = URL.createObjectURL(new Blob([data], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = file;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  // The download has started reading the blob; let it finish before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * The content of one format, from the engine's state as it is now.
 * @param {Edits} edits @param {keyof typeof FORMATS} format
 * @returns {Promise<BlobPart>}
 */
async function content(edits, format) {
  if (format === "model") return JSON.stringify(await edits.engine.call("model"));
  const snapshot = await edits.engine.call("snapshot");
  if (format === "session") return JSON.stringify(snapshot);
  const exports = await loadExportModule();
  if (format === "onnx") return /** @type {Uint8Array<ArrayBuffer>} */ (exports.exportOnnx(snapshot));
  return exports.exportPytorch(snapshot, { weights: "current" });
}

/** Makes and downloads one format; says what it saved, or why not. @param {Edits} edits @param {keyof typeof FORMATS} format */
function exportAs(edits, format) {
  const { file, type } = FORMATS[format];
  return edits.enqueue(async () => {
    try {
      download(await content(edits, format), file, type);
      status(() => t("export.saved", { file }), false);
    } catch (err) {
      const message = messageOf(err);
      status(() => t("export.failed", { message }), true);
    }
  });
}

/** Wires the menu's entries. @param {Edits} edits */
export function initExportMenu(edits) {
  for (const format of /** @type {(keyof typeof FORMATS)[]} */ (Object.keys(FORMATS))) {
    $(`export-${format}`).addEventListener("click", () => {
      void exportAs(edits, format);
    });
  }
}
