// Build time only (run by quiz/_build.py with Node): a memory snapshot of a Pyodide that
// has already imported and exercised the quiz, so the browser can skip most of the boot.
// Usage: node _snapshot.mjs <wheel> <output> <rules-hash> <warm-up.json>
//
// makeMemorySnapshot / _makeSnapshot are private Pyodide API (314): this file and the
// `restore` function in overrides/assets/quiz/worker.mjs are the only places that use them.
import { readFileSync, writeFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheel, output, rulesHash, warmUp] = process.argv.slice(2);
const pyodide = await loadPyodide({ _makeSnapshot: true });
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
// The file system is not part of the snapshot: everything evaluate and booking_link will
// ever import has to be imported now, which running them on every kind of input does.
const warm = pyodide.runPython(`
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
`);
warm(readFileSync(warmUp, "utf8"), rulesHash);
warm.destroy();
writeFileSync(output, pyodide.makeMemorySnapshot());
