// The statistics sender, loaded by __md_analytics() (partials/integrations/analytics/umami.html)
// once the visitor agreed: page views, the self-assessment's events and the page feedback,
// posted to Umami's collection API (`POST /api/send`) on the collector configured in
// mkdocs.yml. Written here instead of Umami's tracker script so that only what is listed
// below ever leaves the browser: a path (never a query string or fragment, where a shared
// result keeps its answers), the page title, the browser's language and screen size, and
// for events only ids and numbers from the list below, never anything a visitor typed.
// A collector that is down, slow or failing changes nothing on the page: one attempt per
// event, nothing awaited, nothing logged.

// Event name -> the properties it may carry; `once`: the properties that make it one
// event per page view (default: all of them).
const EVENTS = {
  "zelftest-start": { keys: ["source"], once: [] },
  "zelftest-vraag": { keys: ["question", "position"], once: ["question"] },
  "zelftest-uitkomst": { keys: ["outcome"] },
  "zelftest-afspraak": { keys: ["outcome", "provider"] },
  "zelftest-delen": { keys: ["outcome"] },
  "zelftest-print": { keys: ["outcome"] },
  "zelftest-voorbeeld": { keys: ["example"] },
  "zelftest-fout": { keys: ["stage"] },
  feedback: { keys: ["page", "rating"], once: [] },
};
// Ids and paths only: letters, digits, _ - . / and %-escapes. Anything else is dropped.
const VALUE = /^[\w%./-]{1,200}$/;
// A collector that hangs must not hold the page's own connections (a browser opens six per
// host over HTTP/1.1, and the collector usually is the site's own host): at most three
// requests at a time, each given up after five seconds; an event beyond that is dropped.
const TIMEOUT_MS = 5000;
const MAX_IN_FLIGHT = 3;

const state = window.__md_umami;
const { collect, website, consent } = document.getElementById("__analytics").dataset;
const collector = new URL(collect, location.href).href;
let viewed = null; // the path of the page view sent last
let seen = new Set(); // the events of that page view
let inFlight = 0;
let firstView = true;

// Asked every time: a "reject" in the consent dialog stops the next event at once.
function allowed() {
  if (consent === "ask") return Boolean(window.__md_get("__consent")?.analytics);
  // Counted without asking (mkdocs.yml): a browser that says "do not track" is not counted.
  return !(navigator.globalPrivacyControl === true || navigator.doNotTrack === "1");
}

function send(name, data, referrer) {
  if (!allowed() || inFlight >= MAX_IN_FLIGHT) return;
  const payload = {
    website,
    hostname: location.hostname,
    language: navigator.language,
    screen: `${screen.width}x${screen.height}`,
    title: document.title,
    url: location.pathname,
  };
  if (referrer) payload.referrer = referrer;
  if (name) payload.name = name;
  if (data && Object.keys(data).length) payload.data = data;
  inFlight += 1;
  try {
    fetch(collector, {
      method: "POST",
      body: JSON.stringify({ type: "event", payload }),
      headers: { "Content-Type": "application/json" },
      credentials: "omit",
      keepalive: true, // also sent when the click leaves the page (booking)
      signal: AbortSignal.timeout?.(TIMEOUT_MS),
    }).then(done, done);
  } catch {
    done();
  }
}

function done() {
  inFlight -= 1;
}

// One page view per path: on the first load and on each instant navigation to another path
// (the theme loading the same page afresh is not a new view).
function view() {
  if (!allowed() || location.pathname === viewed) return;
  viewed = location.pathname;
  seen = new Set();
  send(null, null, firstView ? externalReferrer() : null);
  firstView = false;
}

// Only the origin of a site that linked here; nothing of its address after that.
function externalReferrer() {
  try {
    const from = new URL(document.referrer);
    return from.origin === location.origin ? null : `${from.origin}/`;
  } catch {
    return null;
  }
}

// The page this visitor came from within the site (`extern` when they did not).
function source() {
  const paths = state.paths.filter((path) => path !== location.pathname);
  if (paths.length) return paths[paths.length - 1];
  try {
    const from = new URL(document.referrer);
    if (from.origin === location.origin && from.pathname !== location.pathname) return from.pathname;
  } catch {
    // no referrer
  }
  return "extern";
}

function announce(detail) {
  const spec = EVENTS[detail?.name];
  if (!spec || !allowed()) return;
  view(); // the page's view goes first, also when the page's scripts are quicker than the theme's
  const data = {};
  for (const key of spec.keys) {
    const value = detail.data?.[key];
    if ((typeof value === "number" && Number.isFinite(value)) || (typeof value === "string" && VALUE.test(value))) {
      data[key] = value;
    }
  }
  if (detail.name === "zelftest-start") data.source = source();
  const once = `${detail.name} ${JSON.stringify((spec.once ?? spec.keys).map((key) => data[key]))}`;
  if (seen.has(once)) return;
  seen.add(once);
  send(detail.name, data);
}

// Material's "Was deze pagina nuttig?" (extra.analytics.feedback): shown only with statistics.
function bindFeedback() {
  const form = /** @type {HTMLFormElement | undefined} */ (document.forms.namedItem("feedback") ?? undefined);
  if (!form || !allowed() || "umami" in form.dataset) return;
  form.dataset.umami = "";
  for (const button of form.querySelectorAll("[type=submit]")) {
    button.addEventListener("click", (event) => {
      event.preventDefault();
      const value = button.getAttribute("data-md-value");
      announce({ name: "feedback", data: { page: location.pathname, rating: /^\d+$/.test(value) ? Number(value) : value } });
      /** @type {HTMLFieldSetElement} */ (form.firstElementChild).disabled = true;
      const note = /** @type {HTMLElement | null} */ (form.querySelector(`.md-feedback__note [data-md-value="${CSS.escape(value)}"]`));
      if (note) note.hidden = false;
    });
  }
  form.hidden = false;
}

function start() {
  window.document$.subscribe(() => {
    view();
    bindFeedback();
  });
}

state.take = announce;
state.resume = view; // agreed again after a "reject" on this page: count this page
for (const detail of state.events.splice(0)) announce(detail);
if (window.document$) start();
else document.addEventListener("DOMContentLoaded", start, { once: true });
