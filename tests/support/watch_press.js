// Records in `window.__duringPress` what changes in the self-assessment between a pointer's
// press and its release: nothing may (a control replaced or moved under a pressed pointer
// loses the click; WebKit drops it when the button's text is replaced). The theme's
// focus-visible class, which leaves the field the press blurs, moves nothing.
// Run as a function expression: `(<this file>)()`.
() => {
  const root = document.querySelector("[data-quiz]");
  window.__duringPress = [];
  let pressed = false;
  const classes = (text) => (text || "").split(/\s+/).filter((c) => c && c !== "focus-visible")
    .join(" ");
  const seen = (records) => {
    if (!pressed) return;
    for (const r of records) {
      const now = r.attributeName && r.target.getAttribute(r.attributeName);
      if (r.type === "attributes" && !["hidden", "class", "style"].includes(r.attributeName)) continue;
      if (r.attributeName === "class" && classes(r.oldValue) === classes(now)) continue;
      window.__duringPress.push(`${r.type} ${r.attributeName || ""} on ${r.target.nodeName}: ${r.oldValue} -> ${now}`);
    }
  };
  const observer = new MutationObserver(seen);
  observer.observe(root, { subtree: true, childList: true, characterData: true, attributes: true,
    attributeOldValue: true });
  addEventListener("pointerdown", () => { pressed = true; }, true);
  addEventListener("pointerup", () => { seen(observer.takeRecords()); pressed = false; }, true);
}
