// @ts-check
// The long fuzz run: `node tests/fuzz/run.mjs --calls 1000000 [--seed 7]`
// prints the calls made and the count of each outcome class (see fuzz.mjs);
// exits 1 if any call trapped, threw a non-Error or an unnamed Error, or left
// the instance or the module unusable.
import { fuzz } from "./fuzz.mjs";
import { loadWasm } from "../lib/wasm.mjs";

const args = process.argv.slice(2);
const option = (/** @type {string} */ name, /** @type {number} */ fallback) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const calls = option("--calls", 100_000);
const seed = option("--seed", 7);
const { glue, exports } = await loadWasm();
const start = performance.now();
const { counts, failures } = fuzz(glue, {
  seed,
  calls,
  onProgress: (done, sofar) => {
    if (done % 50_000 === 0 && done > 0) console.error(`... ${JSON.stringify(sofar)}`);
  },
});
const seconds = (performance.now() - start) / 1000;
console.log(`seed ${seed}: ${counts.calls} calls in ${seconds.toFixed(1)} s`);
for (const [k, v] of Object.entries(counts)) console.log(`  ${k.padEnd(14)} ${v}`);
console.log(`  wasm memory    ${(exports.memory.buffer.byteLength / 2 ** 20).toFixed(1)} MiB`);
for (const f of failures) console.log(`  FAIL ${f}`);
process.exit(failures.length === 0 ? 0 : 1);
