// A result to pass on: the answers travel in the link's fragment
// (`#antwoorden=<version>.<form hash>.<base64url JSON>`), which browsers never send to a
// server. A link from an older form, or one that is damaged or crafted, changes nothing.

const PREFIX = "#antwoorden=";
const VERSION = "1";
const MAX_LENGTH = 4096; // eight answers need a few hundred characters

export const NOTICES = {
  applied: "Deze antwoorden komen uit een gedeelde link. Ze staan nu in het formulier en vervangen de antwoorden die je eerder in deze browser gaf.",
  broken: "Deze gedeelde link is beschadigd of onvolledig, dus er is niets ingevuld. Vraag om een nieuwe link of vul de zelftest zelf in.",
  outdated: "Deze gedeelde link hoort bij een oudere versie van de zelftest, dus er is niets ingevuld. Vraag om een nieuwe link of vul de zelftest zelf in.",
};

// Whether a fragment is a shared link's (damaged or not).
export function isSharedFragment(hash) {
  return typeof hash === "string" && hash.startsWith(PREFIX);
}

// The link to this page with these answers.
export function shareHref(formHash, answers) {
  const code = toBase64Url(new TextEncoder().encode(JSON.stringify(answers)));
  return `${location.origin}${location.pathname}${PREFIX}${VERSION}.${formHash}.${code}`;
}

// What a fragment holds: null (no shared answers), { answers } or { notice }.
// `questions` are the form's question elements: only their ids, types and option values
// are accepted, so nothing else can reach the form.
export function readShared(hash, formHash, questions) {
  if (!isSharedFragment(hash)) return null;
  const broken = { notice: NOTICES.broken };
  if (hash.length > MAX_LENGTH) return broken;
  const parts = hash.slice(PREFIX.length).split(".");
  if (parts.length !== 3) return broken;
  const [version, hashOfForm, code] = parts;
  if (version !== VERSION || hashOfForm !== formHash) return { notice: NOTICES.outdated };
  let answers;
  try {
    answers = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(code)));
  } catch {
    return broken;
  }
  if (!answers || typeof answers !== "object" || Array.isArray(answers)) return broken;
  const byId = new Map(questions.map((item) => [item.dataset.question, item]));
  for (const [id, value] of Object.entries(answers)) {
    const item = byId.get(id);
    if (!item || !fits(item, value)) return broken;
  }
  return { answers };
}

function fits(item, value) {
  const type = item.dataset.type;
  const values = new Set([...item.querySelectorAll("input")].map((input) => input.value));
  if (type === "boolean") return typeof value === "boolean";
  if (type === "single") return typeof value === "string" && values.has(value);
  if (type === "multi") {
    return Array.isArray(value) && new Set(value).size === value.length
      && value.every((v) => typeof v === "string" && values.has(v));
  }
  return (typeof value === "number" && Number.isFinite(value))
    || (typeof value === "string" && /^[0-9 .,+-]{1,30}$/.test(value));
}

function toBase64Url(bytes) {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromBase64Url(code) {
  if (!/^[A-Za-z0-9_-]+$/.test(code)) throw new Error("not base64url");
  const binary = atob(code.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

// At bind time, and when a link is pasted into the open page (only its fragment changes):
// fill the form from a shared link (replacing and saving the stored answers, so a reload
// keeps them), then drop the fragment so the address no longer carries them. Returns what
// readShared found.
export function applySharedLink(form) {
  const shared = readShared(location.hash, form.config.formHash, form.questions());
  if (!shared) return null;
  history.replaceState(history.state, "", `${location.pathname}${location.search}`);
  if (shared.answers) {
    form.form.reset();
    form.fill(shared.answers);
    form.save();
  }
  showSharedNotice(form, shared);
  return shared;
}

// What a shared link did, said above the form: applied (its answers now fill it) or refused.
// Also for a form the theme's instant navigation put in place right after a link was
// applied (the answers are then already stored, so restored).
export function showSharedNotice(form, shared) {
  if (shared.answers) {
    form.touched = new Set(Object.keys(shared.answers));
    form.showAll = true;
  }
  form.root.querySelector("[data-quiz-shared-notice]")?.remove();
  const notice = document.createElement("p");
  notice.className = `cf-quiz__shared cf-quiz__shared--${shared.answers ? "applied" : "refused"}`;
  notice.setAttribute("role", shared.answers ? "status" : "alert");
  notice.dataset.quizSharedNotice = shared.answers ? "applied" : "refused";
  notice.textContent = shared.notice || NOTICES.applied;
  form.root.prepend(notice);
}
