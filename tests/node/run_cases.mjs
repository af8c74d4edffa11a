// Runs answer sets through the quiz wheel under Pyodide in Node (the runtime the browser
// uses, from node_modules), through quiz.browser.handle as the page's worker calls it.
// Usage: node run_cases.mjs <wheel> <cases.json>
// Prints a JSON list with the reply for each case, in order: "partial" for cases marked
// `"partial": true`, else "evaluate".
import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

const [wheel, cases] = process.argv.slice(2);
const pyodide = await loadPyodide();
pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel");
const handle = pyodide.pyimport("quiz.browser").handle;
const results = JSON.parse(readFileSync(cases, "utf8")).cases.map((item) =>
  JSON.parse(handle(item.partial ? "partial" : "evaluate", JSON.stringify(item.answers))),
);
process.stdout.write(JSON.stringify(results));
