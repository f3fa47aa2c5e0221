// @ts-check
// The diagram's links: one SVG path per weight between the centres of the
// nodes it joins (with a wider invisible path to hover and click), coloured
// by the weight's sign and sized by its magnitude.

const SVG_NS = "http://www.w3.org/2000/svg";

/** @param {number[]} rgba */
const css = (rgba) => `rgb(${rgba[0]},${rgba[1]},${rgba[2]})`;

/**
 * Draws the paths into `svg` after a rebuild or a resize; returns them as
 * links[layer][row][col].
 * @param {HTMLElement} root the scrolling diagram @param {HTMLElement} columns its columns
 * @param {SVGSVGElement} svg @param {string[]} features the features in use
 * @returns {SVGPathElement[][][]}
 */
export function drawLinks(root, columns, svg, features) {
  const box = root.getBoundingClientRect();
  const w = columns.scrollWidth;
  const h = columns.scrollHeight;
  svg.setAttribute("width", String(w));
  svg.setAttribute("height", String(h));
  svg.setAttribute("viewBox", `0 0 ${w} ${h}`);
  const scrollX = root.scrollLeft;
  const scrollY = root.scrollTop;
  /** @param {Element} el */
  const anchors = (el) => {
    const r = el.getBoundingClientRect();
    const y = r.top - box.top + scrollY + r.height / 2;
    return { left: r.left - box.left + scrollX, right: r.right - box.left + scrollX, y };
  };
  const cols = [...columns.querySelectorAll(".col")];
  if (cols.length === 0) return [];
  const sources = [...cols[0].querySelectorAll(".feature")]
    .filter((el) => features.includes(/** @type {HTMLElement} */ (el).dataset.feature ?? ""))
    .map(anchors);
  const layers = [sources];
  for (let c = 1; c < cols.length; c++) {
    layers.push([...cols[c].querySelectorAll(".node")].map(anchors));
  }
  const visible = document.createDocumentFragment();
  const hits = document.createDocumentFragment();
  /** @type {SVGPathElement[][][]} */
  const links = [];
  for (let l = 0; l + 1 < layers.length; l++) {
    /** @type {SVGPathElement[][]} */
    const rows = [];
    layers[l + 1].forEach((to, row) => {
      /** @type {SVGPathElement[]} */
      const paths = [];
      layers[l].forEach((from, col) => {
        const x0 = from.right;
        const x1 = to.left;
        const mx = (x0 + x1) / 2;
        const d = `M${x0},${from.y} C${mx},${from.y} ${mx},${to.y} ${x1},${to.y}`;
        const p = document.createElementNS(SVG_NS, "path");
        p.setAttribute("d", d);
        p.setAttribute("class", "link");
        visible.append(p);
        const hit = document.createElementNS(SVG_NS, "path");
        hit.setAttribute("d", d);
        hit.setAttribute("class", "link-hit");
        hit.dataset.layer = String(l);
        hit.dataset.row = String(row);
        hit.dataset.col = String(col);
        hits.append(hit);
        paths.push(p);
      });
      rows.push(paths);
    });
    links.push(rows);
  }
  svg.replaceChildren(visible, hits);
  return links;
}

/** Sets an attribute only when its value changes: a frame then restyles and repaints only the links whose look changed. @param {Element} el @param {string} name @param {string} value */
function set(el, name, value) {
  if (el.getAttribute(name) !== value) el.setAttribute(name, value);
}

/**
 * Colours and sizes every link by its weight.
 * @param {SVGPathElement[][][]} links @param {{layers: {weights: number[][]}[]}} model
 * @param {{neg: number[], pos: number[]}} colors
 */
export function colorLinks(links, model, colors) {
  const pos = css(colors.pos);
  const neg = css(colors.neg);
  for (let l = 0; l < links.length; l++) {
    const W = model.layers[l]?.weights;
    if (!W) continue;
    const rows = links[l];
    for (let r = 0; r < rows.length; r++) {
      const paths = rows[r];
      const wr = W[r];
      if (!wr) continue;
      for (let c = 0; c < paths.length; c++) {
        const w = wr[c];
        const p = paths[c];
        if (!Number.isFinite(w)) {
          set(p, "stroke", "#888");
          set(p, "stroke-width", "0.5");
          continue;
        }
        const mag = Math.min(Math.abs(w), 4);
        set(p, "stroke", w >= 0 ? pos : neg);
        set(p, "stroke-width", (0.4 + mag * 1.6).toFixed(2));
        set(p, "stroke-opacity", (0.35 + Math.min(mag, 1) * 0.6).toFixed(2));
      }
    }
  }
}
