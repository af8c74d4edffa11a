// Starts the tab's Python as soon as the self-assessment's markup is parsed. The page loads
// this module `async`, right after the form: it runs without waiting for the theme's
// scripts, loader.mjs or form.mjs (which connects to the same client when it binds). The
// client itself waits for the first paint before it starts the worker.
import { connect } from "./client.mjs";

const form = document.querySelector("[data-quiz]");
if (form) {
  try {
    connect(JSON.parse(form.dataset.quizConfig));
  } catch {
    // an unreadable configuration: form.mjs says so when it binds
  }
}
