// What the browser says about the link decides how much the self-assessment downloads,
// and when: the snapshot or the lean boot (client.mjs), the snapshot for the next visit,
// and Python's files fetched with the page (start.mjs). No imports: start.mjs runs it
// before anything else loads.

// The memory snapshot makes Python ready in about a second but roughly doubles the
// download. Measured with throttling (benchmarks/README.md): at 9 Mbit/s the lean boot is
// already ready sooner, and on 3G by far; the snapshot only pays on connections faster
// than Chrome will say (its `downlink` estimate stops at 10 Mbit/s). Browsers that report
// nothing get the lean boot, which also keeps the download small. A snapshot this browser
// has already cached is used either way (in the worker).
export function snapshotPays() {
  const connection = navigator.connection;
  if (!connection || connection.saveData) return false;
  return connection.effectiveType === "4g" && connection.downlink >= 10;
}

// After a lean boot the worker downloads the snapshot at low priority for the next visit,
// unless the browser says the link is slow or metered. Browsers that report nothing
// (Firefox, Safari on the desktop) are mostly on fixed lines: they get it too.
export function prefetchAllowed() {
  const connection = navigator.connection;
  if (!connection) return true;
  return !connection.saveData && !["slow-2g", "2g", "3g"].includes(connection.effectiveType);
}

// Python's largest files (the runtime's wasm and large module, the trimmed stdlib; the
// snapshot too when it will be restored) start downloading while the page renders, instead
// of after the chain of modules that starts the worker (client, dom, worker, pyodide):
// seconds sooner on a 4G phone (benchmarks/README.md). The worker finds them in the HTTP
// cache (their URLs never change). Low priority but the snapshot, so after what the page
// needs to render. Not on a link the browser reports slow or metered, where the page's
// first render goes first (on 3G preloading cost the largest paint about half a second).
export function preloadRuntime(config) {
  if (!prefetchAllowed() || !Array.isArray(config.preload)) return;
  const base = new URL(config.base, location.href);
  const files = config.preload.map((path) => [path, "low"]);
  if (snapshotPays() && config.assets.snapshot) files.push([config.assets.snapshot, "high"]);
  for (const [path, priority] of files) {
    const link = document.createElement("link");
    link.rel = "preload";
    link.as = "fetch";
    link.crossOrigin = "anonymous";
    link.fetchPriority = priority;
    link.href = new URL(path, base).href;
    link.dataset.quizPreload = "";
    document.head.append(link);
  }
}
