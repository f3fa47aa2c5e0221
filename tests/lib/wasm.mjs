// @ts-check
// Loads a `--target web` wasm build of www/pkg (or $NNPLAY_PKG) in node: the
// engine (`nnplay_wasm`) or the export module (`nnplay_export`), returning
// the glue and the module's exports.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = process.env.NNPLAY_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PKG = process.env.NNPLAY_PKG ?? join(ROOT, "www", "pkg");

/**
 * @param {"nnplay_wasm" | "nnplay_export"} [name]
 * @returns {Promise<{ glue: any, exports: any }>}
 */
export async function loadWasm(name = "nnplay_wasm") {
  const js = join(PKG, `${name}.js`);
  const wasm = join(PKG, `${name}_bg.wasm`);
  if (!existsSync(js) || !existsSync(wasm)) {
    throw new Error(`${js} is missing: run \`cargo xtask build --release\` first (cargo xtask test does)`);
  }
  const glue = await import(pathToFileURL(js).href);
  const exports = glue.initSync({ module: readFileSync(wasm) });
  return { glue, exports };
}

/** The engine's glue (its `Playground` class). */
export async function engineGlue() {
  return (await loadWasm()).glue;
}

/** The export module's glue (`exportOnnx`, `exportPytorch`, ...). */
export async function exportGlue() {
  return (await loadWasm("nnplay_export")).glue;
}
