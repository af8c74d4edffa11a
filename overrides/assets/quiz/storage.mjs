// What the self-assessment keeps in this browser: the answers (localStorage) and the
// landing URL's utm_* values (sessionStorage, this tab). Blocked or full storage keeps
// nothing and breaks nothing. The keys: quiz.browser.page_settings, in each page's head.

const VERSION = 1; // of the answers' record
const { answers: ANSWERS, utm: UTM, utmKeys: UTM_KEYS } = settings();

function settings() {
  try {
    return JSON.parse(document.querySelector("meta[name=closeforce-zelftest]").getAttribute("content"));
  } catch {
    return { utmKeys: [] }; // not a page of this build
  }
}

// The stored answers for the form with this hash: `{ answers }`, `{ discarded: true }`
// (unusable, so removed: another form version or no record) or null (nothing stored).
export function loadAnswers(formHash) {
  let record;
  try {
    record = localStorage.getItem(ANSWERS);
  } catch {
    return null; // blocked
  }
  if (record === null) return null;
  try {
    record = JSON.parse(record);
  } catch {
    // not JSON: discarded below
  }
  const answers = record?.version === VERSION && record.formHash === formHash && record.answers;
  if (answers && typeof answers === "object" && !Array.isArray(answers)) return { answers };
  forgetAnswers();
  return { discarded: true };
}

export function saveAnswers(formHash, answers) {
  try {
    localStorage.setItem(ANSWERS, JSON.stringify({ version: VERSION, formHash, answers }));
  } catch {
    // private mode or storage full: the answers do not survive a reload
  }
}

export function forgetAnswers() {
  try {
    localStorage.removeItem(ANSWERS);
  } catch {
    // nothing stored
  }
}

// Called on every page: only the first page of the tab (the landing URL) counts.
export function rememberUtm() {
  try {
    if (!UTM || sessionStorage.getItem(UTM) !== null) return;
    const params = new URLSearchParams(location.search);
    const utm = {};
    for (const key of UTM_KEYS) if (params.get(key)) utm[key] = params.get(key);
    sessionStorage.setItem(UTM, JSON.stringify(utm));
  } catch {
    // storage blocked: booking goes without utm values
  }
}

// Passed on only when the visitor books.
export function storedUtm() {
  try {
    const utm = JSON.parse(sessionStorage.getItem(UTM) || "{}");
    return utm && typeof utm === "object" && !Array.isArray(utm) ? utm : {};
  } catch {
    return {};
  }
}
