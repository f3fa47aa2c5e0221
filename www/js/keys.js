// @ts-check
// The page's keyboard shortcuts: Space play/pause, S or → one step, R reset,
// 1..8 the class of new points, Ctrl+Z / Ctrl+Shift+Z (or Ctrl+Y) undo/redo —
// never while the learner types in a field (the class keys work on a toggle too).

/**
 * @typedef {object} KeyActions
 * @property {() => void} togglePlay
 * @property {() => void} step
 * @property {() => void} reset
 * @property {(which: "undo" | "redo") => void} undoRedo
 * @property {(k: number) => void} pickClass  key 1..8 pressed (k = key − 1)
 */

/** Input types that take no typed text. */
const TOGGLES = new Set(["checkbox", "radio", "range", "button", "submit", "reset", "color", "file"]);

/** @param {KeyActions} on */
export function initKeys(on) {
  document.addEventListener("keydown", (e) => {
    const target = /** @type {HTMLElement} */ (e.target);
    // A toggle or a slider (the brush's radio, a checkbox) is no place to type: the class keys still work there.
    const toggle = target instanceof HTMLInputElement && TOGGLES.has(target.type);
    const typing = (target instanceof HTMLInputElement && !toggle) || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement || target.isContentEditable;
    if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === "z" || e.key === "Z" || e.key === "y")) {
      if (target instanceof HTMLInputElement && (target.type === "number" || target.type === "text")) return;
      e.preventDefault();
      on.undoRedo(e.key === "y" || e.shiftKey ? "redo" : "undo");
      return;
    }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return;
    if (toggle && !/^[1-8]$/.test(e.key)) return; // Space toggles it, arrows move it
    if (e.key === " ") {
      if (target instanceof HTMLButtonElement || target.tagName === "SUMMARY") return; // Space presses the focused button
      e.preventDefault();
      on.togglePlay();
    } else if (e.key === "s" || e.key === "S" || e.key === "ArrowRight") {
      e.preventDefault();
      on.step();
    } else if (e.key === "r" || e.key === "R") {
      e.preventDefault();
      on.reset();
    } else if (/^[1-8]$/.test(e.key)) {
      on.pickClass(Number(e.key) - 1);
    }
  });
}
