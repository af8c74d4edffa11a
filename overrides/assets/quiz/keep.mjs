// The lead list kept for a reload, only when the marketer ticks "Bewaar de lijst in deze
// browser voor een herlaad": the file's bytes, its name and the chosen sheet, in IndexedDB
// (this browser's own storage; nothing is sent). Unticked, nothing of the list is stored and
// not even an empty database is made; unticking or "Vergeet de lijst" deletes the database.
// A store that fails (full, private mode, no IndexedDB) is said next to the checkbox and
// changes nothing on the page.

import { setText } from "./dom.mjs";

const DATABASE = "closeforce.leadlijst";
const STORE = "lijst";
const KEY = "bewaard";
const VERSION = 1; // of the record
const NOT_KEPT = "Je lijst blijft op deze pagina staan; na een herlaad kies je het bestand opnieuw.";

/**
 * @typedef {{ version: 1, name: string, type: string, lastModified: number,
 *   bytes: ArrayBuffer, sheet: string | null, at: number }} KeptRecord
 * @typedef {{ file: File, sheet: string | null }} KeptList
 * @typedef {{ box: HTMLInputElement, forget: HTMLButtonElement, status: HTMLElement }} KeepElements
 */

/** A store that failed, with the Dutch reason for the marketer. */
export class KeepError extends Error {}

// One operation at a time, in the order asked: an untick right after a tick deletes what
// the tick is still writing.
/** @type {Promise<unknown>} */
let queue = Promise.resolve();

/**
 * @template T
 * @param {() => Promise<T>} work
 * @returns {Promise<T>}
 */
function queued(work) {
  const next = queue.then(work);
  queue = next.catch(() => {});
  return next;
}

/**
 * The kept list, or null when none is kept (or this browser keeps nothing).
 * @returns {Promise<KeptList | null>}
 */
export function keptList() {
  return queued(async () => {
    if (!(await mayExist())) return null;
    const db = await open(false);
    if (!db) return null;
    try {
      /** @type {KeptRecord | undefined} */
      const record = await done(db.transaction(STORE).objectStore(STORE).get(KEY));
      if (!record || record.version !== VERSION || !(record.bytes instanceof ArrayBuffer)) return null;
      const file = new File([record.bytes], String(record.name), { type: record.type, lastModified: record.lastModified });
      return { file, sheet: typeof record.sheet === "string" ? record.sheet : null };
    } finally {
      db.close();
    }
  }).catch(() => null);
}

/**
 * Keeps `file` (its bytes) and `sheet`, in place of any list kept before.
 * @param {File} file
 * @param {string | null} sheet
 * @returns {Promise<void>} rejected with a KeepError
 */
export function keepList(file, sheet) {
  return queued(async () => {
    try {
      const bytes = await file.arrayBuffer();
      const db = await open(true);
      try {
        /** @type {KeptRecord} */
        const record = { version: VERSION, name: file.name, type: file.type, lastModified: file.lastModified, bytes, sheet, at: Date.now() };
        const transaction = db.transaction(STORE, "readwrite");
        transaction.objectStore(STORE).put(record, KEY);
        await finished(transaction);
      } finally {
        db.close();
      }
    } catch (error) {
      console.error(error);
      throw new KeepError(error instanceof DOMException && error.name === "QuotaExceededError"
        ? `Er is in deze browser niet genoeg ruimte om de lijst te bewaren. ${NOT_KEPT}`
        : `Deze browser laat ons de lijst niet bewaren (bijvoorbeeld in een privévenster). ${NOT_KEPT}`);
    }
  });
}

/**
 * Deletes the kept list: the whole database, so that nothing of it stays.
 * @returns {Promise<void>} rejected with a KeepError
 */
export function forgetList() {
  return queued(async () => {
    try {
      if (!(await mayExist())) return;
      await done(indexedDB.deleteDatabase(DATABASE));
    } catch (error) {
      console.error(error);
      throw new KeepError("De bewaarde lijst kon niet worden gewist. Wis de gegevens van deze site in je browser.");
    }
  });
}

// Whether the database may be there: where the browser lists its databases, asked without
// opening (opening would make an empty one).
async function mayExist() {
  if (typeof indexedDB === "undefined") return false;
  if (typeof indexedDB.databases !== "function") return true;
  const databases = await indexedDB.databases();
  return databases.some((database) => database.name === DATABASE);
}

