// Accessible names that Material's templates leave out, found by axe (rules
// aria-dialog-name and landmark-unique): set here instead of copying whole templates.
document$.subscribe(function () {
  function label(selector, text) {
    document.querySelectorAll(selector).forEach(function (element) {
      if (!element.hasAttribute("aria-label")) element.setAttribute("aria-label", text)
    })
  }
  label(".md-search[role=dialog]", "Zoeken")
  label(".md-pagination", "Paginanummers")

  // A section with an index page (navigation.indexes) is labelled by its toggle, which
  // holds only an icon: name it after the section's title instead.
  document.querySelectorAll("nav.md-nav[aria-labelledby]").forEach(function (nav) {
    var toggle = document.getElementById(nav.getAttribute("aria-labelledby"))
    var title = nav.querySelector(":scope > .md-nav__title")
    if (toggle && !toggle.textContent.trim() && title) {
      nav.removeAttribute("aria-labelledby")
      nav.setAttribute("aria-label", title.textContent.trim())
    }
  })
})
