// One self-assessment form in the page: binds the server-rendered form, keeps the answers
// in this browser, and shows what Python (in the worker) decides. JavaScript never decides
// an outcome; it sends answers through the client and renders the engine's JSON.

import { connect } from "./client.mjs";
import { element } from "./dom.mjs";
import { fallbackHref } from "./links.mjs";
import { renderResult } from "./result.mjs";
import { applySharedLink } from "./share.mjs";
import { forgetAnswers, loadAnswers, saveAnswers } from "./storage.mjs";

// --- One form on the page -------------------------------------------------------------------

class QuizForm {
  constructor(root) {
    this.root = root;
    this.config = JSON.parse(root.dataset.quizConfig);
    this.form = root.querySelector("form");
    this.status = root.querySelector("[data-quiz-status]");
    this.resultBox = root.querySelector("[data-quiz-result]");
    this.touched = new Set();
    this.showAll = false;
    this.sequence = 0;
    this.contact = { name: "", email: "" };
    this.lastResult = null;
    this.client = null; // the tab's worker client, from bind() on
  }

  bind() {
    this.form.addEventListener("input", (event) => this.changed(event));
    this.form.addEventListener("change", (event) => this.changed(event));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.showAll = true;
      this.update({ focus: true });
    });
    this.root.querySelector("[data-quiz-clear]").addEventListener("click", () => this.clear());
    for (const button of this.root.querySelectorAll("[data-quiz-example]")) {
      button.addEventListener("click", () => {
        this.fill(JSON.parse(button.dataset.quizExample));
        this.showAll = true;
        this.say(`Voorbeeld ingevuld: ${button.textContent}.`);
        this.answersChanged();
      });
    }
    this.restore();
    applySharedLink(this);
    this.client = connect(this.config);
    this.client.listen(this);
    if (this.client.failure) this.onFailed();
    else if (!this.isEmpty()) this.say("Je eerdere antwoorden staan er nog. De zelftest wordt geladen…");
    this.update({ focus: false });
  }

  // --- answers ---

  questions() {
    return [...this.form.querySelectorAll("[data-question]")];
  }

  answers() {
    const answers = {};
    for (const item of this.questions()) {
      const id = item.dataset.question;
      const type = item.dataset.type;
      if (type === "number") {
        const text = item.querySelector("input").value.trim();
        if (text) answers[id] = text;
      } else if (type === "multi") {
        const values = [...item.querySelectorAll("input:checked")].map((input) => input.value);
        if (values.length) answers[id] = values;
      } else {
        const checked = item.querySelector("input:checked");
        if (checked) answers[id] = type === "boolean" ? checked.value === "true" : checked.value;
      }
    }
    return answers;
  }

  isEmpty() {
    return Object.keys(this.answers()).length === 0;
  }

  fill(answers) {
    for (const item of this.questions()) {
      const value = answers[item.dataset.question];
      const type = item.dataset.type;
      if (type === "number") {
        item.querySelector("input").value =
          typeof value === "number" || typeof value === "string" ? String(value) : "";
        continue;
      }
      const chosen = type === "multi" && Array.isArray(value) ? value.map(String)
        : type === "boolean" && typeof value === "boolean" ? [String(value)]
        : typeof value === "string" ? [value] : [];
      for (const input of item.querySelectorAll("input")) input.checked = chosen.includes(input.value);
    }
  }

  changed(event) {
    const item = event.target.closest("[data-question]");
    if (!item) return;
    if (event.type === "change" || item.dataset.type !== "number") this.touched.add(item.dataset.question);
    this.answersChanged();
  }

  answersChanged() {
    this.save();
    // Without Python the fallback link carries the answers as they are now.
    if (this.failedBox) this.failedBox.querySelector("[data-quiz-fallback]").href = this.mailHref();
    this.update({ focus: false });
  }

  clear() {
    forgetAnswers();
    this.form.reset();
    this.touched.clear();
    this.showAll = false;
    this.lastResult = null;
    this.showErrors([]);
    this.hideResult();
    this.resultBox.replaceChildren();
    this.say("Je antwoorden zijn gewist uit deze browser.");
  }

  save() {
    saveAnswers(this.config.formHash, this.answers());
  }

  restore() {
    const stored = loadAnswers(this.config.formHash);
    if (!stored) return;
    if (stored.discarded) {
      this.notice = "Je eerder opgeslagen antwoorden hoorden bij een oudere versie van de zelftest en zijn gewist.";
      this.say(this.notice);
      return;
    }
    this.fill(stored.answers);
    for (const id of Object.keys(stored.answers)) this.touched.add(id);
  }

  // --- talking to Python ---

  onReady() {
    if (this.failedBox) {
      this.failedBox.remove();
      this.failedBox = null;
    }
    if (!this.notice) this.say("");
    this.update({ focus: false });
  }

  onFailed() {
    if (this.failedBox) return;
    this.failedBox = element("div", { class: "cf-quiz__failed admonition warning", role: "alert" }, [
      element("p", { text: `${this.client.failure} Je kunt wel direct een afspraak aanvragen; je antwoorden gaan mee.` }),
      element("p", {}, [this.fallbackLink()]),
    ]);
    this.form.after(this.failedBox);
  }

  fallbackLink() {
    return element("a", { class: "md-button md-button--primary", href: this.mailHref(),
      "data-quiz-fallback": "" , text: "Vraag een afspraak aan" });
  }

  mailHref() {
    // Python is not available here, so no outcome: just the answers, as the visitor gave them.
    const lines = [];
    for (const item of this.questions()) {
      const label = item.querySelector(".cf-quiz__label").textContent.trim();
      let shown = [];
      if (item.dataset.type === "number") shown = [item.querySelector("input").value.trim()];
      else shown = [...item.querySelectorAll("input:checked")].map((i) => i.parentElement.textContent.trim());
      lines.push(`${label} ${shown.filter(Boolean).join(", ") || "-"}`);
    }
    return fallbackHref(this.config.booking.email, lines);
  }

  async update({ focus }) {
    const ticket = ++this.sequence;
    const failure = this.client?.failure;
    if (!this.client || failure) {
      if (focus && failure && this.failedBox) this.failedBox.querySelector("a").focus();
      return;
    }
    let result;
    try {
      result = await this.client.call("evaluate", this.answers());
    } catch {
      return;
    }
    if (ticket !== this.sequence) return; // a newer answer is on its way
    this.lastResult = result;
    const shown = this.showAll ? result.errors : result.errors.filter((e) => this.touched.has(e.question));
    this.showErrors(shown);
    if (result.outcome === null) {
      this.hideResult();
      const open = result.errors.filter((e) => e.message && e.question).length;
      if (this.showAll) {
        this.say(`Nog ${open} ${open === 1 ? "vraag" : "vragen"} aan te vullen.`);
        if (focus) this.focusFirstError(result.errors);
      }
      return;
    }
    this.notice = null;
    this.say("");
    await this.renderResult(result);
    if (focus) this.resultBox.focus();
  }

  hideResult() {
    this.resultBox.hidden = true;
    const newsletter = this.root.querySelector("[data-quiz-newsletter]");
    if (newsletter) newsletter.hidden = true;
  }

  showErrors(errors) {
    const byQuestion = new Map();
    for (const error of errors) {
      if (error.question && !byQuestion.has(error.question)) byQuestion.set(error.question, error.message);
    }
    for (const item of this.questions()) {
      const id = item.dataset.question;
      const box = item.querySelector("[data-error-for]");
      const message = byQuestion.get(id) || "";
      box.textContent = message;
      item.classList.toggle("cf-quiz__question--invalid", Boolean(message));
      const field = item.querySelector("input[type=text], fieldset");
      if (message) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    }
  }

  focusFirstError(errors) {
    const first = errors.find((e) => e.question);
    if (!first) return;
    const item = this.form.querySelector(`[data-question="${CSS.escape(first.question)}"]`);
    if (item) item.querySelector("input").focus();
  }

  say(text) {
    this.status.textContent = text;
  }

  // --- the result (result.mjs) ---

  renderResult(result) {
    return renderResult(this, result);
  }
}

// --- Binding, also under Material's instant navigation ------------------------------------

const bound = new WeakMap();

// Binds every form on the page not bound yet; returns the tab's client (null without a form).
export function bindForms() {
  let client = null;
  for (const root of document.querySelectorAll("[data-quiz]")) {
    let form = bound.get(root);
    if (!form) {
      form = new QuizForm(root);
      bound.set(root, form);
      form.bind();
    }
    client = form.client;
  }
  return client;
}

// Bound as soon as it runs: loader.mjs inserts this module as a script on a page's first
// load, so that the page's load event waits for a bound form.
bindForms();
