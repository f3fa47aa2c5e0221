// @ts-check
// Counts, for each hidden neuron, the points of the last training step's
// minibatch that dropout switched it off for, from the engine's masks
// (`dropoutMasks()`); the worker sends the counts with each frame.

/**
 * @typedef {object} Dropped
 * @property {number} samples   the points in that step's minibatch
 * @property {number[]} counts  per hidden neuron (layer after layer), the points it was off for
 */

/**
 * @param {Float32Array} masks `[sample][hidden neuron]`, 0 for a dropped neuron
 * @param {number} hidden how many hidden neurons the network has
 * @returns {Dropped | null} null when there are no masks (dropout off, no step since a reset) or they do not fit the network
 */
export function countDropped(masks, hidden) {
  if (!(hidden > 0) || masks.length === 0 || masks.length % hidden !== 0) return null;
  const samples = masks.length / hidden;
  /** @type {number[]} */
  const counts = new Array(hidden).fill(0);
  for (let s = 0, k = 0; s < samples; s++) {
    for (let h = 0; h < hidden; h++, k++) if (masks[k] === 0) counts[h]++;
  }
  return { samples, counts };
}
