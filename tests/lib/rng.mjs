// @ts-check
// A small seeded random generator (mulberry32) for the fuzzers, so a failing
// case can be replayed from its seed.

/** @param {number} seed */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    /** @param {number} n */ below: (n) => Math.floor(next() * n),
    /** @template T @param {T[]} items @returns {T} */ pick: (items) => items[Math.floor(next() * items.length)],
  };
}
