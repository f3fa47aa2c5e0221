// @ts-check
// Promise-based messaging with the engine worker (worker.js). Requests carry
// an id and resolve with the worker's reply; frames and warnings arrive as
// events. The main thread never trains: it asks, and draws what comes back.

import { t } from "./i18n.js";

/**
 * @typedef {object} Frame
 * @property {Uint8ClampedArray<ArrayBuffer>} boundary  RGBA, boundaryRes^2 * 4
 * @property {Uint8ClampedArray<ArrayBuffer>} neurons   RGBA thumbnails, neuron-major
 * @property {number} boundaryRes
 * @property {number} thumbRes
 * @property {boolean} pixelsValid  false once training diverged (nothing to draw)
 * @property {number[]} sizes       [nIn, ...hidden, nOut]
 * @property {{layers: {weights: number[][], biases: number[]}[]}} model
 * @property {{train: number, test: number, trainAccuracy: number | null, testAccuracy: number | null}} loss
 * @property {{epoch: number, step: number, diverged: boolean, pointCount: number, trainCount: number, testCount: number}} state
 * @property {boolean} playing
 * @property {import("./dropout-counts.js").Dropped | null} [dropped] per hidden neuron, the last step's minibatch points dropout switched it off for
 * @property {number[]} [batchLosses] each step's minibatch loss since the last frame (the last is this step's)
 * @property {any} [config]
 * @property {{problem: string, labels: number[], colors: number[][], scale: number[]} | null} [palette]
 * @property {{x: number, y: number, label: number, test: boolean}[]} [points]
 * @property {Uint8ClampedArray} [pointColors]
 */

export class EngineClient {
  /** @param {Worker} worker */
  constructor(worker) {
    this.worker = worker;
    this.nextId = 1;
    /** @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
    this.pending = new Map();
    /** @type {(frame: Frame) => void} */
    this.onFrame = () => {};
    /**
     * A warning: `key` names the sentence (www/locales) that wraps the engine's
     * own message; without a key the message stands alone.
     * @type {(message: string, key?: string) => void}
     */
    this.onWarning = () => {};
    /** @type {(message: string) => void} */
    this.onFatal = () => {};
    worker.addEventListener("message", (e) => this.receive(e.data));
    worker.addEventListener("error", (e) => {
      e.preventDefault();
      const message = e.message || t("warn.workerFailed");
      for (const p of this.pending.values()) p.reject(new Error(message));
      this.pending.clear();
      this.onFatal(message);
    });
    worker.addEventListener("messageerror", () => this.onWarning(t("warn.messageError")));
  }

  /** @param {any} m */
  receive(m) {
    if (m.type === "reply") {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.ok) p.resolve(m.result);
      else p.reject(new Error(m.error));
    } else if (m.type === "frame") {
      this.onFrame(m);
    } else if (m.type === "warning") {
      this.onWarning(m.message, m.key);
    }
  }

  /**
   * Sends a message that expects a reply.
   * @param {string} type
   * @param {Record<string, unknown>} [payload]
   * @param {Transferable[]} [transfer]
   * @returns {Promise<any>}
   */
  request(type, payload = {}, transfer = []) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ ...payload, type, id }, transfer);
    });
  }

  /**
   * Sends a message without waiting for anything.
   * @param {string} type
   * @param {Record<string, unknown>} [payload]
   * @param {Transferable[]} [transfer]
   */
  post(type, payload = {}, transfer = []) {
    this.worker.postMessage({ ...payload, type }, transfer);
  }

  /**
   * Calls a method of the worker's Playground.
   * @param {string} method
   * @param {...unknown} args
   */
  call(method, ...args) {
    return this.request("call", { method, args });
  }

  /**
   * Gives drawn frame buffers back to the worker (ping-pong, no allocation).
   * @param {Frame} frame
   */
  giveBack(frame) {
    this.post("buffers", { boundary: frame.boundary, neurons: frame.neurons }, [
      frame.boundary.buffer,
      frame.neurons.buffer,
    ]);
  }
}

/** Starts the engine worker. */
export function startEngine() {
  const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
  return new EngineClient(worker);
}
