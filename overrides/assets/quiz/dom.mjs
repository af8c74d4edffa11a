// Small page helpers: building elements from plain values (text always goes in as text,
// never as HTML), and running work once the page is idle.

export function element(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  node.append(...children);
  return node;
}

// Text that is assigned only when it changes: assigning the same text still replaces the
// node's children, and WebKit drops the click on a button whose content was replaced
// between press and release.
export function setText(node, text) {
  if (node.textContent !== text) node.textContent = text;
}

// `work` once the browser is idle, at the latest after five seconds (a second's delay where
// requestIdleCallback is missing).
export function whenIdle(work) {
  if (self.requestIdleCallback) requestIdleCallback(work, { timeout: 5000 });
  else setTimeout(work, 1000);
}
