// What the self-assessment keeps in this browser: the answers (localStorage, until the
// visitor clears them) and the landing URL's utm_* values (sessionStorage, this tab only).
// Storage may be blocked or full; then nothing is kept and nothing breaks. The keys are
// Python's (quiz.browser.page_settings), in every page's head.

const ANSWERS_VERSION = 1; // of the record below
const { answers: ANSWERS_KEY, utm: UTM_KEY, utmKeys: UTM_KEYS } = settings();

function settings() {
  try {
    return JSON.parse(document.querySelector("meta[name=closeforce-zelftest]").content);
  } catch {
    return { utmKeys: [] }; // not a page of this build
  }
}

// --- Answers ------------------------------------------------------------------------------

// The stored answers for the form with this hash: `{ answers }`, `{ discarded: true }` when
// a record was there but unusable (another form version, or not a record at all; it is
// removed), or null when nothing is stored.
export function loadAnswers(formHash) {
  let raw;
  try {
    raw = localStorage.getItem(ANSWERS_KEY);
  } catch {
    return null;
  }
  if (raw === null) return null;
  let record;
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
  try {
    const record = { version: ANSWERS_VERSION, formHash, answers };
    localStorage.setItem(ANSWERS_KEY, JSON.stringify(record));
  } catch {
    // private mode or storage full: the answers just don't survive a reload
  }
}

export function forgetAnswers() {
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
    const utm = JSON.parse(sessionStorage.getItem(UTM_KEY) || "{}");
    return utm && typeof utm === "object" && !Array.isArray(utm) ? utm : {};
  } catch {
    return {};
  }
}
