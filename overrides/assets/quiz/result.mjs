// The result region of one form: renders what Python returned (outcome, criteria,
// improvements, next step) and the ways on from there: book, copy, share, print.
// Every word comes from the engine's result or the form's config; nothing is decided here.

import { element } from "./dom.mjs";
import { readAnswers, shownAnswers } from "./fields.mjs";
import { KIND } from "./protocol.mjs";
import { shareHref } from "./share.mjs";
import { storedUtm } from "./storage.mjs";
import { track } from "./track.mjs";

/**
 * What the result needs of its form, handed over by form.mjs.
 * @typedef {object} ResultView
 * @property {HTMLElement} root the form's `[data-quiz]` element
 * @property {HTMLElement} box the result region
 * @property {HTMLFormElement} form the fields (answers are read from them)
 * @property {any} config the form's `data-quiz-config`
 * @property {string[]} asked the questions Python says are asked
 * @property {{ call: import("./client.mjs").Call }} client
 * @property {{ name: string, email: string }} contact kept by the form between results
 * @property {string} outcome the result's outcome (for the statistics' events)
 */

// Made on first use, not when the module loads: the first Intl.DateTimeFormat of a page
// loads its locale data, about 30 ms of main thread in the task that binds the form.
// form.mjs asks for it once the page is idle (prepareResult), so the first result is not
// slowed by it either.
let dateFormat = null;

function today() {
  dateFormat ??= new Intl.DateTimeFormat("nl-NL", { dateStyle: "long" });
  return dateFormat.format(new Date());
}

// Work for the first result that can be done ahead, while the visitor answers.
export function prepareResult() {
  today();
}

/**
 * @param {ResultView} form
 * @param {import("./protocol.mjs").Result} result a result with an outcome
 */
export async function renderResult(form, result) {
  const step = /** @type {import("./protocol.mjs").NextStep} */ (result.next_step);
  const outcomeId = /** @type {string} */ (result.outcome);
  const { outcomes } = form.config.labels;
  const outcome = outcomes[outcomeId] || { label: outcomeId, summary: "" };
  const date = today();
  const parts = [
    element("header", { class: "cf-result__head" }, [
      element("p", { class: "cf-result__eyebrow", text: `Je uitkomst · ${date}`, "data-quiz-date": "" }),
      element("h2", { class: "cf-result__title", "data-outcome": outcomeId, text: outcome.label }),
      element("p", { class: "cf-result__summary", text: outcome.summary }),
    ]),
    criteriaList(form, result),
    ...improvementsBlock(result),
    answersBlock(form),
    nextStepBlock(form, step),
    shareBlock(form),
    element("p", { class: "cf-result__contact", text: form.config.contact || "" }),
  ];
  form.box.replaceChildren(...parts);
  form.box.hidden = false;
  form.box.dataset.outcome = outcomeId;
  track("zelftest-uitkomst", { outcome: outcomeId });
  const newsletter = /** @type {HTMLElement | null} */ (form.root.querySelector("[data-quiz-newsletter]"));
  if (newsletter) newsletter.hidden = step.kind !== "articles";
  if (form.box.querySelector("[data-quiz-book]")) await refreshBooking(form);
}

// How a verdict shows; `asked: false` (the engine's) is a criterion decided by a question
// the visitor was never asked.
const VERDICTS = {
  met: { state: "met", mark: "✓", text: "voldaan" },
  unmet: { state: "unmet", mark: "✗", text: "niet voldaan" },
  unasked: { state: "unasked", mark: "–", text: "niet gevraagd" },
};

/**
 * @param {ResultView} form
 * @param {import("./protocol.mjs").Result} result
 */
function criteriaList(form, result) {
  const labels = form.config.labels.criteria;
  const list = element("ul", { class: "cf-result__criteria" });
  for (const [id, verdict] of Object.entries(result.criteria)) {
    const shown = VERDICTS[verdict.met ? "met" : verdict.asked === false ? "unasked" : "unmet"];
    list.append(element("li", { class: `cf-${shown.state}`, "data-criterion": id,
      "data-met": String(verdict.met), "data-state": shown.state }, [
      element("span", { class: "cf-result__mark", "aria-hidden": "true", text: shown.mark }),
      element("span", { class: "cf-result__criterion" }, [
        element("strong", { text: labels[id] || id }),
        element("span", { class: "cf-visually-hidden", text: ` (${shown.text})` }),
        element("span", { class: "cf-result__reason", text: verdict.reason }),
      ]),
    ]));
  }
  return list;
}

// "Wat zou je uitkomst veranderen?": the engine's improvements and, when no single change
// is enough, its combinations of changes, each with its sentence; nothing at the best outcome.
/** @param {import("./protocol.mjs").Result} result */
function improvementsBlock(result) {
  if (result.best) return [];
  const sentences = [...result.improvements, ...result.combinations].map((change) => change.text);
  const body = sentences.length
    ? element("ul", { class: "cf-result__improvements", "data-quiz-improvements": "" },
      sentences.map((text) => element("li", { text })))
    : element("p", { "data-quiz-improvements": "",
      text: "Ook met twee of drie andere antwoorden kom je niet op een andere uitkomst; daarvoor moet er meer veranderen." });
  return [element("section", { class: "cf-result__section cf-result__change" }, [
    element("h3", { text: "Wat zou je uitkomst veranderen?" }), body])];
}

