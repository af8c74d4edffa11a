// The self-assessment's Python: Pyodide in a module worker, booted once per tab.
// It runs the same `quiz` package as the build and the tests, from the wheel the build made,
// and answers each request with the engine's JSON. No rule lives in JavaScript.

import { MESSAGE } from "./protocol.mjs";

/** @typedef {import("./protocol.mjs").FromWorker} FromWorker */
/** @typedef {import("./protocol.mjs").LeadsOpenMessage} LeadsOpenMessage */
/** @typedef {import("./protocol.mjs").LeadsExportMessage} LeadsExportMessage */

// The one entry point of the Python side (quiz/browser.py): handle(kind, jsonText) -> jsonText.
const entryPoint = (pyodide) => pyodide.pyimport("quiz.browser").handle;

let handle = null;
let python = null; // the Pyodide instance, for the lead page's calls with bytes
let note = ""; // why a wanted snapshot was not used, for diagnostics
const SNAPSHOT_TIMEOUT_MS = 8000;

// Boots Python; returns how: "snapshot", "lean" (no snapshot wanted) or "fallback"
// (a snapshot was wanted but missing, stale, broken or too slow).
async function boot({ assets, useSnapshot }) {
  // Nothing waits for what it does not need. The preflight runs beside the boot (it only
  // turns a boot that would never settle into an error). The runtime's large module starts
  // loading now: loadPyodide imports it only after a snapshot's bytes are in, and then gets
  // this load. Only the small module and the snapshot's cache lookup are awaited; then
  // loadPyodide starts fetching the wasm, also while a snapshot is still downloading.
  const checked = preflight(assets);
  checked.catch(() => {}); // awaited with each boot below
  import(assets.pyodide + "pyodide.asm.mjs").catch(() => {}); // loadPyodide reports failures
  const [{ loadPyodide }, snapshot] = await Promise.all([
    import(assets.pyodide + "pyodide.mjs"),
    snapshotSource(assets.snapshot, useSnapshot),
  ]);
  // The lock file comes inline with the page (no round trip before the wheel's download,
  // which starts during the runtime's startup); its URL only when a page lacks it.
  const lock = assets.lockFileContents
    ? { lockFileContents: assets.lockFileContents, packageBaseUrl: assets.packageBaseUrl }
    : { lockFileURL: assets.lockFile };
  const options = { indexURL: assets.pyodide, stdLibURL: assets.stdlib, ...lock };
  const load = async (more) => (await Promise.all([loadPyodide({ ...options, ...more }), checked]))[0];
  if (snapshot) {
    try {
      const pyodide = await restore(load, snapshot.bytes, assets.rulesHash);
      handle = entryPoint(pyodide);
      python = pyodide;
      snapshot.stored.then((outcome) => send({ type: MESSAGE.PREFETCHED, outcome }));
      return "snapshot";
    } catch (error) {
      note = `Pyodide-snapshot niet gebruikt: ${reason(error)}`;
      console.warn(note);
      await snapshot.stored;
      await forgetSnapshot(assets.snapshot);
    }
  }
  const pyodide = await load({
    packages: [assets.package],
    // loadPackage only logs its failures; importing quiz.browser is the real check.
    errorCallback: (message) => console.warn(message),
  });
  handle = entryPoint(pyodide);
  python = pyodide;
  return snapshot || useSnapshot ? "fallback" : "lean";
}

// loadPyodide does not settle when WebAssembly cannot start (it only logs), so the two
// usual causes are checked beside it: WebAssembly blocked, or the runtime file unreachable.
const EMPTY_WASM_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

async function preflight(assets) {
  try {
    new WebAssembly.Module(EMPTY_WASM_MODULE);
  } catch (error) {
    throw new Error(`WebAssembly is geblokkeerd: ${reason(error)}`, { cause: error });
  }
  const response = await fetch(assets.pyodide + "pyodide.asm.wasm", { method: "HEAD" });
  if (!response.ok) throw new Error(`pyodide.asm.wasm: HTTP ${response.status}`);
}

