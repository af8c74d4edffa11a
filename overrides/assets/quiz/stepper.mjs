// One question at a time, on top of the server-rendered long form (form.mjs applies it).
// Which questions are asked comes from Python (`asked` of a partial evaluation); so does
// the live checklist of criteria. This module only shows, hides and moves focus.

import { element, setText } from "./dom.mjs";
import { questionItem, questionItems, readAnswers } from "./fields.mjs";
import { track } from "./track.mjs";

/**
 * What the stepper needs of its form, handed over by form.mjs.
 * @typedef {object} StepperParts
 * @property {HTMLElement} root the form's `[data-quiz]` element
 * @property {HTMLFormElement} form the fields
 * @property {Record<string, string>} criteria the criteria's labels, by id (the checklist)
 * @property {() => import("./protocol.mjs").QuizError[]} errors the errors of Python's
 *   latest result
 * @property {(id: string) => void} touch the visitor is done with this question (show its error)
 * @property {(options: { focus: boolean }) => Promise<boolean>} update ask Python about the
 *   answers as they are now, and show what it says
 * @property {() => void} hideResult
 */

const WIDE = "(min-width: 60em)";
const STATES = {
  true: { state: "met", mark: "✓", text: "voldaan" },
  false: { state: "unmet", mark: "✗", text: "niet voldaan" },
  null: { state: "open", mark: "○", text: "open" },
  // Decided by a question that is not asked (the engine's `asked: false`): not "niet voldaan".
  unasked: { state: "unasked", mark: "–", text: "niet gevraagd" },
};

export class Stepper {
  /** @param {StepperParts} parts */
  constructor(parts) {
    this.parts = parts;
    this.active = true; // one question at a time (false: the long form)
    this.current = null; // id of the question shown; null when all are answered (the result)
    this.asked = this.everyQuestion(); // until Python says
    this.resuming = true; // until Python's first answer, or until the visitor acts
    this.wanted = null; // the question on which "Volgende" waits for Python's answer
  }

  bind() {
    const { root, form } = this.parts;
    this.count = element("p", { class: "cf-quiz__count", id: "cf-quiz-count" });
    this.bar = element("progress", { class: "cf-quiz__bar", "aria-labelledby": "cf-quiz-count" });
    this.modeButton = element("button", { type: "button", class: "cf-quiz__mode", "data-quiz-mode": "" });
    this.announcer = element("p", { class: "cf-visually-hidden", "aria-live": "polite", "data-quiz-announce": "" });
    this.progress = element("div", { class: "cf-quiz__progress", "data-quiz-progress": "" },
      [this.count, this.modeButton, this.bar]);
    form.prepend(this.progress, this.announcer);

    this.submit = /** @type {HTMLButtonElement} */ (form.querySelector("button[type=submit]"));
    this.submitLabel = this.submit.textContent;
    this.back = element("button", { type: "button", class: "md-button cf-quiz__back", "data-quiz-back": "",
      text: "Vorige" });
    this.submit.before(this.back);

    this.checklist = this.buildChecklist();
    form.after(this.checklist);
    const wide = matchMedia(WIDE);
    this.checklist.open = wide.matches;
    wide.addEventListener("change", () => { this.checklist.open = wide.matches; });

    this.modeButton.addEventListener("click", () => this.setMode(!this.active));
    this.back.addEventListener("click", () => this.previous());
    form.addEventListener("keydown", (event) => {
      // Enter on a choice or the question continues, as in the number field (which submits).
      const continues = /** @type {Element} */ (event.target).matches("input[type=radio], input[type=checkbox], .cf-quiz__label");
      if (event.key !== "Enter" || !this.active || !continues) return;
      event.preventDefault();
      this.next();
    });
    root.classList.add("cf-quiz--live");
    this.resume();
    this.render({ focus: false });
  }

  buildChecklist() {
    const labels = this.parts.criteria;
    this.items = new Map();
    const list = element("ul", { class: "cf-quiz__checks" });
    for (const [id, label] of Object.entries(labels)) {
      const mark = element("span", { class: "cf-quiz__check-mark", "aria-hidden": "true" });
      const state = element("span", { class: "cf-quiz__check-state" });
      const item = element("li", { class: "cf-quiz__check", "data-check": id },
        [mark, element("span", { class: "cf-quiz__check-label", text: label }), state]);
      this.items.set(id, { item, mark, state });
      list.append(item);
    }
    this.summary = element("span", { class: "cf-quiz__checks-count" });
    const box = element("details", { class: "cf-quiz__checklist", "data-quiz-checklist": "" }, [
      element("summary", {}, [element("span", { class: "cf-quiz__checks-title", text: "Kenmerken" }), this.summary]),
      list,
    ]);
    this.showCriteria(Object.fromEntries(Object.keys(labels).map((id) => [id, { met: null }])));
    return box;
  }

  // --- what Python said ---

  // A partial evaluation of the answers as they are now.
  /** @param {import("./protocol.mjs").Result} partial */
  showPartial(partial) {
    // A reply without `asked` is an error reply (browser.py): then every question is asked.
    this.asked = Array.isArray(partial.asked) ? partial.asked
      : this.everyQuestion();
    if (this.resuming) this.resume();
    else if (this.current !== null && !this.asked.includes(this.current)) this.current = this.following(this.current);
    this.resuming = false;
    this.showCriteria(partial.criteria);
    this.render({ focus: false });
  }

