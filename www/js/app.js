// @ts-check
// The page's shared state: what the engine last reported (config, points,
// weights, counters) and the learner's choices that are not the engine's
// (view options, the class of new points, playing or not).

import { DEFAULT_UI } from "./state.js";

/** @typedef {import("./state.js").Point} Point */
/** @typedef {import("./engine-client.js").Frame} Frame */

/**
 * @typedef {object} App
 * @property {any} config the engine's normalized config (null until the first frame)
 * @property {Point[]} points the engine's points, as last reported
 * @property {boolean} pointsCustom true once the points differ from what config + seed generate
 * @property {import("./state.js").UiState} ui
 * @property {boolean} playing
 * @property {number} activeClass the class (or key − 1) of new points
 * @property {Frame["palette"] | null} palette
 * @property {Frame["state"] | null} engineState
 * @property {Frame["model"] | null} model the latest weights (carried by the hash)
 */

/** @returns {App} */
export function createApp() {
  return {
    config: null,
    points: [],
    pointsCustom: false,
    ui: { ...DEFAULT_UI },
    playing: false,
    activeClass: 0,
    palette: null,
    engineState: null,
    model: null,
  };
}