// Where a first visit leaves its mark (a cache of its own: the snapshot cache keeps one
// entry). The mark holds nothing but its own presence and never leaves the browser.
const VISITS = "closeforce-zelftest-bezoek";
const VISIT_MARK = new URL("bezocht", self.location.href).href;

// The snapshot to restore, as soon as it is known whether there is one: from this browser's
// cache after a first visit, downloaded when the page says it pays, otherwise none.
// `bytes` is a promise (the download may still run); `stored` says, once settled, whether
// the snapshot is in the cache for the next visit: "cached" (it came from there), "stored"
// (downloaded and written, beside the restore rather than before it) or why not. Its URL
// carries a hash of what it was made from (rules, runtime, build), so any other cached
// snapshot is stale and dropped.
const CACHE = "closeforce-zelftest";

async function snapshotSource(url, wanted) {
  if (!url) return null;
  let cache = null;
  try {
    cache = "caches" in self ? await caches.open(CACHE) : null;
    const cached = cache ? await cache.match(url) : undefined;
    if (cached && cached.ok) {
      return { bytes: bodyOf(cached).then(unpackSnapshot), stored: Promise.resolve("cached") };
    }
  } catch {
    cache = null; // no usable cache: download only when wanted
  }
  if (!wanted) return null;
  const download = fetch(url).then((response) => {
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return [response, cache && response.clone()];
  });
  // Only a response whose body fully arrived is stored (Cache.put rejects otherwise).
  const stored = download
    .then(async ([, copy]) => {
      if (!copy) return "no cache";
      await cache.put(url, copy);
      for (const key of await cache.keys()) if (key.url !== url) await cache.delete(key);
      return "stored";
    })
    .catch((error) => `failed: ${reason(error)}`);
  const bytes = download.then(([response]) => bodyOf(response)).then(unpackSnapshot);
  bytes.catch(() => {}); // a failed download is handled where the bytes are awaited
  return { bytes, stored };
}

async function bodyOf(response) {
  return new Uint8Array(await response.arrayBuffer());
}

// The memory image in a snapshot file, whose long runs of zeros the build left out
// (quiz_build/_assets.py, pack_snapshot): a header's length (4 bytes, little-endian), the
// header {"size": n, "holes": [[offset, length], ...]}, then the image without the holes.
function unpackSnapshot(file) {
  const length = new DataView(file.buffer, file.byteOffset, 4).getUint32(0, true);
  const { size, holes } = JSON.parse(new TextDecoder().decode(file.subarray(4, 4 + length)));
  const memory = new Uint8Array(size); // zeros
  let kept = 4 + length;
  let written = 0;
  for (const [offset, hole] of holes) {
    memory.set(file.subarray(kept, kept + offset - written), written);
    kept += offset - written;
    written = offset + hole;
  }
  memory.set(file.subarray(kept), written);
  return memory;
}

// After a lean boot, on a link the page did not find slow or metered: fetch the snapshot
// at low priority into the cache, so that the next visit restores it. Only a response
// whose body fully arrived is stored (a cut-off download leaves nothing), and snapshots of
// other builds are dropped once it is in.
async function prefetchSnapshot(url) {
  if (!url || !("caches" in self)) return "no cache";
  try {
    const cache = await caches.open(CACHE);
    if (await cache.match(url)) return "cached";
    if (!(await cacheIsKept())) return "not kept";
    const response = await fetch(url, { priority: "low" });
    if (!response.ok) return `HTTP ${response.status}`;
    const body = await response.arrayBuffer(); // rejects when the download breaks off
    const type = response.headers.get("content-type") || "application/octet-stream";
    await cache.put(url, new Response(body, { headers: { "content-type": type } }));
    for (const key of await cache.keys()) if (key.url !== url) await cache.delete(key);
    return "stored";
  } catch (error) {
    return `failed: ${reason(error)}`;
  }
}

