// @ts-check
// English and Korean. The strings live in www/locales/<lang>.json (flat
// "dotted.key": "text" maps, loaded with fetch from the same origin); `t(key,
// params)` looks a key up in the active locale, then in English, and fills
// `{name}` placeholders. `applyDom()` writes the static strings of the page
// into the elements that carry `data-i18n` (text), `data-i18n-aria-label`,
// `data-i18n-title` or `data-i18n-placeholder`. A few strings carry a little
// markup (<b>, <strong>, <kbd>): it is rebuilt as elements, never as HTML.
//
// Which language: a `lang` field in the URL (hash or query) first, then the
// learner's last choice (localStorage), then the browser's language ("ko…" →
// Korean), else English.

export const LANGS = /** @type {const} */ (["en", "ko"]);
/** @typedef {typeof LANGS[number]} Lang */

const STORAGE_KEY = "nnplay-lang";

/** @type {Record<string, string>} */
let english = {};
/** @type {Record<string, string>} */
let active = {};
/** @type {Lang} */
let current = "en";
/** @type {Set<(lang: Lang) => void>} */
const listeners = new Set();

/** @param {unknown} v @returns {v is Lang} */
export const isLang = (v) => typeof v === "string" && /** @type {readonly string[]} */ (LANGS).includes(v);

/** The `lang` field of the URL (`?lang=ko` or `#…&lang=ko`), if valid. @returns {Lang | null} */
export function urlLang() {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, "")).get("lang");
  const fromQuery = new URLSearchParams(location.search).get("lang");
  for (const v of [fromHash, fromQuery]) if (isLang(v)) return v;
  return null;
}

/** @returns {Lang | null} */
function storedLang() {
  try {
    const v = localStorage.getItem(STORAGE_KEY);
    return isLang(v) ? v : null;
  } catch {
    return null;
  }
}

/** @returns {Lang} */
export function preferredLang() {
  const nav = (navigator.languages?.[0] ?? navigator.language ?? "").toLowerCase();
  return urlLang() ?? storedLang() ?? (nav.startsWith("ko") ? "ko" : "en");
}

/** @param {Lang} lang @returns {Promise<Record<string, string>>} */
async function fetchLocale(lang) {
  const res = await fetch(new URL(`../locales/${lang}.json`, import.meta.url));
  if (!res.ok) throw new Error(`locale ${lang}: HTTP ${res.status}`);
  return res.json();
}

/** The active language. */
export const lang = () => current;

/**
 * Looks a string up and fills its `{name}` placeholders. An unknown key gives
 * the English string, or the key itself (tests/i18n.test.mjs keeps the files
 * complete, so neither happens in practice).
 * @param {string} key @param {Record<string, string | number>} [params]
 */
export function t(key, params) {
  const text = active[key] ?? english[key] ?? key;
  if (!params) return text;
  const filled = text.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
  return filled.replace(PARTICLE_MARK, (mark, _a, _b, at) => particle(filled.slice(0, at), mark));
}

/** A Korean particle written for either ending: "(으)로", "(이)가", "(을)를", "(은)는", "(과)와". */
const PARTICLE_MARK = /\((으|이|을|은|과)\)(로|가|를|는|와)/g;
/** How each digit is read in Korean ends: 일 칠 팔 in ㄹ, 영 삼 육 in another consonant, the rest in a vowel. */
const DIGIT_ENDS = ["other", "ㄹ", null, "other", null, null, "other", "ㄹ", "ㄹ", null];
/** Latin letters whose Korean names end in a consonant (엘 엠 엔 알). */
const LETTER_ENDS = /** @type {Record<string, "ㄹ" | "other">} */ ({ l: "ㄹ", m: "other", n: "other", r: "ㄹ" });

/**
 * The final consonant (받침) of a word as read aloud: null after a vowel,
 * "ㄹ", or "other". Hangul syllables, digits (also subscript) and Latin
 * letters are read; closing brackets, quotes and spaces are skipped.
 * @param {string} word @returns {null | "ㄹ" | "other"}
 */
export function finalConsonant(word) {
  const chars = [...word.replace(/[\s)\]}"'’”»]+$/u, "")];
  const c = chars[chars.length - 1] ?? "";
  const code = c.codePointAt(0) ?? 0;
  if (code >= 0xac00 && code <= 0xd7a3) {
    const jong = (code - 0xac00) % 28;
    return jong === 0 ? null : jong === 8 ? "ㄹ" : "other";
  }
  const digit = "0123456789".indexOf(c) >= 0 ? Number(c) : "₀₁₂₃₄₅₆₇₈₉".indexOf(c);
  if (digit >= 0) return /** @type {null | "ㄹ" | "other"} */ (DIGIT_ENDS[digit]);
  return LETTER_ENDS[c.toLowerCase()] ?? null;
}

