// The self-assessment's Python: Pyodide in a module worker, booted once per tab.
// It runs the same `quiz` package as the build and the tests, from the wheel the build made,
// and answers each request with the engine's JSON. No rule lives in JavaScript.

const GLUE = `
import json
import quiz

def handle(kind, text):
    request = json.loads(text)
    if kind == "evaluate":
        return json.dumps(quiz.evaluate(request), ensure_ascii=False)
    if kind == "booking":
        return json.dumps(
            quiz.booking_link(request.get("answers"), request.get("config"),
                              contact=request.get("contact"), utm=request.get("utm")),
            ensure_ascii=False,
        )
    raise ValueError(kind)

handle
`;

let handle = null;

async function boot({ assets }) {
  const { loadPyodide } = await import(assets.pyodide + "pyodide.mjs");
  const pyodide = await loadPyodide({
    indexURL: assets.pyodide,
    lockFileURL: assets.lockFile,
    packages: [assets.package],
    // loadPackage only logs its failures; the import below is the real check.
    errorCallback: (message) => console.warn(message),
  });
  handle = pyodide.runPython(GLUE);
}

let booting = null;

self.onmessage = async ({ data }) => {
  if (data.type === "boot") {
    booting ??= boot(data);
    try {
      await booting;
      self.postMessage({ type: "ready" });
    } catch (error) {
      self.postMessage({ type: "failed", message: String(error && error.message || error) });
    }
    return;
  }
  try {
    await booting;
    const result = handle(data.type, data.payload);
    self.postMessage({ type: "reply", id: data.id, payload: result });
  } catch (error) {
    self.postMessage({ type: "reply", id: data.id, error: String(error && error.message || error) });
  }
};
