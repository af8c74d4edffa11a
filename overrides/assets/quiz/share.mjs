// A result to pass on: the answers travel in the link's fragment
// (`#antwoorden=<version>.<form hash>.<base64url JSON>`), which browsers never send to a
// server. A link from an older form, or one that is damaged or crafted, changes nothing:
// this module undoes the encoding, Python (the "shared" request) judges the answers.

import { KIND } from "./protocol.mjs";

/**
 * What a shared link holds: answers (before checkShared: as decoded; after: as Python
 * accepted them) or, refused, the notice that says why.
 * @typedef {{ answers?: any, notice?: string }} Shared
 */

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

// What a fragment holds: null (no shared answers), `{ notice }` (refused: damaged, too
// long, or from another version of the form) or `{ answers }`, still to be checked by
// Python (checkShared): this only undoes the encoding.
/**
 * @param {string} hash
 * @param {string} formHash
 * @returns {Shared | null}
 */
export function readShared(hash, formHash) {
  if (!isSharedFragment(hash)) return null;
  const broken = { notice: NOTICES.broken };
  if (hash.length > MAX_LENGTH) return broken;
  const parts = hash.slice(PREFIX.length).split(".");
  if (parts.length !== 3) return broken;
  const [version, hashOfForm, code] = parts;
  if (version !== VERSION || hashOfForm !== formHash) return { notice: NOTICES.outdated };
  try {
    return { answers: JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(fromBase64Url(code))) };
  } catch {
    return broken;
  }
}

// The shared link in the address, if any, taken out of it (so the address no longer
// carries the answers, and a reload does not apply them again): what readShared found.
/**
 * @param {string} formHash
 * @returns {Shared | null}
 */
export function takeSharedLink(formHash) {
  const shared = readShared(location.hash, formHash);
  if (shared) history.replaceState(history.state, "", `${location.pathname}${location.search}`);
  return shared;
}

// Python says which answers a link may fill in: exactly those the engine accepts. Without
// Python (it cannot start here) there is no result to show either; the answers then go
// into the fields as far as the fields hold them, so that the e-mail offered instead
// carries them.
/**
 * @param {{ call: import("./client.mjs").Call }} client
 * @param {Shared} shared
 * @returns {Promise<Shared>}
 */
export async function checkShared(client, shared) {
  if (!("answers" in shared)) return shared;
  let reply;
  try {
    reply = await client.call(KIND.SHARED, shared.answers);
  } catch {
    const given = shared.answers;
    return given && typeof given === "object" && !Array.isArray(given) ? shared : { notice: NOTICES.broken };
  }
  return reply.errors.length ? { notice: NOTICES.broken } : { answers: reply.answers };
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

// What a shared link did, said above the form: applied (its answers now fill it) or refused.
/**
 * @param {HTMLElement} root the form's `[data-quiz]` element
 * @param {Shared} shared
 */
export function showSharedNotice(root, shared) {
  root.querySelector("[data-quiz-shared-notice]")?.remove();
  const applied = !shared.notice;
  const notice = document.createElement("p");
  notice.className = `cf-quiz__shared cf-quiz__shared--${applied ? "applied" : "refused"}`;
  notice.setAttribute("role", applied ? "status" : "alert");
  notice.dataset.quizSharedNotice = applied ? "applied" : "refused";
  notice.textContent = shared.notice || NOTICES.applied;
  root.prepend(notice);
}
