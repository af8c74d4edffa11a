// The answers as the form's fields hold them: read, filled in, and shown as the visitor
// gave them. Used by the form, the stepper, the result, a shared link and the e-mail that
// is offered when Python cannot start. Which answers count is Python's to say.

/** @typedef {import("./protocol.mjs").Answers} Answers */

/**
 * The question elements of a form (`[data-question]`, with `data-type`), in order.
 * @param {HTMLFormElement} form
 * @returns {HTMLElement[]}
 */
export function questionItems(form) {
  return [...form.querySelectorAll("[data-question]")].map((item) => /** @type {HTMLElement} */ (item));
}

/**
 * @param {HTMLFormElement} form
 * @param {string} id
 * @returns {HTMLElement | null}
 */
export function questionItem(form, id) {
  return form.querySelector(`[data-question="${CSS.escape(id)}"]`);
}

/**
 * The answers in the fields: a number as its text, a multi question as the ticked values,
 * a yes/no question as true or false; unanswered questions are left out.
 * @param {HTMLFormElement} form
 * @returns {Answers}
 */
export function readAnswers(form) {
  /** @type {Answers} */
  const answers = {};
  for (const item of questionItems(form)) {
    const id = item.dataset.question ?? "";
    const type = item.dataset.type;
    if (type === "number") {
      const text = numberField(item).value.trim();
      if (text) answers[id] = text;
    } else if (type === "multi") {
      const values = ticked(item).map((input) => input.value);
      if (values.length) answers[id] = values;
    } else {
      const [checked] = ticked(item);
      if (checked) answers[id] = type === "boolean" ? checked.value === "true" : checked.value;
    }
  }
  return answers;
}

/**
 * Puts answers into the fields; a field without an answer is emptied. Only what the fields
 * can hold goes in: a value that is none of a question's options ticks nothing.
 * @param {HTMLFormElement} form
 * @param {Record<string, unknown>} answers
 */
export function fillAnswers(form, answers) {
  for (const item of questionItems(form)) {
    const value = answers[item.dataset.question ?? ""];
    const type = item.dataset.type;
    if (type === "number") {
      numberField(item).value = typeof value === "number" || typeof value === "string" ? String(value) : "";
      continue;
    }
    const chosen = type === "multi" && Array.isArray(value) ? value.map(String)
      : type === "boolean" && typeof value === "boolean" ? [String(value)]
      : typeof value === "string" ? [value] : [];
    for (const input of inputs(item)) input.checked = chosen.includes(input.value);
  }
}

/**
 * Each question's label and its answer as the visitor sees it (option labels, the number
 * as typed; "" when unanswered), in order.
 * @param {HTMLFormElement} form
 * @returns {{ id: string, question: string, answer: string }[]}
 */
export function shownAnswers(form) {
  return questionItems(form).map((item) => {
    const question = item.querySelector(".cf-quiz__label")?.textContent?.trim() ?? "";
    const shown = item.dataset.type === "number" ? [numberField(item).value.trim()]
      : ticked(item).map((input) => input.parentElement?.textContent?.trim() ?? "");
    return { id: item.dataset.question ?? "", question, answer: shown.filter(Boolean).join(", ") };
  });
}

/**
 * @param {HTMLElement} item
 * @returns {HTMLInputElement[]}
 */
function inputs(item) {
  return [...item.querySelectorAll("input")];
}

/**
 * @param {HTMLElement} item
 * @returns {HTMLInputElement[]}
 */
function ticked(item) {
  return inputs(item).filter((input) => input.checked);
}

/**
 * @param {HTMLElement} item
 * @returns {HTMLInputElement}
 */
function numberField(item) {
  return /** @type {HTMLInputElement} */ (item.querySelector("input"));
}
