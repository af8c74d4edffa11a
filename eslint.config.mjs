// ESLint for the project's JavaScript (`make lint`): the recommended rules, plus a few that
// catch what review missed before. Types are checked by tsc (tsconfig*.json), not here.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["node_modules/", "site/", "build/", ".cache/", ".venv/"] },
  js.configs.recommended,
  {
    files: ["**/*.mjs", "**/*.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: globals.browser },
    rules: {
      eqeqeq: ["error", "always"],
      "no-var": "error",
      "prefer-const": "error",
      "no-unused-vars": ["error", { caughtErrors: "none" }],
    },
  },
  {
    // Classic scripts beside Material's (written in its style, with var), on the theme's
    // document$ observable.
    files: ["docs/assets/javascripts/*.js"],
    languageOptions: { sourceType: "script", globals: { ...globals.browser, document$: "readonly" } },
    rules: { "no-var": "off" },
  },
  {
    files: ["overrides/assets/quiz/worker.mjs"],
    languageOptions: { globals: globals.worker },
  },
  {
    files: ["quiz_build/*.mjs", "tests/node/*.mjs", "eslint.config.mjs"],
    languageOptions: { globals: globals.node },
  },
  {
    // Scripts the tests put into pages.
    files: ["tests/**/*.js"],
    languageOptions: { sourceType: "script", globals: globals.browser },
  },
];
