// One self-assessment form in the page: binds the server-rendered form, keeps the answers
// in this browser, and shows what Python (in the worker) decides. JavaScript never decides
// an outcome; it sends answers through the client and renders the engine's JSON.

import { connect } from "./client.mjs";
import { element, setText, whenIdle } from "./dom.mjs";
import { fillAnswers, questionItem, questionItems, readAnswers, shownAnswers } from "./fields.mjs";
import { fallbackHref } from "./links.mjs";
import { KIND } from "./protocol.mjs";
import { prepareResult, renderResult } from "./result.mjs";
import { checkShared, isSharedFragment, showSharedNotice, takeSharedLink } from "./share.mjs";
import { Stepper } from "./stepper.mjs";
import { forgetAnswers, loadAnswers, saveAnswers } from "./storage.mjs";
import { track } from "./track.mjs";

/** @typedef {import("./share.mjs").Shared} Shared */

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
    /** @type {import("./protocol.mjs").Result | null} Python's latest result */
    this.lastResult = null;
    /** @type {import("./client.mjs").QuizClient | null} the tab's worker client, from bind() on */
    this.client = null;
    this.landing = false; // the visitor asked for the result: show it in view, focused
    this.pressed = null; // while a pointer is down in the form: a promise of its release
    /** @type {Promise<Shared> | null} a shared link's answers, while Python checks them */
    this.incoming = null;
    this.askBox = null; // the question before an example replaces the visitor's own answers
    this.stepper = new Stepper({
      root,
      form: this.form,
      criteria: this.config.labels.criteria,
      errors: () => this.lastResult?.errors ?? [],
      touch: (id) => this.touched.add(id),
      update: (options) => this.update(options),
      hideResult: () => this.hideResult(),
    });
  }

  get pythonReady() {
    return Boolean(this.client?.boot) && !this.client.failure;
  }

  // `pasted`: a shared link this page's previous form took in just before the theme put
  // this one in its place (see the end of this file): what admit() returned there.
  bind(pasted = null) {
    this.root.addEventListener("pointerdown", () => this.holdRendering(), { capture: true });
    this.form.addEventListener("input", (event) => this.changed(event));
    this.form.addEventListener("change", (event) => this.changed(event));
    this.form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (this.stepper.active) {
        this.stepper.next();
        return;
      }
      this.showAll = true;
      this.landing = true;
      this.update({ focus: true });
    });
    this.root.querySelector("[data-quiz-clear]").addEventListener("click", () => this.clear());
    for (const button of this.root.querySelectorAll("[data-quiz-example]")) {
      // Over the visitor's own answers an example comes only once they say yes.
      button.addEventListener("click", () => {
        if (this.isEmpty() || this.showingExample) this.showExample(button);
        else this.askBeforeExample(button);
      });
    }
    this.client = connect(this.config);
    this.client.listen(this);
    this.restore();
    this.stepper.bind();
    const incoming = this.admit(takeSharedLink(this.config.formHash) ?? pasted) instanceof Promise;
    if (this.client.failure) this.onFailed();
    else if (this.client.slow) this.onSlow();
    else if (!this.pythonReady && !this.notice) {
      this.loading(incoming ? "De antwoorden uit de gedeelde link worden ingevuld zodra de zelftest geladen is…"
        : this.isEmpty() ? "De zelftest wordt geladen…"
        : "Je eerdere antwoorden staan er nog. De zelftest wordt geladen…");
    }
    this.update({ focus: false });
    whenIdle(prepareResult);
  }

  // A shared link opened in this tab while the page is open: only the fragment changed.
  sharedLinkPasted() {
    return this.admit(takeSharedLink(this.config.formHash));
  }

  // A shared link from the address (or from this page's previous form): refused at once
  // when it cannot be read, else its answers go to Python (receive). Returns the refusal or
  // the check under way, for a form that may replace this one; null without a link.
  /**
   * @param {Shared | Promise<Shared> | null} link
   * @returns {Shared | Promise<Shared> | null}
   */
  admit(link) {
    if (!link) return null;
    if (!(link instanceof Promise) && link.notice) {
      showSharedNotice(this.root, link);
      return link;
    }
    const incoming = link instanceof Promise ? link : checkShared(this.client, link);
    this.receive(incoming);
    return incoming;
  }

  // A shared link's answers, once Python has checked them: they replace the form's (and
  // the stored ones) and the result shows; or the link is refused and nothing changes.
  // Until then nothing else is judged, so no other result shows in between.
  /** @param {Promise<Shared>} incoming */
  async receive(incoming) {
    this.incoming = incoming;
    this.landing = true; // someone opened a link to a result: show it
    const shared = await incoming;
    if (this.incoming !== incoming) return; // another link came in the meantime
    this.incoming = null;
    if (shared.answers) {
      this.form.reset();
      fillAnswers(this.form, shared.answers);
      this.touched = new Set(Object.keys(shared.answers));
      this.showAll = true;
      this.stepper.finish();
      showSharedNotice(this.root, shared);
      this.answersChanged();
      return;
    }
    this.landing = false;
    showSharedNotice(this.root, shared);
    this.update({ focus: false });
  }

  // --- answers ---

  answers() {
    return readAnswers(this.form);
  }

  isEmpty() {
    return Object.keys(this.answers()).length === 0;
  }

  changed(event) {
    const item = event.target.closest("[data-question]");
    if (!item) return;
    this.untickExclusive(item, event.target);
    if (event.type === "change" || item.dataset.type !== "number") this.touched.add(item.dataset.question);
    this.stepper.resuming = false; // the visitor is answering: stay on this question
    track("zelftest-start");
    this.showingExample = false; // what is in the form is theirs now
    this.ownAnswers = null;
    this.answersChanged();
  }

  // A ticked box with data-exclusive ("Nog niets hiervan") goes alone: ticking it unticks the
  // question's other boxes, ticking another unticks it. The engine rejects the combination.
  untickExclusive(item, box) {
    if (box.type !== "checkbox" || !box.checked) return;
    for (const other of item.querySelectorAll("input:checked")) {
      if (other !== box && ("exclusive" in box.dataset || "exclusive" in other.dataset)) other.checked = false;
    }
  }

  answersChanged() {
    this.save();
    // Without Python the fallback link carries the answers as they are now.
    if (this.failedBox) this.failedBox.querySelector("[data-quiz-fallback]").href = this.mailHref();
    this.update({ focus: false });
  }

  showExample(button) {
    this.dropAsk();
    track("zelftest-voorbeeld", { example: button.dataset.quizExampleId });
    // The visitor's own answers are kept aside, once, so that they can come back.
    if (!this.ownAnswers && !this.isEmpty() && !this.showingExample) this.ownAnswers = this.answers();
    this.showingExample = true;
    fillAnswers(this.form, JSON.parse(button.dataset.quizExample));
    this.showAll = true;
    this.landing = true;
    this.stepper.finish();
    this.say(`Voorbeeld ingevuld: ${button.textContent}.`);
    this.answersChanged();
  }

  // Right under the examples, not a browser dialog: "Ja" shows the example (the own answers can
  // come back), "Nee" or Escape leaves everything as it was, the focus on the example.
  askBeforeExample(button) {
    this.dropAsk();
    const yes = element("button", { type: "button", class: "md-button md-button--primary",
      "data-quiz-confirm-yes": "", text: "Ja, toon het voorbeeld" });
    const no = element("button", { type: "button", class: "md-button", "data-quiz-confirm-no": "",
      text: "Nee, houd mijn antwoorden" });
    const box = element("div", { class: "cf-quiz__shared cf-quiz__confirm", role: "group",
      "aria-labelledby": "cf-quiz-confirm-text", "data-quiz-confirm": "" }, [
      element("p", { id: "cf-quiz-confirm-text", text: `Je hebt al eigen antwoorden gegeven. `
        + `Wil je ze vervangen door het voorbeeld "${button.textContent}"? Je kunt ze daarna terugzetten.` }),
      element("p", {}, [yes, no]),
    ]);
    const cancel = () => {
      this.dropAsk();
      button.focus();
    };
    yes.addEventListener("click", () => this.showExample(button));
    no.addEventListener("click", cancel);
    box.addEventListener("keydown", (event) => {
      if (event.key !== "Escape") return;
      event.preventDefault();
      event.stopPropagation();
      cancel();
    });
    this.root.querySelector(".cf-quiz__examples").after(box);
    this.askBox = box;
    yes.focus({ preventScroll: true });
    box.scrollIntoView({ block: "nearest", behavior: "instant" });
  }

  dropAsk() {
    this.askBox?.remove();
    this.askBox = null;
  }

  // Above the result of an example that replaced the visitor's own answers: the way back.
  ownAnswersBar() {
    if (!this.ownAnswers) return null;
    const back = element("button", { type: "button", class: "md-button", "data-quiz-own-answers": "",
      text: "Zet mijn eigen antwoorden terug" });
    back.addEventListener("click", () => this.restoreOwnAnswers());
    return element("div", { class: "cf-quiz__shared cf-quiz__own", "data-quiz-own": "" }, [
      element("p", { text: "Dit is de uitkomst van een voorbeeld; je eigen antwoorden zijn even opzij gezet." }),
      element("p", {}, [back]),
    ]);
  }

  restoreOwnAnswers() {
    const own = this.ownAnswers;
    this.ownAnswers = null;
    this.showingExample = false;
    this.form.reset();
    fillAnswers(this.form, own);
    this.landing = true;
    this.stepper.finish();
    this.say("Je eigen antwoorden staan er weer.");
    this.answersChanged();
  }

  clear() {
    this.dropAsk();
    this.ownAnswers = null;
    this.showingExample = false;
    this.notice = null;
    this.root.querySelector("[data-quiz-shared-notice]")?.remove();
    forgetAnswers();
    this.form.reset();
    this.touched.clear();
    this.showAll = false;
    this.landing = false;
    this.lastResult = null;
    this.stepper.restart();
    this.showErrors([]);
    this.hideResult();
    this.resultBox.replaceChildren();
    this.say("Je antwoorden zijn gewist uit deze browser.");
    this.update({ focus: false });
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
    fillAnswers(this.form, stored.answers);
    for (const id of Object.keys(stored.answers)) this.touched.add(id);
  }

  // A press on "Volgende" blurs the number field, the change asks Python, and its answer
  // (a millisecond later) would re-render the form while the pointer is still down: a
  // control that moves or changes under the pointer loses the click (WebKit drops it when
  // the button's text is replaced). So what Python says waits until the pointer is up and
  // the click that follows has run; that click's own request then supersedes it.
  holdRendering() {
    if (this.pressed) return;
    let release;
    this.pressed = new Promise((resolve) => { release = resolve; });
    const done = () => {
      removeEventListener("pointerup", done, true);
      removeEventListener("pointercancel", done, true);
      removeEventListener("blur", done); // the window's own blur: the press ended elsewhere
      clearTimeout(limit);
      setTimeout(() => { // after the click, which follows pointerup in the same task
        this.pressed = null;
        release();
      }, 0);
    };
    addEventListener("pointerup", done, true);
    addEventListener("pointercancel", done, true);
    addEventListener("blur", done);
    const limit = setTimeout(done, 10000); // a release the page never heard of
  }

  // --- talking to Python ---

  onReady() {
    this.loading(null);
    this.stepper.revive();
    if (this.failedBox) {
      this.failedBox.remove();
      this.failedBox = null;
    }
    if (!this.notice) this.say("");
    this.update({ focus: false });
  }

  // Python could not start: the long form (nothing is left out) and a booking link that
  // carries the answers.
  onFailed() {
    track("zelftest-fout", { stage: this.client.failureStage });
    this.loading(null);
    this.stepper.giveUp();
    this.showFailedBox(`${this.client.failure} Je kunt wel direct een afspraak aanvragen; je antwoorden gaan mee.`);
  }

  // Python is slow but still coming: the same booking link, while the stepper stays as it is
  // (a slow load never turns it into the long form behind the visitor's back).
  onSlow() {
    if (!this.failedBox) track("zelftest-fout", { stage: "traag" });
    this.showFailedBox(`${this.client.slow} Je kunt blijven wachten of direct een afspraak aanvragen; je antwoorden gaan mee.`);
  }

  showFailedBox(text) {
    if (this.failedBox) {
      setText(this.failedBox.querySelector("p"), text);
      return;
    }
    this.failedBox = element("div", { class: "cf-quiz__failed admonition warning", role: "alert" }, [
      element("p", { text }),
      element("p", {}, [this.fallbackLink()]),
    ]);
    this.form.after(this.failedBox);
  }

  fallbackLink() {
    const link = element("a", { class: "md-button md-button--primary", href: this.mailHref(),
      "data-quiz-fallback": "" , text: "Vraag een afspraak aan" });
    link.addEventListener("click", () => track("zelftest-afspraak", { provider: "email" }));
    return link;
  }

  mailHref() {
    // Python is not available here, so no outcome: just the answers, as the visitor gave them.
    const lines = shownAnswers(this.form).map(({ question, answer }) => `${question} ${answer || "-"}`);
    return fallbackHref(this.config.booking.email, lines);
  }

  // Asks Python about the answers as they are now and shows what it says. True when this
  // call's answers are the newest (so `lastResult` belongs to them).
  async update({ focus }) {
    const ticket = ++this.sequence;
    const failure = this.client?.failure;
    if (!this.client || failure) {
      if (focus && failure && this.failedBox) this.failedBox.querySelector("a").focus();
      return false;
    }
    if (this.incoming) { // a shared link's answers are on their way: they are judged next
      if (this.landing) this.showPending();
      return false;
    }
    if (this.landing && !this.pythonReady) this.showPending();
    if (this.pythonReady) this.root.dataset.quizBusy = "";
    const answers = this.answers();
    /** @type {import("./protocol.mjs").Result} */
    let result;
    /** @type {import("./protocol.mjs").Result} */
    let partial;
    try {
      [result, partial] = await Promise.all([this.client.call(KIND.EVALUATE, answers),
        this.client.call(KIND.PARTIAL, answers)]);
    } catch {
      if (ticket === this.sequence) delete this.root.dataset.quizBusy;
      return false;
    }
    if (ticket !== this.sequence) return false; // a newer answer is on its way
    if (this.pressed) {
      await this.pressed;
      if (ticket !== this.sequence) return false; // the press asked again
    }
    delete this.root.dataset.quizBusy;
    this.lastResult = result;
    this.stepper.showPartial(partial);
    const shown = this.showAll ? result.errors : result.errors.filter((e) => this.touched.has(e.question));
    this.showErrors(shown);
    if (!this.stepper.atResult) {
      this.hideResult();
      this.stepper.answered();
      return true;
    }
    if (result.outcome === null) {
      this.hideResult();
      this.landing = false;
      if (this.stepper.active) {
        // The end was reached with an answer missing or wrong: back to that question.
        this.showErrors(result.errors);
        this.stepper.resume();
        this.stepper.render({ focus });
        return true;
      }
      const open = result.errors.filter((e) => e.message && e.question).length;
      if (this.showAll) {
        this.say(`Nog ${open} ${open === 1 ? "vraag" : "vragen"} aan te vullen.`);
        if (focus) this.focusFirstError(result.errors);
      }
      return true;
    }
    this.notice = null;
    this.say("");
    const land = this.landing || focus;
    this.landing = false;
    delete this.resultBox.dataset.quizPending;
    // The result shows at once (the booking link follows from Python): land on it now.
    const booking = this.renderResult(result);
    const bar = this.showingExample ? this.ownAnswersBar() : null;
    if (bar) this.resultBox.prepend(bar);
    if (land) this.land();
    await booking;
    return true;
  }

  // "Even rekenen…" where the result will be, until Python is ready.
  showPending() {
    this.resultBox.replaceChildren(
      element("h2", { class: "cf-result__title", text: "Even rekenen…" }),
      element("p", { text: "Je uitkomst verschijnt hier zodra de zelftest geladen is." }),
      element("div", { class: "cf-quiz__working", "aria-hidden": "true" }),
    );
    this.resultBox.hidden = false;
    this.resultBox.dataset.quizPending = "";
    this.land();
  }

  // The result region in view and focused (its heading is read out).
  land() {
    this.resultBox.focus({ preventScroll: true });
    this.resultBox.scrollIntoView({ block: "start", behavior: "instant" });
  }

  hideResult() {
    this.resultBox.hidden = true;
    delete this.resultBox.dataset.quizPending;
    const newsletter = this.root.querySelector("[data-quiz-newsletter]");
    if (newsletter) newsletter.hidden = true;
  }

  showErrors(errors) {
    const byQuestion = new Map();
    for (const error of errors) {
      if (error.question && !byQuestion.has(error.question)) byQuestion.set(error.question, error.message);
    }
    for (const item of questionItems(this.form)) {
      const id = item.dataset.question;
      const box = item.querySelector("[data-error-for]");
      const message = byQuestion.get(id) || "";
      setText(box, message);
      item.classList.toggle("cf-quiz__question--invalid", Boolean(message));
      const field = item.querySelector("input[type=text], fieldset");
      if (message) field.setAttribute("aria-invalid", "true");
      else field.removeAttribute("aria-invalid");
    }
  }

  focusFirstError(errors) {
    const first = errors.find((e) => e.question);
    const item = first && questionItem(this.form, first.question);
    if (item) item.querySelector("input").focus();
  }

  say(text) {
    this.status.textContent = text;
    delete this.status.dataset.loading;
  }

  // A status with a moving bar (CSS) while Python loads; null ends it.
  loading(text) {
    if (text === null) {
      if ("loading" in this.status.dataset) this.say(this.notice || "");
      return;
    }
    this.say(text);
    this.status.dataset.loading = "";
  }

  // --- the result (result.mjs) ---

  renderResult(result) {
    return renderResult({
      root: this.root, box: this.resultBox, form: this.form, config: this.config,
      asked: this.stepper.asked, client: this.client, contact: this.contact, outcome: result.outcome,
    }, result);
  }
}