// Whether this browser keeps its Cache Storage from one visit to the next, so that a snapshot
// stored now is there next time: yes where it says its storage is persistent; otherwise
// only once a mark left by an earlier visit is still there. A private window (Safari's, or
// WebKit's storage under automation) starts with an empty cache, so it never downloads the
// 16 MB that no later visit would find; a visitor who comes once downloads them neither.
// WebKitGTK has no navigator.storage at all.
async function cacheIsKept() {
  const visits = await caches.open(VISITS);
  if (await visits.match(VISIT_MARK)) return true;
  await visits.put(VISIT_MARK, new Response("1"));
  try {
    return Boolean(await navigator.storage?.persisted?.());
  } catch {
    return false;
  }
}

async function forgetSnapshot(url) {
  try {
    if ("caches" in self) await (await caches.open(CACHE)).delete(url);
  } catch {
    // nothing cached
  }
}

// Private Pyodide API (314): `_loadSnapshot`. Only here and in quiz_build/_snapshot.mjs.
// `bytes` may still be downloading: the time limit counts from their arrival.
async function restore(load, bytes, rulesHash) {
  let timer;
  const timeout = bytes.then(() => new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("te traag")), SNAPSHOT_TIMEOUT_MS);
  }));
  try {
    const pyodide = await Promise.race([load({ _loadSnapshot: bytes }), timeout]);
    const made = pyodide.globals.get("__quiz_rules_hash__");
    if (made !== rulesHash) throw new Error(`gemaakt voor andere regels (${made})`);
    return pyodide;
  } finally {
    clearTimeout(timer);
  }
}

// The lead page (/leadlijst/): the file's bytes go to Python as they are (the page read them
// with File.arrayBuffer() and handed them over; nothing leaves this worker), the download
// comes back as bytes (in the file's own encoding, which only Python writes).
/** @param {LeadsOpenMessage | LeadsExportMessage} data */
function leadList(data) {
  const leads = python.pyimport("quiz.leads_browser");
  try {
    if (data.type === MESSAGE.LEADS_OPEN) {
      const reply = leads.open_list(data.name, data.bytes, data.sheet ?? null);
      send({ type: MESSAGE.REPLY, id: data.id, payload: reply });
    } else {
      const bytes = leads.export_list(Boolean(data.excel));
      const array = bytes.toJs();
      bytes.destroy();
      send({ type: MESSAGE.REPLY, id: data.id, payload: array }, [array.buffer]);
    }
  } finally {
    leads.destroy();
  }
}

/** @param {unknown} error */
function reason(error) {
  return error instanceof Error ? error.message : String(error);
}

/**
 * @param {FromWorker} message
 * @param {Transferable[]} [transfer]
 */
function send(message, transfer = []) {
  self.postMessage(message, transfer);
}

let booting = null;

self.onmessage = async (/** @type {MessageEvent<import("./protocol.mjs").ToWorker>} */ { data }) => {
  if (data.type === MESSAGE.BOOT) {
    booting ??= boot(data);
    try {
      const path = await booting;
      send({ type: MESSAGE.READY, path, note });
    } catch (error) {
      send({ type: MESSAGE.FAILED, message: reason(error) });
    }
    return;
  }
  if (data.type === MESSAGE.PREFETCH) {
    send({ type: MESSAGE.PREFETCHED, outcome: await prefetchSnapshot(data.url) });
    return;
  }
  const lead = data.type === MESSAGE.LEADS_OPEN || data.type === MESSAGE.LEADS_EXPORT;
  if (data.type !== MESSAGE.REQUEST && !lead) return;
  try {
    await booting;
    if (lead) {
      leadList(data);
      return;
    }
    // Requests nested too deep for the WebAssembly stack are refused by handle itself.
    const result = handle(data.kind, data.payload);
    send({ type: MESSAGE.REPLY, id: data.id, payload: result });
  } catch (error) {
    send({ type: MESSAGE.REPLY, id: data.id, error: reason(error) });
  }
};
