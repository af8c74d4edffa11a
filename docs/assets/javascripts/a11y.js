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

// A skip link ("Ga naar inhoud", "Direct naar de vragen") moves the focus itself instead of
// jumping to its anchor: the theme's instant navigation answers such a jump with jumps of its
// own, which took the focus back to the anchor after the visitor had pressed Tab on (and each
// jump left an entry in the history).
document.addEventListener("click", function (event) {
  var link = event.target instanceof Element && event.target.closest("a.md-skip, a[data-skip]")
  var target = link instanceof HTMLAnchorElement &&
    document.getElementById(decodeURIComponent(link.hash.slice(1)))
  if (!target) return
  event.preventDefault()
  target.focus({ preventScroll: true })
  target.scrollIntoView({ block: "start", behavior: "instant" })
}, true)
