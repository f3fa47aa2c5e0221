// @ts-check
// Pointer editing on the output canvas (mouse, pen and touch alike): a click
// on empty space adds a point, a press on a point drags it, a long press,
// right-click or Alt-click removes it, and the brush paints while pressed.

/** A touch or pen press held this long without moving removes the point under it. */
const LONG_PRESS_MS = 550;
/** Moving farther than this (CSS px) turns a press into a drag. */
const DRAG_SLOP = 4;

/** Wires the pointer events of an output canvas to its edit handlers. @param {import("./canvas.js").OutputCanvas} v */
export function attachPointer(v) {
  const canvas = v.canvas;
  canvas.addEventListener("contextmenu", (e) => e.preventDefault());

  canvas.addEventListener("pointerdown", (e) => {
    if (v.press || v.brushing) return;
    const touch = e.pointerType === "touch";
    const index = v.hit(e.clientX, e.clientY, touch);
    const [x, y] = v.toDomain(e.clientX, e.clientY);
    if (e.button === 2 || (e.button === 0 && e.altKey)) {
      e.preventDefault();
      if (index >= 0) v.on.remove(index);
      return;
    }
    if (e.button !== 0) return;
    e.preventDefault();
    v.cursor = { x, y };
    v.pointerFocus = true;
    canvas.classList.add("pointer-focus");
    canvas.focus({ preventScroll: true });
    canvas.setPointerCapture(e.pointerId);
    if (v.on.tool() === "brush") {
      v.hover = { x, y };
      v.requestDraw();
      v.brushing = true;
      v.on.brushStart();
      v.on.brush(x, y);
      return;
    }
    if (index < 0) {
      v.on.add(x, y);
      return;
    }
    // Long press is the touch and pen way to remove; a mouse has its right
    // button, and a mouse held still while the learner thinks keeps its point.
    const timer = e.pointerType === "mouse" ? 0 : window.setTimeout(() => {
      if (v.press && !v.press.moved) {
        const i = v.press.index;
        v.press = null;
        v.on.remove(i);
      }
    }, LONG_PRESS_MS);
    v.press = { id: e.pointerId, index, sx: e.clientX, sy: e.clientY, moved: false, timer };
  });

  canvas.addEventListener("pointermove", (e) => {
    const [x, y] = v.toDomain(e.clientX, e.clientY);
    if (v.on.tool() === "brush") {
      v.hover = { x, y };
      v.requestDraw();
    }
    if (v.brushing) {
      v.on.brush(x, y);
      return;
    }
    const press = v.press;
    if (press && press.id === e.pointerId) {
      if (!press.moved && Math.hypot(e.clientX - press.sx, e.clientY - press.sy) > DRAG_SLOP) {
        press.moved = true;
        clearTimeout(press.timer);
        v.dragging = { index: press.index, x, y };
        canvas.classList.add("dragging");
        v.on.dragStart(press.index);
      }
      if (press.moved && v.dragging) {
        v.dragging.x = x;
        v.dragging.y = y;
        v.on.drag(press.index, x, y);
        v.requestDraw();
      }
      return;
    }
    if (e.pointerType === "mouse") {
      canvas.classList.toggle("over-point", v.hit(e.clientX, e.clientY, false) >= 0);
    }
  });

  canvas.addEventListener("pointerleave", () => {
    v.hover = null;
    v.requestDraw();
  });

  const finish = (/** @type {PointerEvent} */ e) => {
    if (e.pointerType === "touch" && v.hover) {
      v.hover = null; // no hover on a touch screen: the outline shows while painting only
      v.requestDraw();
    }
    if (v.brushing) {
      v.brushing = false;
      v.on.brushEnd();
      return;
    }
    const press = v.press;
    if (!press || press.id !== e.pointerId) return;
    clearTimeout(press.timer);
    v.press = null;
    if (press.moved && v.dragging) {
      const [x, y] = v.toDomain(e.clientX, e.clientY);
      v.on.drag(press.index, x, y);
      v.on.dragEnd(press.index);
      canvas.classList.remove("dragging");
      // Keep drawing the point where it was dropped until the engine's frame arrives.
      v.dragging.x = x;
      v.dragging.y = y;
      const d = v.dragging;
      setTimeout(() => {
        if (v.dragging === d) {
          v.dragging = null;
          v.requestDraw();
        }
      }, 250);
    }
  };
  canvas.addEventListener("pointerup", finish);
  canvas.addEventListener("pointercancel", finish);
}
