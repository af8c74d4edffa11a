// The self-assessment's only script on every page: it remembers the landing URL's utm_*
// values and loads the form (form.mjs, and through it the worker client) only on a page
// that has one, also after Material's instant navigation. The checklist of criteria
// (`<!-- zelftest:kenmerken -->`) is plain HTML and needs no script.

import { rememberUtm } from "./storage.mjs";

const NOT_HERE = "De zelftest staat niet op deze pagina.";

let quiz = null; // Promise of the tab's worker client, from the first page with a form on
let client = null; // that client, once loaded

function bindForm() {
  quiz = import("./form.mjs").then(({ bindForms }) => (client = bindForms()));
  quiz.catch(() => {}); // a form that cannot load stays a form; `ready` says why
  return quiz;
}

function bind() {
  // The lead list (/leadlijst/) has a script and a worker of its own.
  if (document.querySelector("[data-leads]")) import("./leads.mjs").then((m) => m.bindLeads());
  if (document.querySelector("[data-quiz]")) bindForm();
}

// The tab's client where the page has the form. Asked before the theme's document$ has
// bound it (right after a (re)load), the form is bound now (bindForms binds a form once):
// only a page without the form's markup refuses.
function here() {
  if (!document.querySelector("[data-quiz]")) return Promise.reject(new Error(NOT_HERE));
  return quiz ?? bindForm();
}

// For tests and integrations; the same API as before the split.
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
// On the page's first load the form module also goes in as a script element: the page's
// load event waits for a script element, not for an import, so "loaded" means the form is
// bound (form.mjs binds when it runs).
for (const [marker, module] of [["[data-quiz]", "form.mjs"], ["[data-leads]", "leads.mjs"]]) {
  if (!document.querySelector(marker)) continue;
  const script = document.createElement("script");
  script.type = "module";
  script.src = new URL(module, import.meta.url).href;
  document.head.append(script);
}
if (window.document$ && typeof window.document$.subscribe === "function") {
  window.document$.subscribe(bind);
} else {
  bind();
}