  showCriteria(criteria) {
    const counts = { met: 0, unmet: 0, unasked: 0, open: 0 };
    for (const [id, { item, mark, state }] of this.items) {
      const verdict = criteria[id];
      const shown = STATES[verdict?.asked === false ? "unasked" : String(verdict?.met ?? null)];
      item.dataset.state = shown.state;
      setText(mark, shown.mark);
      setText(state, shown.text);
      counts[shown.state]++;
    }
    const unasked = counts.unasked ? `, ${counts.unasked} niet gevraagd` : "";
    setText(this.summary,
      `${counts.met} voldaan, ${counts.unmet} niet voldaan${unasked}, ${counts.open} open`);
  }

  // --- moving ---

  // Where a visitor picks up: the first asked question without an answer (or with an
  // error), or the result when every asked question is answered.
  resume() {
    const answers = readAnswers(this.parts.form);
    const wrong = new Set(this.parts.errors().map((e) => e.question));
    this.current = this.asked.find((id) => !(id in answers) || wrong.has(id)) ?? null;
  }

  // The ids of all questions of the form, in order.
  everyQuestion() {
    return questionItems(this.parts.form).map((item) => item.dataset.question);
  }

  following(id) {
    const order = this.everyQuestion();
    const after = order.slice(order.indexOf(id) + 1);
    return after.find((q) => this.asked.includes(q)) ?? null;
  }

  // "Volgende": Python's answer to the newest answers decides (errors, which question is
  // next). That answer may come later than this call's (Python still loading, or another
  // change on its way): `answered` goes on then, so a press is never lost.
  async next() {
    if (this.current === null) return;
    this.resuming = false;
    this.parts.touch(this.current);
    this.wanted = this.current;
    await this.parts.update({ focus: false });
  }

  // Called by the form when Python has answered the newest answers (mid-way, not at the
  // result): goes on if "Volgende" was pressed on the question still shown.
  async answered() {
    const from = this.wanted;
    this.wanted = null;
    if (from === null || from !== this.current) return; // not pressed, or moved on since
    if (this.parts.errors().some((e) => e.question === from)) {
      questionItem(this.parts.form, from).querySelector("input").focus();
      return;
    }
    this.current = this.following(from);
    this.moved();
    this.render({ focus: true });
    if (this.current === null) await this.parts.update({ focus: true });
  }

  // The visitor went a step (or changed the mode): the room kept below the buttons for the
  // line "De zelftest wordt geladen…" may go now (quiz.css). Python has answered by then,
  // the next question moves what is below anyway, and a shift right after a press is no
  // unexpected jump (layout shift counts none within 500 ms of an input).
  moved() {
    this.parts.root.dataset.quizMoved = "";
  }

  previous() {
    this.wanted = null;
    this.resuming = false;
    const before = this.asked.slice(0, this.current === null ? undefined : this.asked.indexOf(this.current));
    if (!before.length) return;
    this.current = before[before.length - 1];
    this.moved();
    this.render({ focus: true });
    this.parts.hideResult();
  }

  // The result of an example or a restored complete set: straight to the end.
  finish() {
    this.wanted = null;
    this.resuming = false;
    this.current = null;
    this.render({ focus: false });
  }

  // After wiping the answers: back to the first question, and no verdict left from before
  // (Python's reply to the empty answers follows).
  restart() {
    this.wanted = null;
    this.resuming = false;
    this.asked = this.everyQuestion();
    this.current = this.asked[0];
    this.showCriteria({});
    this.render({ focus: false });
  }

  setMode(stepping) {
    this.wanted = null;
    this.active = stepping;
    this.moved();
    if (stepping) this.resume();
    this.render({ focus: false });
    this.modeButton.focus();
    this.parts.update({ focus: false });
  }

  // The long form while Python is missing (slow or failed): no question is left out.
  giveUp() {
    this.active = false;
    this.asked = this.everyQuestion();
    this.render({ focus: false });
    this.progress.hidden = true;
    this.checklist.hidden = true;
  }

  // Python came after all: back to one question at a time, unless the visitor started
  // answering in the long form.
  revive() {
    this.progress.hidden = false;
    this.checklist.hidden = false;
    if (this.resuming) this.active = true;
    this.render({ focus: false });
  }

  // Whether the result may show: always in the long form, at the end in the stepper.
  get atResult() {
    return !this.active || this.current === null;
  }

  // --- showing ---

  render({ focus }) {
    const { root, form } = this.parts;
    root.classList.toggle("cf-quiz--stepper", this.active);
    root.dataset.quizStep = this.active ? this.current ?? "result" : "all";
    for (const item of questionItems(form)) {
      const id = item.dataset.question;
      item.hidden = !this.asked.includes(id) || (this.active && id !== this.current);
    }
    setText(this.modeButton, this.active ? "Toon alle vragen" : "Eén vraag tegelijk");
    this.modeButton.dataset.quizMode = this.active ? "step" : "all";
    const total = this.asked.length;
    const position = this.current === null ? total : this.asked.indexOf(this.current) + 1;
    const text = !this.active ? `${total} vragen`
      : this.current === null ? `Alle ${total} vragen beantwoord` : `Vraag ${position} van ${total}`;
    setText(this.count, text);
    if (this.active && this.current !== null) track("zelftest-vraag", { question: this.current, position });
    this.bar.max = total;
    this.bar.value = this.active ? (this.current === null ? total : position - 1) : total;
    this.bar.hidden = !this.active;
    const last = this.active && this.current !== null && position === total;
    this.back.hidden = !this.active || position <= 1 && this.current !== null;
    this.submit.hidden = this.active && this.current === null;
    setText(this.submit, !this.active || last ? this.submitLabel : "Volgende");
    if (!focus) return;
    this.announcer.textContent = text;
    if (this.current === null) return;
    const heading = /** @type {HTMLElement} */ (questionItem(form, this.current).querySelector(".cf-quiz__label"));
    heading.tabIndex = -1;
    heading.focus();
    heading.scrollIntoView({ block: "nearest" });
  }
}
