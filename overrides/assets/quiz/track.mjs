// What happens in the self-assessment, announced as a DOM event ("zelftest" on document)
// for whoever listens: the statistics (partials/integrations/analytics/umami.html), when a
// marketer configured them and the visitor agreed. Sends nothing itself. `data` holds ids
// from the definition and numbers only, never an answer or anything a visitor typed.
export function track(name, data = {}) {
  document.dispatchEvent(new CustomEvent("zelftest", { detail: { name, data } }));
}
