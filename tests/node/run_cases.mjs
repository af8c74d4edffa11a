// Runs answer sets through the quiz wheel under Pyodide in Node (the runtime the browser
// uses, from node_modules). Usage: node run_cases.mjs <wheel> <cases.json>
// Prints a JSON list with quiz.evaluate's result for each case, in order.
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheel, cases] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
const run = pyodide.runPython(`
import json
import quiz

def run(text):
    cases = json.loads(text)["cases"]
    return json.dumps([quiz.evaluate(c["answers"], partial=c.get("partial", False)) for c in cases])

run
`);
process.stdout.write(run(readFileSync(cases, "utf8")));
