// Starts the tab's Python as soon as the self-assessment's markup is parsed. The page loads
// this module `async`, right after the form: it runs without waiting for the theme's
// scripts, loader.mjs or form.mjs (which connects to the same client when it binds). The
// client itself waits for the first paint before it starts the worker.
// It first has Python's largest files fetched (connection.mjs), before the client's modules
// have loaded.
import { preloadRuntime } from "./connection.mjs";

const form = /** @type {HTMLElement | null} */ (document.querySelector("[data-quiz]"));
if (form) {
  try {
    const config = JSON.parse(form.dataset.quizConfig);
    preloadRuntime(config);
    import("./client.mjs").then(({ connect }) => connect(config)).catch(() => {});
  } catch {
    // an unreadable configuration: form.mjs says so when it binds
  }
}
