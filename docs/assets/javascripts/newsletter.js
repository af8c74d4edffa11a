// Newsletter form: the browser's own validation (Constraint Validation API), with the
// messages in Dutch and repeated next to the form for screen readers.
document$.subscribe(function () {
  var messages = {
    email: {
      missing: "Vul je e-mailadres in.",
      invalid: "Dit is geen geldig e-mailadres. Controleer het, bijvoorbeeld naam@bedrijf.nl.",
    },
    consent: {
      missing: "Vink het vakje aan om toestemming te geven voor de nieuwsbrief.",
    },
  }

  function messageFor(field) {
    var kind = field.type === "checkbox" ? messages.consent : messages.email
    field.setCustomValidity("")
    if (field.validity.valueMissing) return kind.missing
    if (field.validity.typeMismatch || field.validity.patternMismatch) return kind.invalid
    return ""
  }

  /** @type {NodeListOf<HTMLFormElement>} */
  var forms = document.querySelectorAll("form[data-cf-newsletter]")
  forms.forEach(function (form) {
    if (form.dataset.cfBound) return
    form.dataset.cfBound = "true"
    var error = /** @type {HTMLElement} */ (form.querySelector(".cf-newsletter__error"))
    /** @type {NodeListOf<HTMLInputElement>} */
    var fields = form.querySelectorAll("input[type=email], input[type=checkbox][required]")

    function update(field) {
      field.setCustomValidity(messageFor(field))
      if (field.hasAttribute("aria-invalid") || field.validity.valid) {
        field.setAttribute("aria-invalid", String(!field.validity.valid))
      }
      if (field.validity.valid && error.dataset.field === field.name) {
        error.textContent = ""
      }
    }

    fields.forEach(function (field) {
      update(field)
      field.addEventListener("input", function () { update(field) })
      field.addEventListener("change", function () { update(field) })
      field.addEventListener("invalid", function () {
        update(field)
        field.setAttribute("aria-invalid", "true")
        // Several fields can be invalid at once: show the first one's message.
        if (!error.textContent || error.dataset.field === field.name) {
          error.textContent = field.validationMessage
          error.dataset.field = field.name
        }
      })
    })
  })
})
