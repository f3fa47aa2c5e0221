// @ts-check
// Start-up: which session the page opens with — the saved one when this very
// page is reloaded (or comes back after a crash), else the link's, else the
// engine's defaults — and, on a bare URL, the offer to resume the last
// session or start fresh.

import { decodeHash, unpackModel } from "./state.js";
import { messageOf } from "./dom.js";
import { notice } from "./notice.js";
import { t } from "./i18n.js";
import { Session, showSessionBar } from "./session.js";

/** @typedef {import("./engine-client.js").EngineClient} EngineClient */
/** @typedef {import("./app.js").App} App */

/**
 * @typedef {object} StartDeps
 * @property {EngineClient} engine
 * @property {App} app
 * @property {Session} session
 * @property {import("./edits.js").Edits} edits
 * @property {(initial: any) => void} adopt  shows what the engine started with
 * @property {() => void} pause
 */

/**
 * Reads a link into the engine: `initial` is null when the link holds no
 * state or could not be used (`bad`, said in a notice).
 * @param {EngineClient} engine @param {App} app
 */
async function startFromLink(engine, app) {
  /** @type {ReturnType<typeof decodeHash>} */
  let fromHash = null;
  try {
    fromHash = decodeHash(location.hash);
  } catch (err) {
    const message = messageOf(err);
    notice(() => t("notice.badLink", { message }), 0, "badLink");
    return { initial: null, bad: true };
  }
  if (!fromHash) return { initial: null, bad: false };
  try {
    const initial = await engine.request("init", { config: fromHash.config, points: fromHash.points });
    app.ui = { ...fromHash.ui };
    app.pointsCustom = fromHash.points !== null;
    if (fromHash.weights) {
      try {
        const sizes = Array.from(await engine.call("layerSizes"), Number);
        await engine.call("setModel", unpackModel(fromHash.weights, sizes, fromHash.config.batchNorm === true));
      } catch (err) {
        const message = messageOf(err);
        notice(() => t("notice.badWeights", { message }), 0, "badWeights");
      }
    }
    return { initial, bad: false };
  } catch (err) {
    const message = messageOf(err);
    notice(() => t("notice.badSettings", { message }), 0, "badSettings");
    return { initial: null, bad: true };
  }
}

/** Forgets the saved session and starts again from the defaults. @param {Session} session */
function startFresh(session) {
  session.armed = false;
  Session.clear();
  location.replace(location.pathname + location.search);
}

/** Opens the page's first session. @param {StartDeps} deps */
export async function start({ engine, app, session, edits, adopt, pause }) {
  const saved = Session.read();
  /** @type {any} */
  let initial = null;
  // A reload (or a crash) of the page that saved the session continues it.
  if (saved && location.hash !== "" && saved.urlHash === location.hash) {
    try {
      initial = await session.restore(saved);
      session.restored = true;
      showSessionBar("restored", saved, { resume: async () => {}, fresh: () => startFresh(session) });
    } catch (err) {
      console.warn(`nnplay: the saved session could not be restored: ${messageOf(err)}`);
    }
  }
  let offer = false;
  if (!initial) {
    const fromLink = await startFromLink(engine, app);
    initial = fromLink.initial;
    // A bare URL offers the last session back.
    offer = !initial && !fromLink.bad && saved !== null;
  }
  // The engine's defaults (its seed drawn at random).
  initial ??= await engine.request("init", { config: {}, points: null });
  adopt(initial);
  if (offer && saved) {
    showSessionBar("offer", saved, {
      resume: async () => {
        pause();
        adopt(await edits.enqueue(() => session.restore(saved)));
        session.changed();
      },
      fresh: () => startFresh(session),
    });
  }
}

