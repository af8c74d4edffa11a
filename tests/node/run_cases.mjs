// Runs answer sets through the quiz wheel under Pyodide in Node (the runtime the browser
// uses, from node_modules), through quiz.browser.handle as the page's worker calls it.
// Usage: node run_cases.mjs <wheel> <cases.json> [<python_stdlib.zip>]
// Prints {"results": [...], "fromSource": [...]}: the reply for each case, in order
// ("partial" for cases marked `"partial": true`, else "evaluate"), and the standard-library
// modules that were imported from source (compiled at boot) rather than from a .pyc.
// With a stdlib zip (the site's trimmed one), Python boots on it instead of the stock one.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheel, cases, stdlib] = process.argv.slice(2);
const pyodide = await loadPyodide(stdlib ? { stdLibURL: stdlib } : {});
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
const handle = pyodide.pyimport("quiz.browser").handle;
const results = JSON.parse(readFileSync(cases, "utf8")).cases.map((item) =>
  JSON.parse(handle(item.partial ? "partial" : "evaluate", JSON.stringify(item.answers))),
);
const fromSource = pyodide.runPython(`
import sys
stdlib = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
sorted(name for name, module in list(sys.modules.items())
       if (getattr(module, "__file__", None) or "").startswith(stdlib)
       and getattr(module.__spec__, "origin", None) != "frozen"
       and not module.__file__.endswith(".pyc"))
`).toJs();
process.stdout.write(JSON.stringify({ results, fromSource }));