/** @param {ResultView} form */
function answersBlock(form) {
  const list = element("dl", { class: "cf-result__answers" });
  for (const { question, answer } of answerSummary(form)) {
    list.append(element("div", {}, [element("dt", { text: question }), element("dd", { text: answer })]));
  }
  return element("section", { class: "cf-result__section cf-result__given" }, [
    element("h3", { text: "Je antwoorden" }), list]);
}

// The answers as the visitor gave them, to the questions Python says are asked (an answer
// left in a question that no longer applies does not count, so it is not shown either).
/** @param {ResultView} form */
function answerSummary(form) {
  return shownAnswers(form.form).filter(({ id, answer }) => answer && form.asked.includes(id));
}

/**
 * @param {ResultView} form
 * @param {import("./protocol.mjs").NextStep} step
 */
function nextStepBlock(form, step) {
  const parts = [element("h3", { text: step.title }), element("p", { text: step.text })];
  if (step.links.length) {
    const list = element("ul", { class: "cf-result__links" });
    const base = new URL(form.config.base, location.href);
    for (const link of step.links) {
      list.append(element("li", {}, [element("a", { href: new URL(link.url, base).href, text: link.label })]));
    }
    parts.push(list);
  }
  const action = step.kind === "booking" ? step.action : step.booking;
  if (action) parts.push(bookingBlock(form, action, step.kind === "booking"));
  if (form.config.newsletter && step.kind === "articles") {
    parts.push(element("p", { class: "cf-result__newsletter", "data-quiz-newsletter-hint": "",
      text: "Liever eerst tips in je inbox? Meld je hieronder aan voor onze nieuwsbrief." }));
  }
  return element("section", { class: "cf-result__section cf-result__next", "data-quiz-next": step.kind }, parts);
}

/** @param {ResultView} form */
function bookingBlock(form, action, primary) {
  const field = (key, label, type, autocomplete) => element("p", { class: "cf-contact__field" }, [
    element("label", { for: `cf-contact-${key}`, text: label }),
    element("input", { id: `cf-contact-${key}`, name: key, type, autocomplete,
      "aria-describedby": `cf-contact-${key}-error` }),
    element("span", { class: "cf-quiz__error", id: `cf-contact-${key}-error`, "data-contact-error": key }),
  ]);
  const calendar = form.config.booking.provider !== "email";
  const email = form.config.booking.email;
  const buttons = [element("a", { class: `md-button${primary ? " md-button--primary" : ""}`,
    "data-quiz-book": "", href: "#", text: action })];
  const parts = [
    element("p", { class: "cf-contact__intro", text: calendar
      ? "Vul eventueel je naam en e-mailadres in; dan staan ze al klaar in de afspraak."
      : "Vul eventueel je naam en e-mailadres in; de knop opent een e-mail aan ons met je antwoorden." }),
    field("name", "Naam (optioneel)", "text", "name"),
    field("email", "E-mailadres (optioneel)", "email", "email"),
  ];
  if (!calendar) {
    buttons.push(element("button", { type: "button", class: "md-button", "data-quiz-copy": "",
      text: "Kopieer je antwoorden" }), copiedMark());
  }
  parts.push(element("p", { class: "cf-result__buttons" }, buttons));
  if (!calendar) {
    parts.push(element("p", { class: "cf-result__mail" }, [
      document.createTextNode("Geen mailprogramma? Mail je antwoorden dan zelf naar "),
      element("strong", { "data-quiz-email": "", text: email }),
      document.createTextNode("."),
    ]));
  }
  const block = element("div", { class: `cf-result__booking${primary ? "" : " cf-result__booking--secondary"}` }, parts);
  for (const input of block.querySelectorAll("input")) {
    input.value = form.contact[input.name] || "";
    input.addEventListener("input", () => {
      form.contact[input.name] = input.value;
      refreshBooking(form);
    });
  }
  block.querySelector("[data-quiz-book]").addEventListener("click", () => {
    track("zelftest-afspraak", { outcome: form.outcome, provider: form.config.booking.provider });
  });
  const copyButton = block.querySelector("[data-quiz-copy]");
  copyButton?.addEventListener("click", () => {
    copy(form, copyButton, summaryText(form), "Gekopieerd: je antwoorden staan klaar om te plakken.");
  });
  return block;
}

