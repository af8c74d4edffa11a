// The page's side of worker.mjs: one Python per tab, started by the first form that
// appears, asked by request id. While it boots, the forms that listen hear whether it is
// ready, slow or lost.

import { prefetchAllowed, snapshotPays } from "./connection.mjs";
import { whenIdle } from "./dom.mjs";
import { MESSAGE } from "./protocol.mjs";

/**
 * The engine's reply to one request, once Python is ready; rejected (with the Dutch
 * failure as its message) when Python cannot answer.
 * @typedef {<K extends import("./protocol.mjs").Kind>(kind: K, request: unknown) =>
 *   Promise<import("./protocol.mjs").Replies[K]>} Call
 */

// After this long without Python the page says so and offers booking, and says it again
// more plainly after the second; it keeps waiting either way, so a slow device (or a busy
// one) still gets its result and a press made meanwhile still goes on. Only an error ends
// the wait (`ready` rejects).
const BOOT_NOTICE_MS = 12000;
const BOOT_STILL_MS = 60000;
const CANNOT_LOAD = "De zelftest kon niet worden geladen.";

let tab = null; // the client of this tab, once a page had a form
let leadsTab = null; // the lead page's own client (its Python also reads files)

// The tab's client; the first call starts the worker with the assets of `config` (the
// form's `data-quiz-config`).
export function connect(config) {
  tab ??= new QuizClient(absoluteAssets(config), config.prepared);
  return tab;
}

// The lead page's client: a worker of its own, booted on the lead page's trimmed stdlib
// (csv, zipfile, xml) without the self-assessment's snapshot, so that neither page carries
// what only the other needs.
export function connectLeads(config) {
  leadsTab ??= new QuizClient(absoluteAssets(config));
  return leadsTab;
}

export class QuizClient {
  failure = null; // Dutch text once Python could not start (an error)
  failureStage = null; // which: "laden" (could not load) or "browser" (cannot run it)
  slow = null; // Dutch text while Python is slower than it should be (still awaited)
  boot = null; // how Python started: "snapshot", "lean" or "fallback"
  prefetched = null; // whether the snapshot is cached for the next visit ("cached", "stored", …)
  #worker = null;
  /** @type {Map<number, { resolve: (reply: any) => void, reject: (error: Error) => void }>} */
  #pending = new Map();
  #lost = null; // the Dutch failure once the worker has ended for good
  #nextId = 1;
  #listeners = new Set(); // forms with onReady(), onSlow() and onFailed()
  #prepared; // Python's replies to the first steps, made by the build: request text -> reply

  constructor(assets, prepared) {
    this.#prepared = prepared || {};
    this.ready = new Promise((resolve, reject) =>
      afterFirstPaint(() => this.#start(assets, resolve, reject)),
    );
    this.ready.catch(() => {}); // failures are shown in the page; callers may still await it
  }

  listen(form) {
    this.#listeners.add(form);
  }

  // The engine's JSON for one request, once Python is ready. Until then a request the
  // build already put to Python (quiz_build/_prepared.py: the first steps) gets that
  // reply, found by its exact text; any other waits for Python. Rejected, with the Dutch
  // failure, when Python cannot start or stops answering.
  /** @type {Call} */
  async call(kind, request) {
    const payload = JSON.stringify(request);
    const prepared = this.boot ? undefined : this.#prepared[`${kind} ${payload}`];
    if (typeof prepared === "string") return JSON.parse(prepared);
    return this.#request({ type: MESSAGE.REQUEST, kind, payload });
  }

  // A message with its own fields (the lead page's file bytes, moved with `transfer`:
  // MESSAGE.LEADS_OPEN, LEADS_EXPORT); the reply is parsed JSON, or the bytes as they came.
  /**
   * @template {keyof import("./protocol.mjs").LeadReplies} T
   * @param {T} type
   * @param {Omit<Extract<import("./protocol.mjs").ToWorker, { type: T }>, "type" | "id">} fields
   * @param {Transferable[]} [transfer]
   * @returns {Promise<import("./protocol.mjs").LeadReplies[T]>}
   */
  async send(type, fields, transfer = []) {
    return this.#request({ type, ...fields }, transfer);
  }

  // Any request to the worker: sent once Python is ready, answered by the reply with its id.
  async #request(message, transfer = []) {
    try {
      await this.ready;
    } catch {
      throw new Error(this.#lost ?? CANNOT_LOAD);
    }
    if (this.#lost) throw new Error(this.#lost);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#worker.postMessage({ ...message, id }, transfer);
    });
  }