/**
 * The particle `mark` ("(으)로", "(이)가", "(을)를", "(은)는", "(과)와") for
 * what `word` ends with: after a final consonant 으로/이/을/은/과, else
 * 로/가/를/는/와 — and 로 after ㄹ too (서울로).
 * @param {string} word @param {string} mark
 */
export function particle(word, mark) {
  const m = /^\((.+)\)(.+)$/.exec(mark);
  if (!m) return mark;
  const end = finalConsonant(word);
  if (end === null || (end === "ㄹ" && m[2] === "로")) return m[2];
  return m[2] === "로" ? "으로" : m[1];
}

/**
 * Chooses between a "…one" and "…other" string by a count (English plurals;
 * Korean uses the same text for both).
 * @param {string} key @param {number} n @param {Record<string, string | number>} [params]
 */
export function tn(key, n, params = {}) {
  return t(`${key}.${n === 1 ? "one" : "other"}`, { n, ...params });
}

const MARKUP = /<(b|strong|kbd)>(.*?)<\/\1>/g;

/**
 * Sets an element's text, turning <b>, <strong> and <kbd> into elements.
 * @param {Element} el @param {string} text
 */
export function setRichText(el, text) {
  if (!text.includes("<")) {
    el.textContent = text;
    return;
  }
  /** @type {(string | Node)[]} */
  const parts = [];
  let last = 0;
  for (const m of text.matchAll(MARKUP)) {
    const at = m.index ?? 0;
    if (at > last) parts.push(text.slice(last, at));
    const child = document.createElement(m[1]);
    child.textContent = m[2];
    parts.push(child);
    last = at + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  el.replaceChildren(...parts);
}

/** Writes the active locale's strings into the `data-i18n*` elements under root. @param {ParentNode} [root] */
export function applyDom(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) setRichText(el, t(/** @type {HTMLElement} */ (el).dataset.i18n ?? ""));
  for (const [attr, prop] of [["aria-label", "i18nAriaLabel"], ["title", "i18nTitle"], ["placeholder", "i18nPlaceholder"]]) {
    for (const el of root.querySelectorAll(`[data-i18n-${attr}]`)) {
      el.setAttribute(attr, t(/** @type {HTMLElement} */ (el).dataset[prop] ?? ""));
    }
  }
  document.documentElement.lang = current;
  document.title = t("meta.title");
  document.querySelector('meta[name="description"]')?.setAttribute("content", t("meta.description"));
}

/**
 * Loads a language (English too, as the fallback), applies it to the page and
 * tells the listeners. If the locale cannot be loaded, English stays.
 * @param {Lang} next
 */
export async function setLang(next) {
  if (Object.keys(english).length === 0) english = await fetchLocale("en");
  active = next === "en" ? english : await fetchLocale(next);
  current = next;
  applyDom();
  for (const fn of listeners) fn(current);
}

/** Remembers the learner's choice for the next visit. @param {Lang} next */
export function rememberLang(next) {
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // storage may be unavailable (private mode): the choice holds for this page
  }
}

/** Calls fn after every language change (to rebuild strings made in JS). @param {(lang: Lang) => void} fn */
export function onLangChange(fn) {
  listeners.add(fn);
}

/**
 * Loads the preferred language. Falls back to English, and if even that
 * cannot be fetched the page keeps the English text written in index.html.
 * @returns {Promise<void>}
 */
export async function initI18n() {
  const want = preferredLang();
  try {
    await setLang(want);
  } catch (err) {
    if (want !== "en") {
      try {
        await setLang("en");
        return;
      } catch {
        // fall through
      }
    }
    console.warn(`nnplay: the ${want} strings could not be loaded (${err instanceof Error ? err.message : err})`);
  }
}

/**
 * Wires the language picker (a <select> of LANGS).
 * @param {HTMLSelectElement} select
 * @param {(lang: Lang) => void} [changed] called after a switch (e.g. to update the URL)
 */
export function initLangPicker(select, changed) {
  select.value = current;
  onLangChange((l) => (select.value = l));
  select.addEventListener("change", () => {
    const next = select.value;
    if (!isLang(next) || next === current) return;
    rememberLang(next);
    setLang(next).then(() => changed?.(next), () => (select.value = current));
  });
}
