// @ts-check
// Light and dark themes: follows prefers-color-scheme until the learner picks
// one with the toggle; the choice is remembered in localStorage.

import { onLangChange, t } from "./i18n.js";

const KEY = "nnplay-theme";

/** @returns {"light" | "dark"} */
function systemTheme() {
  return window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}

/** @returns {"light" | "dark" | null} */
function storedTheme() {
  try {
    const v = localStorage.getItem(KEY);
    return v === "light" || v === "dark" ? v : null;
  } catch {
    return null;
  }
}

/** @param {HTMLElement} button */
export function initTheme(button) {
  /** @param {"light" | "dark"} theme */
  const apply = (theme) => {
    document.documentElement.dataset.theme = theme;
    button.setAttribute("aria-label", t(theme === "dark" ? "theme.toLight" : "theme.toDark"));
    button.setAttribute("aria-pressed", String(theme === "dark"));
    window.dispatchEvent(new CustomEvent("nnplay-theme", { detail: theme }));
  };
  apply(storedTheme() ?? systemTheme());
  onLangChange(() => button.setAttribute("aria-label", t(document.documentElement.dataset.theme === "dark" ? "theme.toLight" : "theme.toDark")));
  window.matchMedia("(prefers-color-scheme: dark)").addEventListener("change", () => {
    if (!storedTheme()) apply(systemTheme());
  });
  button.addEventListener("click", () => {
    const next = document.documentElement.dataset.theme === "dark" ? "light" : "dark";
    try {
      localStorage.setItem(KEY, next);
    } catch {
      // storage may be unavailable (private mode): the toggle still works for this page
    }
    apply(next);
  });
}
