// What the self-assessment keeps in this browser: the answers (localStorage, until the
// visitor clears them) and the landing URL's utm_* values (sessionStorage, this tab only).
// Storage may be blocked or full; then nothing is kept and nothing breaks. The keys come
// from Python (quiz.browser.page_settings), written into every page's head by the build.

/** @type {{ storage?: { answers: string, answersVersion: number, utm: string }, utmKeys?: string[] }} */
const SETTINGS = readSettings();
const ANSWERS_KEY = SETTINGS.storage?.answers;
const ANSWERS_VERSION = SETTINGS.storage?.answersVersion;
const UTM_KEY = SETTINGS.storage?.utm;
const UTM_KEYS = SETTINGS.utmKeys ?? [];

function readSettings() {
  try {
    return JSON.parse(document.querySelector('meta[name="closeforce-zelftest"]')?.getAttribute("content") ?? "{}") ?? {};
  } catch {
    return {};
  }
}

// --- Answers ------------------------------------------------------------------------------

// The stored answers for the form with this hash: `{ answers }`, `{ discarded: true }` when
// a record was there but unusable (another form version, or not a record at all; it is
// removed), or null when nothing is stored.
export function loadAnswers(formHash) {
  if (!ANSWERS_KEY) return null; // a page built without the settings keeps nothing
  let raw = null;
  try {
    raw = localStorage.getItem(ANSWERS_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  let record = null;
  try {
    record = JSON.parse(raw);
  } catch {
    record = null;
  }
  const usable = record && typeof record === "object" && record.version === ANSWERS_VERSION
    && record.formHash === formHash
    && record.answers && typeof record.answers === "object" && !Array.isArray(record.answers);
  if (usable) return { answers: record.answers };
  forgetAnswers();
  return { discarded: true };
}

export function saveAnswers(formHash, answers) {
  if (!ANSWERS_KEY) return;
  try {
    const record = { version: ANSWERS_VERSION, formHash, answers };
    localStorage.setItem(ANSWERS_KEY, JSON.stringify(record));
  } catch {
    // private mode or storage full: the answers just don't survive a reload
  }
}

export function forgetAnswers() {
  if (!ANSWERS_KEY) return;
  try {
    localStorage.removeItem(ANSWERS_KEY);
  } catch {
    // nothing stored
  }
}

// --- utm_* values -------------------------------------------------------------------------

// Called on every page: only the first page of the tab (the landing URL) counts.
export function rememberUtm() {
  if (!UTM_KEY) return;
  try {
    if (sessionStorage.getItem(UTM_KEY) !== null) return;
    const params = new URLSearchParams(location.search);
    const utm = {};
    for (const key of UTM_KEYS) if (params.get(key)) utm[key] = params.get(key);
    sessionStorage.setItem(UTM_KEY, JSON.stringify(utm));
  } catch {
    // storage blocked: booking simply goes without utm values
  }
}

// Passed on only when the visitor books.
export function storedUtm() {
  try {
    const utm = UTM_KEY ? JSON.parse(sessionStorage.getItem(UTM_KEY) || "{}") : {};
    return utm && typeof utm === "object" && !Array.isArray(utm) ? utm : {};
  } catch {
    return {};
  }
}
