// Build time only (run by quiz_build/_assets.py with Node): a memory snapshot of a Pyodide
// that has already imported and exercised the quiz, so the browser can skip most of the boot.
// Usage: node _snapshot.mjs <wheel> <output> <rules-hash> <warm-up.json>
// <warm-up.json> is a list of [kind, text] requests (quiz_build/_warm_up.py); each goes
// through quiz.browser.handle, the very function the page's worker calls.
// Also writes <output>.stdlib.json: the standard-library files a normal boot that loads the
// wheel and runs the same warm-up imports (name: source without docstrings), from which the
// build makes its trimmed python_stdlib.zip.
//
// makeMemorySnapshot / _makeSnapshot are private Pyodide API (314): this file and the
// `restore` function in overrides/assets/quiz/worker.mjs are the only places that use them.
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheel, output, rulesHash, warmUp] = process.argv.slice(2);
const requests = JSON.parse(readFileSync(warmUp, "utf8"));

function warm(pyodide) {
  const browser = pyodide.pyimport("quiz.browser");
  const handle = browser.handle;
  for (const [kind, text] of requests) JSON.parse(handle(kind, text));
  handle.destroy();
  browser.destroy();
}

// The standard-library files imported, each without its docstrings and comments (what
// \`python -OO\` drops too, which the standard library supports): parsed and written back
// by the Python of the runtime itself (3.14), whose syntax the build's Python may not know.
const STDLIB_FILES = `
import ast
import json
import sys
import zipfile

zip_path = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
DOC_HOLDERS = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)


def without_docstrings(source):
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None) if isinstance(node, DOC_HOLDERS) else None
        first = body[0] if body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \\
                and isinstance(first.value.value, str):
            body[0:1] = [] if len(body) > 1 else [ast.Pass()]
    return ast.unparse(tree) + "\\n"


names = sorted(
    module.__file__.removeprefix(zip_path)
    for module in list(sys.modules.values())
    if (getattr(module, "__file__", None) or "").startswith(zip_path)
)
with zipfile.ZipFile(zip_path.rstrip("/")) as stdlib:
    sources = {name: without_docstrings(stdlib.read(name).decode("utf-8")) for name in names}
json.dumps(sources)
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
const lean = await loadPyodide();
await lean.loadPackage(wheel, { errorCallback: (message) => { throw new Error(message); } });
warm(lean);
writeFileSync(`${output}.stdlib.json`, lean.runPython(STDLIB_FILES));