/**
 * The database, made if `create`; without `create` null where it is not there (the upgrade
 * that would make it is aborted, which leaves no database behind).
 * @param {boolean} create
 * @returns {Promise<IDBDatabase | null>}
 */
function open(create) {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      if (!create) {
        request.transaction.abort();
        return;
      }
      request.result.createObjectStore(STORE);
    };
    request.onsuccess = () => {
      const db = request.result;
      db.onversionchange = () => db.close(); // another tab forgets the list: let it
      resolve(db);
    };
    request.onerror = (event) => {
      if (!create && request.error?.name === "AbortError") {
        event.preventDefault();
        resolve(null);
      } else reject(request.error);
    };
    request.onblocked = () => {}; // waits for other tabs to close theirs (they do, at once)
  });
}

/**
 * @template T
 * @param {IDBRequest<T>} request
 * @returns {Promise<T>}
 */
function done(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/** @param {IDBTransaction} transaction */
function finished(transaction) {
  return new Promise((resolve, reject) => {
    transaction.oncomplete = () => resolve(undefined);
    // A full disk aborts the transaction with the quota error (no request failed).
    transaction.onerror = (event) => reject(/** @type {IDBRequest} */ (event.target).error);
    transaction.onabort = () => reject(transaction.error ?? new DOMException("aborted", "AbortError"));
  });
}

// --- The checkbox, the button and their status line ---------------------------------------

/**
 * The checkbox "Bewaar de lijst …", "Vergeet de lijst" and the line that says what happened.
 * `current()` is the list open on the page (null before one is chosen).
 */
export class KeepControl {
  /**
   * @param {KeepElements} el
   * @param {() => KeptList | null} current
   */
  constructor(el, current) {
    this.el = el;
    this.current = current;
    el.box.addEventListener("change", () => (el.box.checked ? this.#ticked() : this.forget()));
    el.forget.addEventListener("click", () => this.forget());
  }

  /** Whether the list is to be kept. */
  get wanted() {
    return this.el.box.checked;
  }

  /**
   * The kept list, if any: the checkbox shows it is kept.
   * @returns {Promise<KeptList | null>}
   */
  async restore() {
    const kept = await keptList();
    if (kept) {
      this.el.box.checked = true;
      this.el.forget.hidden = false;
      this.#say(`${kept.file.name} is in deze browser bewaard; daarom staat de lijst na een herlaad weer hier.`);
    }
    return kept;
  }

  /**
   * A list just opened on the page: kept if the marketer asked for it.
   * @param {KeptList} list
   */
  async opened(list) {
    if (this.wanted) await this.#keep(list);
  }

  async forget() {
    this.el.box.checked = false;
    try {
      await forgetList();
    } catch (error) {
      this.#say(reason(error), true);
      return;
    }
    this.el.forget.hidden = true;
    this.#say("De lijst is uit deze browser gewist; na een herlaad is hij weg. Alleen de koppeling van de kolommen blijft onthouden.");
  }

  #ticked() {
    const list = this.current();
    if (list) this.#keep(list);
    else this.#say("Kies een bestand: we bewaren het in deze browser, niet daarbuiten.");
  }

  /** @param {KeptList} list */
  async #keep(list) {
    this.#say(`${list.file.name} wordt in deze browser bewaard…`);
    try {
      await keepList(list.file, list.sheet);
    } catch (error) {
      this.el.box.checked = false;
      this.el.forget.hidden = true;
      this.#say(reason(error), true);
      forgetList().catch(() => {}); // no list kept before may come back after a reload
      return;
    }
    if (!this.wanted) return; // unticked meanwhile: the forget queued after this one wins
    this.el.forget.hidden = false;
    this.#say(`${list.file.name} is in deze browser bewaard: na een herlaad staat de lijst hier weer.`);
  }

  /**
   * @param {string} text
   * @param {boolean} [failed]
   */
  #say(text, failed = false) {
    this.el.status.classList.toggle("cf-leads__keep-status--failed", failed);
    setText(this.el.status, text);
  }
}

/** @param {unknown} error */
function reason(error) {
  return error instanceof KeepError ? error.message : "Dat lukte niet in deze browser.";
}
