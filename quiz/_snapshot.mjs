// Build time only (run by quiz/_build.py with Node): a memory snapshot of a Pyodide that
// has already imported and exercised the quiz, so the browser can skip most of the boot.
// Usage: node _snapshot.mjs <wheel> <output> <rules-hash> <warm-up.json>
// Also writes <output>.stdlib.json: the standard-library files a normal boot that loads the
// wheel and runs the same warm-up imports, from which the build trims python_stdlib.zip.
//
// makeMemorySnapshot / _makeSnapshot are private Pyodide API (314): this file and the
// `restore` function in overrides/assets/quiz/worker.mjs are the only places that use them.
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheel, output, rulesHash, warmUp] = process.argv.slice(2);
const WARM_UP = `
import gc
import json
import quiz

def warm(text, rules_hash):
    work = json.loads(text)
    for answers in work["answers"]:
        quiz.evaluate(answers)
        for config in work["booking"]:
            quiz.booking_link(answers, config, contact=work["contact"], utm=work["utm"])
    globals()["__quiz_rules_hash__"] = rules_hash
    gc.collect()

warm
`;
const STDLIB_FILES = `
import json
import sys

zip_path = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip/"
json.dumps(sorted(
    module.__file__.removeprefix(zip_path)
    for module in list(sys.modules.values())
    if (getattr(module, "__file__", None) or "").startswith(zip_path)
))
`;
const bytes = new Uint8Array(readFileSync(wheel));
const work = readFileSync(warmUp, "utf8");

// 1. The snapshot: the file system is not part of it, so everything evaluate and
//    booking_link will ever import is imported now, by running them on every kind of input.
const pyodide = await loadPyodide({ _makeSnapshot: true });
pyodide.unpackArchive(bytes, "wheel");
const warm = pyodide.runPython(WARM_UP);
warm(work, rulesHash);
warm.destroy();
writeFileSync(output, pyodide.makeMemorySnapshot());

// 2. What a normal (lean) boot imports: it loads the wheel as the browser does.
const lean = await loadPyodide();
await lean.loadPackage(wheel, { errorCallback: (message) => { throw new Error(message); } });
lean.runPython(WARM_UP)(work, rulesHash);
writeFileSync(`${output}.stdlib.json`, lean.runPython(STDLIB_FILES));
