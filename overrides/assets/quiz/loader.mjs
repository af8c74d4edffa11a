// The self-assessment's only script on every page: it remembers the landing URL's utm_*
// values and loads the form (form.mjs, and through it the worker client) only on a page
// that has one, also after Material's instant navigation.

import { rememberUtm } from "./storage.mjs";

const NOT_HERE = "De zelftest staat niet op deze pagina.";
const has = (s) => document.querySelector(s);

let quiz = null; // Promise of the tab's worker client, from the first page with a form on
let client = null; // that client, once loaded

// Also when asked before the theme's document$ binds it (bindForms binds a form once).
function bindForm() {
  quiz = import("./form.mjs").then(({ bindForms }) => (client = bindForms()));
  quiz.catch(() => {}); // a form that cannot load stays a form; `ready` says why
  return quiz;
}

function bind() {
  // The lead list (/leadlijst/) has a script and a worker of its own.
  if (has("[data-leads]")) import("./leads.mjs").then((m) => m.bindLeads());
  if (has("[data-quiz]")) bindForm();
}

// For tests and integrations: only a page without the form's markup refuses.
const here = () => (has("[data-quiz]") ? quiz ?? bindForm() : Promise.reject(new Error(NOT_HERE)));
window.prospectQuiz = {
  get ready() {
    return here().then((c) => c.ready);
  },
  evaluate(answers) {
    return here().then((c) => c.call("evaluate", answers));
  },
  get boot() {
    return client?.boot ?? null;
  },
  get prefetched() {
    return client?.prefetched ?? null;
  },
};

rememberUtm();
// On the first load the form also goes in as a script element: the load event waits for
// it (not for an import), so "loaded" means the form is bound.
for (const [marker, module] of [["[data-quiz]", "form.mjs"], ["[data-leads]", "leads.mjs"]]) {
  if (!has(marker)) continue;
  const script = document.createElement("script");
  script.type = "module";
  script.src = new URL(module, import.meta.url).href;
  document.head.append(script);
}
if (typeof window.document$?.subscribe === "function") window.document$.subscribe(bind);
else bind();
