// Build time only (run by quiz_build/_assets.py with Node): a memory snapshot of a Pyodide
// that has already imported and exercised the quiz, so the browser can skip most of the boot.
// Usage: node _snapshot.mjs <wheel> <output> <rules-hash> <warm-up.json> [<leads.json>]
// <warm-up.json> is a list of [kind, text] requests (quiz_build/_warm_up.py); each goes
// through quiz.browser.handle, the very function the page's worker calls.
// Also writes <output>.stdlib.json: the standard-library modules a normal boot that loads the
// wheel and runs the same warm-up imports (name in the stock zip: its .pyc, base64), from
// which the build makes its trimmed python_stdlib.zip. With <leads.json> (lead lists as
// [name, base64] pairs, quiz_build/_warm_up.py), also <output>.leads-stdlib.json: the same
// after the lean boot has also opened, judged and exported those lists as the lead page's
// worker does (its own trimmed stdlib; the self-assessment never loads csv, zipfile or xml).
//
// makeMemorySnapshot / _makeSnapshot are private Pyodide API (314): this file and the
// `restore` function in overrides/assets/quiz/worker.mjs are the only places that use them.
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheel, output, rulesHash, warmUp, leadsWarmUp] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(warmUp, "utf8"));

function warm(pyodide) {
  const browser = pyodide.pyimport("quiz.browser");
  const handle = browser.handle;
  for (const [kind, text] of requests) JSON.parse(handle(kind, text));
  handle.destroy();
  browser.destroy();
}

// The lead page's calls, as overrides/assets/quiz/worker.mjs makes them: the file's bytes
// as a Uint8Array, then the mapping, chunk by chunk, the values of each column, the downloads.
function warmLeads(pyodide, files) {
  const leads = pyodide.pyimport("quiz.leads_browser");
  const handle = pyodide.pyimport("quiz.browser").handle;
  for (const [name, base64] of files) {
    const opened = JSON.parse(leads.open_list(name, new Uint8Array(Buffer.from(base64, "base64"))));
    if (opened.errors.length) continue;
    for (const sheet of opened.sheets) leads.open_list(name, new Uint8Array(Buffer.from(base64, "base64")), sheet);
    JSON.parse(leads.open_list(name, new Uint8Array(Buffer.from(base64, "base64"))));
    for (const [question, column] of Object.entries(opened.proposal.columns)) {
      if (column) handle("leads-values", JSON.stringify({ question, column, values: {} }));
    }
    let reply = JSON.parse(handle("leads", JSON.stringify({ mapping: opened.proposal, count: 2 })));
    while (reply.done < reply.total) reply = JSON.parse(handle("leads", JSON.stringify({ count: 2 })));
    for (const excel of [true, false]) leads.export_list(excel).toJs();
  }
  handle.destroy();
  leads.destroy();
}

// The standard-library modules imported (frozen ones aside: the runtime has them built in),
// each compiled by the Python of the runtime itself (3.14, whose bytecode the build's Python
// cannot write) into a .pyc that is used without its source ("unchecked hash", PEP 552):
// a boot that imports compiled modules skips most of its CPU time. Compiled as `python -OO`
// (no docstrings or asserts, which the standard library supports), and without column
// positions (PYTHONNODEBUGRANGES, set below), which would make the files a third larger;
// line numbers stay.
const STDLIB_PYC = `
import base64
import json
import py_compile
import sys
import zipfile
from pathlib import Path

zip_path = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
names = sorted(
    module.__file__.removeprefix(zip_path)
    for module in list(sys.modules.values())
    if (getattr(module, "__file__", None) or "").startswith(zip_path)
    and getattr(module.__spec__, "origin", None) != "frozen"
)
scratch = Path("/tmp/stdlib-pyc")
compiled = {}
with zipfile.ZipFile(zip_path.rstrip("/")) as stdlib:
    for name in names:
        source = scratch / "src" / name
        source.parent.mkdir(parents=True, exist_ok=True)
        source.write_bytes(stdlib.read(name))
        target = scratch / "pyc" / (name + "c")
        py_compile.compile(
            str(source), cfile=str(target), dfile=zip_path + name, doraise=True, optimize=2,
            invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
        )
        compiled[name] = base64.b64encode(target.read_bytes()).decode()
json.dumps(compiled)
`;
// 1. The snapshot: the file system is not part of it, so everything evaluate and
//    booking_link will ever import is imported now, by running them on every kind of input.
//    The worker reads __quiz_rules_hash__ to tell a stale snapshot from a current one.
const pyodide = await loadPyodide({ _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
warm(pyodide);
pyodide.globals.set("__quiz_rules_hash__", rulesHash);
const gc = pyodide.pyimport("gc");
gc.collect();
gc.destroy();
writeFileSync(output, pyodide.makeMemorySnapshot());

// 2. What a normal (lean) boot imports: it loads the wheel as the browser does.
const lean = await loadPyodide({ env: { PYTHONNODEBUGRANGES: "1" } });
await lean.loadPackage(wheel, { errorCallback: (message) => { throw new Error(message); } });
warm(lean);
writeFileSync(`${output}.stdlib.json`, lean.runPython(STDLIB_PYC));
if (leadsWarmUp) {
  warmLeads(lean, JSON.parse(readFileSync(leadsWarmUp, "utf8")));
  writeFileSync(`${output}.leads-stdlib.json`, lean.runPython(STDLIB_PYC));
}