// --- Binding, also under Material's instant navigation ------------------------------------

const bound = new WeakMap();
let pasted = null; // { path, incoming }: the last shared link pasted into this tab, once

// Binds every form on the page not bound yet; returns the tab's client (null without a form).
export function bindForms() {
  const given = pasted?.path === location.pathname ? pasted.incoming : null;
  pasted = null;
  let client = null;
  for (const root of document.querySelectorAll("[data-quiz]")) {
    let form = bound.get(root);
    if (!form) {
      form = new QuizForm(root);
      bound.set(root, form);
      form.bind(given);
    }
    client = form.client;
  }
  return client;
}

// A shared link pasted into the open tab changes only the fragment, so the page does not load
// again: the bound forms apply it. The fragment is theirs, so the theme's instant navigation
// (which would load the page afresh, without the notice) does not see it change.
addEventListener("popstate", (event) => {
  if (isSharedFragment(location.hash)) event.stopImmediatePropagation();
}, { capture: true });
addEventListener("hashchange", () => {
  for (const root of document.querySelectorAll("[data-quiz]")) {
    const incoming = bound.get(root)?.sharedLinkPasted();
    // Should the theme still load this page afresh, its new form takes the same link in.
    if (incoming) pasted = { path: location.pathname, incoming };
  }
});

// Bound as soon as it runs: loader.mjs inserts this module as a script on a page's first
// load, so that the page's load event waits for a bound form.
bindForms();
