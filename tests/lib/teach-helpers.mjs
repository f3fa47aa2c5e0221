// @ts-check
// Driving the step-by-step view in the page tests.
import { waitFor } from "./page-helpers.mjs";

/** @typedef {import("playwright-core").Page} Page */

/** Opens the panel by clicking its button; waits for the numbers. @param {Page} page */
export async function openTeach(page) {
  await page.click("#teach-open");
  await page.locator("#teach").waitFor({ state: "visible" });
  await page.locator("#teach .teach-points").waitFor();
}

/** Goes to a stage by clicking its button in the stage list. @param {Page} page @param {string} stage */
export async function goTo(page, stage) {
  await page.click(`#teach .teach-stage[data-stage="${stage}"]`);
  await waitFor(() => page.evaluate((s) => document.getElementById("teach")?.dataset.stage === s, stage), `stage ${stage}`);
}