/** @param {ResultView} form */
function shareBlock(form) {
  // A button, not a link to this page: following a link with the answers in its fragment
  // would apply them here as if someone else had sent them (a jump, a notice, a history entry).
  const url = shareHref(form.config.formHash, readAnswers(form.form));
  const button = element("button", { type: "button", class: "md-button", "data-quiz-share": "",
    "data-url": url, text: "Deel je uitkomst" });
  button.addEventListener("click", async () => {
    track("zelftest-delen", { outcome: form.outcome });
    if (navigator.share && matchMedia("(pointer: coarse)").matches) {
      try {
        await navigator.share({ title: document.title, url });
        return;
      } catch {
        // dismissed or not allowed: copy instead
      }
    }
    copy(form, button, url, "Gekopieerd: de link naar je uitkomst staat klaar om te plakken.");
  });
  const print = element("button", { type: "button", class: "md-button", "data-quiz-print": "",
    text: "Print je uitkomst" });
  print.addEventListener("click", () => {
    track("zelftest-print", { outcome: form.outcome });
    window.print();
  });
  return element("section", { class: "cf-result__section cf-result__share" }, [
    element("h3", { text: "Deel of bewaar je uitkomst" }),
    element("p", { text: "Beslis je niet alleen? Stuur de link naar wie meebeslist. Je antwoorden zitten in de link zelf en gaan niet langs onze server." }),
    element("p", { class: "cf-result__buttons" }, [button, copiedMark(), print]),
  ]);
}

// A plain-Dutch summary of the result on screen: outcome, criteria, answers, improvements.
/** @param {ResultView} form */
function summaryText(form) {
  const { box } = form;
  const lines = [
    `Uitkomst van de zelftest (${today()}): ${box.querySelector(".cf-result__title").textContent}`,
    box.querySelector(".cf-result__summary").textContent, "", "Kenmerken:",
  ];
  for (const item of /** @type {NodeListOf<HTMLElement>} */ (box.querySelectorAll("[data-criterion]"))) {
    const met = VERDICTS[item.dataset.state].text;
    lines.push(`- ${item.querySelector("strong").textContent} (${met}): ${item.querySelector(".cf-result__reason").textContent}`);
  }
  lines.push("", "Mijn antwoorden:");
  for (const { question, answer } of answerSummary(form)) lines.push(`- ${question} ${answer}`);
  const changes = [...box.querySelectorAll(".cf-result__improvements li")];
  if (changes.length) lines.push("", "Wat zou de uitkomst veranderen?", ...changes.map((li) => `- ${li.textContent}`));
  return lines.join("\n");
}

// "Gekopieerd" beside the button that copied, for the eye; screen readers hear the longer
// sentence of the status line (announce), so this mark itself is not read out.
function copiedMark() {
  return element("span", { class: "cf-result__copied", "data-quiz-copied": "", "aria-hidden": "true" });
}

/** @param {ResultView} form */
async function copy(form, button, text, done) {
  for (const mark of form.box.querySelectorAll("[data-quiz-copied]")) mark.textContent = "";
  const mark = button.nextElementSibling?.matches("[data-quiz-copied]") ? button.nextElementSibling : null;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // no clipboard access: select the text so that the visitor can copy it
    const area = element("textarea", { class: "cf-result__copy-area", readonly: "", "aria-label": "Tekst om te kopiëren" });
    area.value = text;
    form.box.querySelector(".cf-result__copy-area")?.remove();
    form.box.append(area);
    area.select();
    const copied = document.execCommand?.("copy");
    if (copied && mark) mark.textContent = "✓ Gekopieerd";
    announce(form, copied ? done : "Kopiëren lukte niet automatisch: de tekst is geselecteerd, kopieer hem met Ctrl+C of ⌘C.");
    return;
  }
  if (mark) mark.textContent = "✓ Gekopieerd";
  announce(form, done);
}

// Outside the result region, whose own live region would read the whole result again.
/** @param {ResultView} form */
function announce(form, text) {
  let region = form.root.querySelector("[data-quiz-announce]");
  if (!region) {
    region = element("p", { class: "cf-result__announce", role: "status", "data-quiz-announce": "" });
    form.box.after(region);
  }
  region.textContent = text;
}

/** @param {ResultView} form */
async function refreshBooking(form) {
  const { box } = form;
  const link = /** @type {HTMLAnchorElement | null} */ (box.querySelector("[data-quiz-book]"));
  if (!link) return;
  const reply = await form.client.call(KIND.BOOKING, {
    answers: readAnswers(form.form), config: form.config.booking, contact: form.contact, utm: storedUtm(),
  });
  for (const errorBox of /** @type {NodeListOf<HTMLElement>} */ (box.querySelectorAll("[data-contact-error]"))) {
    const error = reply.errors.find((e) => e.question === errorBox.dataset.contactError);
    errorBox.textContent = error ? error.message : "";
    const input = box.querySelector(`#cf-contact-${errorBox.dataset.contactError}`);
    if (error) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }
  if (reply.url) {
    link.href = reply.url;
    link.removeAttribute("aria-disabled");
  } else {
    link.removeAttribute("href");
    link.setAttribute("aria-disabled", "true");
  }
}
