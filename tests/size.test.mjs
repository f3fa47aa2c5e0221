// @ts-check
// The page's start-up download stays within its budget: the engine's .wasm
// (the release build that `cargo xtask test` makes) at most 150 KB gzipped
// (issue 10; README "Performance"). Unlike speed, a build's size does not
// depend on the machine, so it is asserted. zlib at level 9 comes out a
// little larger than `gzip -9` (which `cargo xtask build --release` prints).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const BUDGET = 150_000;

test("the engine's wasm is at most 150 KB gzipped", () => {
  const wasm = readFileSync(join(ROOT, "www", "pkg", "nnplay_wasm_bg.wasm"));
  const gzipped = gzipSync(wasm, { level: 9 }).length;
  console.log(`# nnplay_wasm_bg.wasm: ${wasm.length} bytes raw, ${gzipped} gzipped (zlib level 9)`);
  assert.ok(
    gzipped <= BUDGET,
    `${gzipped} bytes gzipped is over the budget of ${BUDGET} (is www/pkg a release build? cargo xtask build --release)`,
  );
});
