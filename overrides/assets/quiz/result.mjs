// The result region of one form: renders what Python returned (outcome, criteria, next
// step) and keeps the booking link current. It never decides anything itself.

import { element } from "./dom.mjs";
import { storedUtm } from "./storage.mjs";

// `form` is the QuizForm: its config, resultBox, client, contact and answers().
export async function renderResult(form, result) {
  const step = result.next_step;
  const { criteria: criterionLabels, outcomes } = form.config.labels;
  const criteria = element("ul", { class: "cf-result__criteria" });
  for (const [id, verdict] of Object.entries(result.criteria)) {
    criteria.append(element("li", { class: verdict.met ? "cf-met" : "cf-unmet", "data-criterion": id,
      "data-met": String(verdict.met) }, [
      element("span", { class: "cf-result__mark", "aria-hidden": "true", text: verdict.met ? "✓" : "✗" }),
      element("strong", { text: criterionLabels[id] || id }),
      element("span", { class: "cf-visually-hidden", text: verdict.met ? " (voldaan)" : " (niet voldaan)" }),
      element("span", { text: ` — ${verdict.reason}` }),
    ]));
  }
  const outcome = outcomes[result.outcome] || { label: result.outcome, summary: "" };
  const parts = [
    element("h2", { class: "cf-result__title", "data-outcome": result.outcome, text: outcome.label }),
    element("p", { class: "cf-result__summary", text: outcome.summary }),
    criteria,
    element("h3", { text: step.title }),
    element("p", { text: step.text }),
  ];
  if (step.kind === "booking") parts.push(bookingBlock(form, step));
  if (step.links.length) {
    const list = element("ul", { class: "cf-result__links" });
    const base = new URL(form.config.base, location.href);
    for (const link of step.links) {
      list.append(element("li", {}, [element("a", { href: new URL(link.url, base).href, text: link.label })]));
    }
    parts.push(list);
  }
  form.resultBox.replaceChildren(...parts);
  form.resultBox.hidden = false;
  const newsletter = form.root.querySelector("[data-quiz-newsletter]");
  if (newsletter) newsletter.hidden = step.kind !== "articles";
  if (step.kind === "booking") await refreshBooking(form);
}

function bookingBlock(form, step) {
  const field = (key, label, type, autocomplete) => element("p", { class: "cf-contact__field" }, [
    element("label", { for: `cf-contact-${key}`, text: label }),
    element("input", { id: `cf-contact-${key}`, name: key, type, autocomplete,
      "aria-describedby": `cf-contact-${key}-error` }),
    element("span", { class: "cf-quiz__error", id: `cf-contact-${key}-error`, "data-contact-error": key }),
  ]);
  const block = element("div", { class: "cf-result__booking" }, [
    element("p", { class: "cf-contact__intro",
      text: "Vul eventueel je naam en e-mailadres in; dan staan ze al klaar in de afspraak." }),
    field("name", "Naam (optioneel)", "text", "name"),
    field("email", "E-mailadres (optioneel)", "email", "email"),
    element("p", {}, [element("a", { class: "md-button md-button--primary", "data-quiz-book": "",
      href: "#", text: step.action })]),
  ]);
  for (const input of block.querySelectorAll("input")) {
    input.value = form.contact[input.name] || "";
    input.addEventListener("input", () => {
      form.contact[input.name] = input.value;
      refreshBooking(form);
    });
  }
  return block;
}

async function refreshBooking(form) {
  const box = form.resultBox;
  const link = box.querySelector("[data-quiz-book]");
  if (!link) return;
  const reply = await form.client.call("booking", {
    answers: form.answers(), config: form.config.booking, contact: form.contact, utm: storedUtm(),
  });
  for (const errorBox of box.querySelectorAll("[data-contact-error]")) {
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