  /** @param {import("./protocol.mjs").ToWorker} message */
  #post(message) {
    this.#worker.postMessage(message);
  }

  #start(assets, resolve, reject) {
    const notice = setTimeout(() => this.#slow("De zelftest laadt te langzaam in deze browser."), BOOT_NOTICE_MS);
    const still = setTimeout(() => this.#slow("De zelftest laadt nog steeds niet in deze browser."), BOOT_STILL_MS);
    const settled = () => {
      clearTimeout(notice);
      clearTimeout(still);
    };
    try {
      this.#worker = new Worker(new URL("worker.mjs", import.meta.url), { type: "module" });
    } catch (error) {
      settled();
      this.#fail("Deze browser kan de zelftest niet starten.", "browser");
      reject(error);
      return;
    }
    this.#worker.onmessage = (/** @type {MessageEvent<import("./protocol.mjs").FromWorker>} */ { data }) => {
      if (data.type === MESSAGE.READY) {
        settled();
        this.failure = null;
        this.failureStage = null;
        this.slow = null;
        this.boot = data.path;
        if (data.note) console.warn(data.note);
        resolve();
        this.#listeners.forEach((form) => form.onReady());
        if (data.path === "lean") this.#prefetch(assets.snapshot);
      } else if (data.type === MESSAGE.FAILED) {
        settled();
        this.#fail(CANNOT_LOAD, "laden");
        reject(new Error(data.message));
      } else if (data.type === MESSAGE.REPLY) {
        this.#reply(data);
      } else if (data.type === MESSAGE.PREFETCHED) {
        this.prefetched = data.outcome;
      }
    };
    this.#worker.onerror = (event) => {
      event.preventDefault();
      settled();
      this.#fail(CANNOT_LOAD, "laden");
      reject(new Error(event.message || "worker error"));
    };
    this.#post({ type: MESSAGE.BOOT, assets, useSnapshot: snapshotPays() });
  }

  // After a lean boot: the snapshot for the next visit, downloaded by the worker once the
  // page is idle, unless the link is slow or metered.
  #prefetch(url) {
    if (!url || !prefetchAllowed()) {
      this.prefetched = "not wanted";
      return;
    }
    whenIdle(() => this.#post({ type: MESSAGE.PREFETCH, url }));
  }

  /** @param {import("./protocol.mjs").ReplyMessage} message */
  #reply({ id, error, payload }) {
    const request = this.#pending.get(id);
    this.#pending.delete(id);
    if (!request) return;
    if (error) request.reject(new Error(error));
    else request.resolve(typeof payload === "string" ? JSON.parse(payload) : payload);
  }

  // Python is gone for good: the worker ends, and every request still waiting for it is
  // rejected with the Dutch failure (as is every later one), so no caller waits forever.
  #fail(text, stage) {
    this.failure ??= text;
    this.failureStage = stage;
    this.#lost ??= text;
    this.#worker?.terminate();
    for (const { reject } of this.#pending.values()) reject(new Error(text));
    this.#pending.clear();
    this.#listeners.forEach((form) => form.onFailed());
  }

  // Slow is not lost: the forms say so and offer booking, but keep waiting for Python, so a
  // press made meanwhile still goes on once it is ready.
  #slow(text) {
    if (this.failure) return;
    this.slow = text;
    // A listener that cannot wait visibly (the lead page) hears it as a failure, as before.
    this.#listeners.forEach((form) => (form.onSlow ? form.onSlow() : form.onFailed()));
  }
}

// The runtime's download (megabytes) must not hold up the page's own first render on a
// slow link: the worker starts once a frame has been painted (in a hidden tab, which
// paints nothing, at once).
function afterFirstPaint(start) {
  if (document.visibilityState === "hidden") start();
  else requestAnimationFrame(() => setTimeout(start, 0));
}

// The worker resolves nothing against the page: it gets absolute URLs.
function absoluteAssets(config) {
  const base = new URL(config.base, location.href);
  const url = (path) => new URL(path, base).href;
  const a = config.assets;
  return { ...a, pyodide: url(a.pyodide), lockFile: url(a.lockFile), wheel: url(a.wheel),
    packageBaseUrl: new URL(".", url(a.wheel)).href, snapshot: a.snapshot && url(a.snapshot),
    stdlib: url(a.stdlib) };
}
