// @ts-check
// Loads the `--target web` wasm build (www/pkg, or $NNPLAY_PKG) in node for the
// boundary and fuzz tests, returning the glue and the module's exports.
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = process.env.NNPLAY_ROOT ?? resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PKG = process.env.NNPLAY_PKG ?? join(ROOT, "www", "pkg");

/** @returns {Promise<{ glue: any, exports: any }>} */
export async function loadWasm() {
  const js = join(PKG, "nnplay_wasm.js");
  const wasm = join(PKG, "nnplay_wasm_bg.wasm");
  if (!existsSync(js) || !existsSync(wasm)) {
    throw new Error(`${js} is missing: run \`cargo xtask build --release\` first (cargo xtask test does)`);
  }
  const glue = await import(pathToFileURL(js).href);
  const exports = glue.initSync({ module: readFileSync(wasm) });
  return { glue, exports };
}
