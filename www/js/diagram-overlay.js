// @ts-check
// The diagram's gradient overlay: each neuron's δ as a dot (colour = sign,
// size on a log scale so 1e-8 and 1 both show), each link's gradient as its
// colour and width, from the output back to a chosen layer; and one weight
// or bias marked with its old and new value (the update stage).

/** @typedef {{layers: {weights: number[][], biases: number[]}[]}} Model */
/**
 * @typedef {object} Overlay
 * @property {number[][]} [deltas]   deltas[layer][neuron] (layer counts after the inputs)
 * @property {Model} [gradients]     dObjective/dparam, shaped like the model
 * @property {number} [from]         the first layer drawn (the others wait their turn); default 0
 * @property {{layer: number, row: number, col: number, before: number, after: number | null}} [mark]
 * @property {[number, number][]} [dropped]  hidden neurons [layer, index] dropout dropped for the sample shown
 */

/** @param {number[]} rgba */
const css = (rgba) => `rgb(${rgba[0]},${rgba[1]},${rgba[2]})`;

/** Size on a log scale: |x| = 1e-8 → 0, |x| >= 1 → 1. @param {number} x */
export function logScale(x) {
  const a = Math.abs(x);
  if (!(a > 0)) return 0;
  return Math.max(0, Math.min(1, (Math.log10(a) + 8) / 8));
}

/** A number for a label: 3 significant digits, a true minus sign. @param {number} v */
const short = (v) => (Number.isFinite(v) ? (Math.abs(v) >= 1e-3 || v === 0 ? v.toFixed(4) : v.toExponential(2)) : "–").replace(/^-/, "−");

/** The diagrams that have an overlay drawn (to remove when it goes). @type {WeakSet<HTMLElement>} */
const drawn = new WeakSet();

/**
 * Draws (or, with `overlay` null, removes) the overlay.
 * @param {HTMLElement} root the diagram @param {HTMLElement} columns @param {SVGPathElement[][][]} links
 * @param {Overlay | null} overlay @param {{neg: number[], pos: number[]}} colors
 * @param {number} hiddenLayers how many hidden layers (the output layer's index)
 */
export function drawOverlay(root, columns, links, overlay, colors, hiddenLayers) {
  // Nothing drawn and nothing to draw (every training frame without the step-by-step view): no DOM work.
  if (!overlay && !drawn.has(root)) return;
  if (overlay) drawn.add(root);
  else drawn.delete(root);
  for (const d of root.querySelectorAll(".delta-dot, .weight-mark")) d.remove();
  for (const p of root.querySelectorAll(".link.marked")) p.classList.remove("marked");
  for (const p of root.querySelectorAll(".link[data-grad]")) p.removeAttribute("data-grad");
  for (const n of root.querySelectorAll(".node.teach-dropped")) n.classList.remove("teach-dropped");
  root.classList.toggle("grad-overlay", Boolean(overlay?.deltas));
  if (!overlay) return;
  /** @param {number} layer @param {number} i */
  const nodeOf = (layer, i) => /** @type {HTMLElement | null} */ (layer === hiddenLayers
    ? columns.querySelector(`.node.out[data-index="${i}"]`)
    : columns.querySelector(`.node.neuron[data-layer="${layer}"][data-index="${i}"]`));
  for (const [l, i] of overlay.dropped ?? []) nodeOf(l, i)?.classList.add("teach-dropped");
  const from = overlay.from ?? 0;
  overlay.deltas?.forEach((layer, l) => {
    if (l < from) return;
    layer.forEach((d, i) => {
      const node = nodeOf(l, i);
      if (!node) return;
      const size = 6 + 16 * logScale(d);
      const dot = document.createElement("span");
      dot.className = `delta-dot ${d > 0 ? "pos" : d < 0 ? "neg" : "zero"}`;
      dot.dataset.delta = String(d);
      dot.dataset.layer = String(l);
      dot.dataset.index = String(i);
      dot.style.width = dot.style.height = `${size.toFixed(1)}px`;
      dot.style.background = d > 0 ? css(colors.pos) : d < 0 ? css(colors.neg) : "#888";
      dot.title = `δ = ${short(d)}`;
      node.append(dot);
    });
  });
  const grads = overlay.gradients;
  if (grads) {
    links.forEach((rows, l) => {
      if (l < from) return;
      rows.forEach((paths, r) => paths.forEach((p, c) => {
        const g = grads.layers[l]?.weights[r]?.[c];
        if (g === undefined || !Number.isFinite(g)) return;
        const s = logScale(g);
        p.setAttribute("stroke", g > 0 ? css(colors.pos) : g < 0 ? css(colors.neg) : "#888");
        p.setAttribute("stroke-width", (0.4 + 5 * s).toFixed(2));
        p.setAttribute("stroke-opacity", (0.25 + 0.7 * s).toFixed(2));
        p.dataset.grad = String(g);
      }));
    });
  }
  const mark = overlay.mark;
  if (mark) {
    const text = `${short(mark.before)}${mark.after === null ? "" : ` → ${short(mark.after)}`}`;
    const label = document.createElement("span");
    label.className = "weight-mark";
    label.dataset.layer = String(mark.layer);
    label.dataset.row = String(mark.row);
    label.dataset.col = String(mark.col);
    label.textContent = text;
    const path = links[mark.layer]?.[mark.row]?.[mark.col];
    if (path) {
      path.classList.add("marked");
      const mid = path.getPointAtLength(path.getTotalLength() / 2);
      label.style.left = `${mid.x}px`;
      label.style.top = `${mid.y}px`;
      root.append(label);
    } else {
      // The bias: the label sits on the neuron.
      label.classList.add("bias");
      nodeOf(mark.layer, mark.row)?.append(label);
    }
  }
}
