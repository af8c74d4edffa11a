// The lead list (/leadlijst/): a marketer's CSV or .xlsx, read in this page with
// File.arrayBuffer() and handed to the page's own worker, where the self-assessment's Python
// reads it, proposes the mapping, judges it chunk by chunk and writes the download. This
// module only shows what Python replied: it decides no verdict, reads no cell and counts
// nothing itself. Nothing of the list is sent; the column mapping is kept (in localStorage,
// per set of column names), the list itself only if the marketer asks (keep.mjs).

import { connectLeads } from "./client.mjs";
import { element, setText } from "./dom.mjs";
import { KeepControl } from "./keep.mjs";
import { KIND, MESSAGE } from "./protocol.mjs";

const CHUNK = 500; // rows per message: each reply is parsed and shown well within 50 ms
const PAGE_SIZE = 25; // rows per page: a page is laid out well within a frame
const STORAGE_KEY = "closeforce.leadlijst";
const STORED_MAPPINGS = 20;
const SHOWN_VALUES = 12;
const count = new Intl.NumberFormat("nl-NL");
const collator = new Intl.Collator("nl", { numeric: true, sensitivity: "base" });
const STATUS = { true: "voldaan", false: "niet voldaan", null: "open" };

export function bindLeads() {
  for (const root of /** @type {NodeListOf<HTMLElement>} */ (document.querySelectorAll("[data-leads]"))) {
    if (root.dataset.leadsBound) continue;
    root.dataset.leadsBound = "1";
    try {
      new LeadPage(root);
    } catch (error) {
      const shown = /** @type {HTMLElement | null} */ (root.querySelector("[data-leads-error]"));
      if (shown) {
        shown.textContent = "Deze pagina kon niet worden gestart. Herlaad de pagina.";
        shown.hidden = false;
      }
      console.error(error);
    }
  }
}

class LeadPage {
  /** @type {import("./protocol.mjs").LeadRow[]} */
  rows = []; // judged rows, as Python sent them: {line, cells, outcome, criteria, ask, errors}
  /** @type {import("./protocol.mjs").LeadSummary | null} */
  summary = null;
  /** @type {import("./protocol.mjs").LeadsOpened | null} */
  described = null; // Python's description of the open file
  file = null;
  sheet = null;
  running = false;
  #run = 0;
  #cancelled = false;
  #sort = { key: "line", descending: false };
  #filter = "";
  #page = 0;
  #view = null; // the rows after filter and sort, made when they are needed
  #frame = 0; // the animation frame that shows what came in since the last one
  #complete = false; // whether the list is judged to the end (the downloads may start)
  #shown = []; // the rows in the table's body now
  #shownSummary = null;

  constructor(root) {
    this.root = root;
    this.config = JSON.parse(root.dataset.leadsConfig);
    this.outcomes = new Map(this.config.outcomes.map((o) => [o.id, o.label]));
    this.questions = new Map(this.config.questions.map((q) => [q.id, q.label]));
    this.types = new Map(this.config.questions.map((q) => [q.id, q.type]));
    this.options = new Map(this.config.questions.map((q) => [q.id, q.options ?? []]));
    /** @type {Record<string, Record<string, any>>} question -> normalised cell text -> the answer the marketer chose (null: unknown) */
    this.chosenValues = {};
    this.client = connectLeads(this.config);
    this.client.listen({ onReady: () => this.#ready(), onFailed: () => this.#failed() });
    const q = (selector) => root.querySelector(selector);
    this.el = {
      file: q("[data-leads-file]"),
      drop: q("[data-leads-drop]"),
      status: q("[data-leads-status]"),
      error: q("[data-leads-error]"),
      tooLarge: q("[data-leads-too-large]"),
      mapping: q("[data-leads-mapping]"),
      fileInfo: q("[data-leads-file-info]"),
      sheet: q("[data-leads-sheet]"),
      sheetSelect: q("[data-leads-sheet-select]"),
      run: q("[data-leads-run]"),
      cancel: q("[data-leads-cancel]"),
      progress: q("[data-leads-progress]"),
      progressBar: q("[data-leads-progress-bar]"),
      progressText: q("[data-leads-progress-text]"),
      results: q("[data-leads-results]"),
      summary: q("[data-leads-summary]"),
      filter: q("[data-leads-filter]"),
      head: q("[data-leads-head]"),
      body: q("[data-leads-body]"),
      table: q("[data-leads-table]"),
      pager: q("[data-leads-pager]"),
    };
    this.keep = new KeepControl(
      { box: q("[data-leads-keep]"), forget: q("[data-leads-forget]"), status: q("[data-leads-keep-status]") },
      () => (this.file ? { file: this.file, sheet: this.sheet } : null),
    );
    this.#wire();
    const page = this;
    const restored = this.#restore();
    // For tests and integrations: what the page shows, as Python sent it.
    window.leadList = {
      get ready() { return page.client.ready; },
      get rows() { return page.rows; },
      get summary() { return page.summary; },
      get described() { return page.described; },
      get running() { return page.running; },
      restored, // whether a kept list was opened and judged again
    };
    if (!this.client.boot) setText(this.el.status, "De beoordeling wordt geladen; je kunt alvast een bestand kiezen.");
  }

  #wire() {
    const { el } = this;
    el.file.addEventListener("change", () => {
      if (el.file.files.length) this.open(el.file.files[0]);
    });
    for (const type of ["dragenter", "dragover"]) {
      this.root.addEventListener(type, (event) => {
        event.preventDefault();
        el.drop.classList.add("cf-leads__drop--over");
      });
    }
    this.root.addEventListener("dragleave", (event) => {
      if (!this.root.contains(event.relatedTarget)) el.drop.classList.remove("cf-leads__drop--over");
    });
    this.root.addEventListener("drop", (event) => {
      event.preventDefault();
      el.drop.classList.remove("cf-leads__drop--over");
      const [file] = event.dataTransfer?.files ?? [];
      if (file) this.open(file);
    });
    el.sheetSelect.addEventListener("change", () => this.open(this.file, el.sheetSelect.value));
    for (const select of this.root.querySelectorAll("[data-leads-column]")) {
      select.addEventListener("change", () => this.#columnChosen(select.dataset.leadsColumn, select.value));
    }
    el.run.addEventListener("click", () => this.judge());
    el.cancel.addEventListener("click", () => {
      this.#cancelled = true;
    });
    el.filter.addEventListener("change", () => {
      this.#filter = el.filter.value;
      this.#page = 0;
      this.#view = null;
      this.#renderTable();
    });
    for (const button of this.root.querySelectorAll("[data-leads-download]")) {
      button.addEventListener("click", () => this.download(button.dataset.leadsDownload === "excel"));
    }
  }

  // A list kept for a reload (only when the marketer asked for it) is opened and judged again.
  async #restore() {
    const kept = await this.keep.restore();
    if (!kept || this.file) return false; // a file chosen meanwhile goes first
    await this.open(kept.file, kept.sheet, { kept: true });
    if (this.file !== kept.file) return false;
    await this.judge();
    return true;
  }

  #ready() {
    if (!this.described) setText(this.el.status, "");
  }

  #failed() {
    this.#error("De beoordeling kon in deze browser niet worden gestart. Probeer het met een recente versie van Chrome, Edge, Firefox of Safari.");
  }

  // --- The file ------------------------------------------------------------------------

  async open(file, sheet = null, { kept = false } = {}) {
    this.#clearError();
    if (file.size > this.config.maxBytes) {
      this.#error(this.el.tooLarge.content.textContent.trim());
      return;
    }
    setText(this.el.status, this.client.boot ? `${file.name} wordt gelezen…` : `${file.name} wordt gelezen zodra de beoordeling geladen is…`);
    let reply;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      reply = await this.client.send(MESSAGE.LEADS_OPEN, { name: file.name, bytes, sheet }, [bytes.buffer]);
    } catch (error) {
      this.#error("Het bestand kon niet worden gelezen. Kies het opnieuw.");
      console.error(error);
      return;
    }
    if (reply.errors.length) {
      this.#error(reply.errors.map((e) => e.message).join(" "));
      setText(this.el.status, "");
      return;
    }
    this.#run++; // a run on the previous list stops
    this.#forget();
    this.running = false;
    this.file = file;
    this.sheet = sheet;
    this.described = reply;
    this.rows = [];
    this.summary = null;
    this.el.results.hidden = true;
    this.el.progress.hidden = true;
    this.#showMapping(reply, file.name);
    setText(this.el.status, `${file.name}: ${count.format(reply.rows)} leads gelezen. Controleer de koppeling en kies "Beoordeel de leads".`);
    if (!kept) this.keep.opened({ file, sheet });
  }

  #showMapping(described, name) {
    const { el } = this;
    const format = described.kind === "xlsx"
      ? `Excel-werkmap, werkblad "${described.sheet}"`
      : `CSV, gescheiden door ${described.separator_name}, tekenset ${described.encoding_name}`;
    setText(el.fileInfo, `${name}: ${format}; ${count.format(described.rows)} leads en ${count.format(described.headers.length)} kolommen.`);
    el.sheet.hidden = described.sheets.length < 2;
    el.sheetSelect.replaceChildren(...described.sheets.map((sheet) =>
      element("option", sheet === described.sheet ? { value: sheet, selected: "" } : { value: sheet }, [sheet])));
    const remembered = loadMapping(described.headers);
    const columns = { ...described.proposal.columns };
    this.chosenValues = {};
    if (remembered) {
      for (const [question, header] of Object.entries(remembered.columns)) {
        if (this.questions.has(question) && (header === null || described.headers.includes(header))) columns[question] = header;
      }
      for (const [question, chosen] of Object.entries(remembered.values)) {
        if (this.questions.has(question) && chosen && typeof chosen === "object") this.chosenValues[question] = { ...chosen };
      }
    }
    for (const select of this.root.querySelectorAll("[data-leads-column]")) {
      const question = select.dataset.leadsColumn;
      const chosen = columns[question] ?? "";
      select.replaceChildren(
        element("option", { value: "" }, ["niet in de lijst"]),
        ...described.headers.map((header) => element("option", header === chosen ? { value: header, selected: "" } : { value: header }, [header])),
      );
      select.value = chosen;
      const own = Object.keys(this.chosenValues[question] ?? {}).length > 0;
      const summary = !own && (!remembered || chosen === described.proposal.columns[question]) ? described.values[question] : null;
      if (summary || !chosen) this.#showValues(question, chosen, summary);
      else this.#columnChosen(question, chosen, { save: false });
    }
    el.run.textContent = `Beoordeel ${count.format(described.rows)} leads`;
    el.run.disabled = false;
    el.mapping.hidden = false;
    if (remembered) setText(el.status, "We gebruiken de koppeling die je eerder voor deze kolommen koos.");
  }

  // What Python judges by: the column per question and, per mapped column, the cell texts
  // the marketer mapped by hand (Python checks and applies them; this page only passes them on).
  /** @returns {import("./protocol.mjs").LeadMapping} */
  mapping() {
    /** @type {Record<string, string | null>} */
    const columns = {};
    /** @type {Record<string, import("./protocol.mjs").ChosenValues>} */
    const values = {};
    for (const select of this.root.querySelectorAll("[data-leads-column]")) {
      const question = select.dataset.leadsColumn;
      columns[question] = select.value || null;
      const chosen = this.chosenValues[question];
      if (select.value && chosen && Object.keys(chosen).length) values[question] = chosen;
    }
    return { columns, values };
  }

  #save() {
    const { columns, values } = this.mapping();
    saveMapping(this.described.headers, columns, values);
  }

  async #columnChosen(question, header, { save = true } = {}) {
    if (save) {
      delete this.chosenValues[question]; // texts chosen for another column mean nothing here
      this.#save();
    }
    if (!header) {
      this.#showValues(question, "", null);
      return;
    }
    await this.#askValues(question, header);
  }

  // One cell text mapped by hand: an answer as JSON text, "null" for unknown.
  async #valueChosen(question, key, json) {
    const header = this.mapping().columns[question];
    if (!header) return;
    this.chosenValues[question] = { ...this.chosenValues[question], [key]: JSON.parse(json) };
    this.#save();
    await this.#askValues(question, header);
  }

  async #askValues(question, header) {
    const values = this.chosenValues[question];
    const request = values && Object.keys(values).length ? { question, column: header, values } : { question, column: header };
    const reply = await this.client.call(KIND.LEADS_VALUES, request);
    if (header !== this.mapping().columns[question]) return; // another column was chosen since
    if (reply.errors.length) this.#error(reply.errors[0].message);
    else this.#showValues(question, header, reply);
  }

  // How Python read the column's cells: the answers, and the values it did not recognise.
  #showValues(question, header, summary) {
    const cell = this.root.querySelector(`[data-leads-values="${question}"]`);
    if (!header || !summary) {
      cell.replaceChildren(element("span", { class: "cf-leads__muted", text: "Blijft per lead open." }));
      return;
    }
    const parts = [`${count.format(summary.answered)} met een antwoord`];
    if (summary.blank) parts.push(`${count.format(summary.blank)} leeg`);
    if (summary.unreadable) parts.push(`${count.format(summary.unreadable)} niet herkend`);
    const list = element("ul", { class: "cf-leads__value-list" });
    // A number column lists only what was not read (each number is its own value).
    const numbers = this.types.get(question) === "number";
    const values = [...summary.values]
      .filter((value) => !numbers || value.problem)
      .sort((a, b) => Number(!a.problem) - Number(!b.problem));
    // The line names the text and how often it occurs; its select says what the text means
    // (a number column has none: it lists only what was not read).
    values.slice(0, SHOWN_VALUES).forEach((value, index) => {
      const times = `(${count.format(value.count)}×)`;
      const text = value.problem ? `“${value.cell}”: niet herkend ${times}` : `“${value.cell}” ${times}`;
      const item = element("li", value.problem ? { class: "cf-leads__unmapped" } : {}, [
        element("span", { class: "cf-leads__value-text", text: numbers ? text : `${text} →` }),
      ]);
      if (!numbers) item.append(...this.#valueSelect(question, value, index));
      list.append(item);
    });
    const more = numbers ? 0 : summary.distinct - Math.min(summary.distinct, SHOWN_VALUES);
    const children = [element("p", { text: parts.join(", ") + "." }), list];
    if (more > 0) children.push(element("p", { class: "cf-leads__muted", text: `en nog ${count.format(more)} andere waarden` }));
    cell.replaceChildren(...children);
  }

  // A select per listed cell text: an option of the question, or unknown. It shows the answer
  // Python read (or unknown when it read none); choosing another one maps the text by hand.
  #valueSelect(question, value, index) {
    const id = `cf-leads-value-${question}-${index}`;
    const type = this.types.get(question);
    const choices = type === "boolean"
      ? [["true", "ja"], ["false", "nee"]]
      : this.options.get(question).map((o) => [JSON.stringify(type === "multiple" ? [o.value] : o.value), o.label]);
    const current = JSON.stringify(value.answer ?? null);
    if (current !== "null" && !choices.some(([json]) => json === current)) choices.unshift([current, value.shown]);
    choices.push(["null", "onbekend (telt als ontbrekend)"]);
    const select = element("select", { id, class: "cf-leads__value-select", "data-leads-value": question, "data-leads-key": value.key },
      choices.map(([json, label]) => element("option", json === current ? { value: json, selected: "" } : { value: json }, [label])));
    select.value = current;
    select.addEventListener("change", () => this.#valueChosen(question, value.key, select.value));
    return [element("label", { for: id, class: "cf-visually-hidden", text: `Betekenis van “${value.cell}”` }), select];
  }

  // --- Judging -------------------------------------------------------------------------

  async judge() {
    if (!this.described || this.running) return;
    const { el } = this;
    const run = ++this.#run;
    this.#forget();
    this.#cancelled = false;
    this.running = true;
    this.rows = [];
    this.summary = null;
    this.#view = null;
    this.#page = 0;
    this.#clearError();
    this.#save();
    el.run.disabled = true;
    el.cancel.hidden = false;
    el.progress.hidden = false;
    this.#progress(0, this.described.rows);
    /** @type {import("./protocol.mjs").LeadsRequest} the first chunk names the columns */
    let request = { mapping: this.mapping(), count: CHUNK };
    let stopped = false;
    try {
      for (;;) {
        const reply = await this.client.call(KIND.LEADS, request);
        if (run !== this.#run) return; // another file or run took over
        if (reply.errors.length) {
          this.#error(reply.errors.map((e) => e.message).join(" "));
          break;
        }
        for (const row of reply.rows) this.rows.push(row);
        this.summary = reply.summary ?? null;
        this.#extendView(reply.rows);
        this.#show(reply.done, reply.total);
        if (reply.done >= reply.total) break;
        if (this.#cancelled) {
          stopped = true;
          break;
        }
        request = { count: CHUNK };
      }
    } catch (error) {
      this.#error("De beoordeling is onderbroken. Probeer het opnieuw.");
      console.error(error);
    } finally {
      if (run === this.#run) {
        this.#flush();
        this.running = false;
        el.run.disabled = false;
        el.cancel.hidden = true;
      }
    }
    if (run !== this.#run) return;
    const total = this.described.rows;
    setText(this.el.status, stopped
      ? `Gestopt: ${count.format(this.rows.length)} van ${count.format(total)} leads beoordeeld.`
      : `${count.format(this.rows.length)} leads beoordeeld.`);
  }

  #progress(done, total) {
    this.el.progressBar.max = Math.max(total, 1);
    this.el.progressBar.value = done;
    setText(this.el.progressText, `${count.format(done)} van ${count.format(total)} leads`);
  }

  // What a chunk changed is shown once per animation frame, and only what changed: a chunk
  // of rows that falls beyond the table's page touches the progress and the counts alone
  // (a new table body means laying out a wide table, the page's one costly step).
  #show(done, total) {
    this.#complete = done >= total;
    this.#progressDone = [done, total];
    if (this.#frame) return;
    this.#frame = requestAnimationFrame(() => this.#flush());
  }

  // The frame's work, or (at the end of a run) at once: the last chunk is on screen when the
  // run is over.
  #flush() {
    if (!this.#frame) return;
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
    const [done, total] = this.#progressDone;
    this.#progress(done, total);
    this.#renderResults(this.#complete);
  }

  #forget() {
    cancelAnimationFrame(this.#frame);
    this.#frame = 0;
  }

  #progressDone = [0, 0];

  #renderResults(complete) {
    const { el } = this;
    el.results.hidden = false;
    for (const button of this.root.querySelectorAll("[data-leads-download]")) button.disabled = !complete;
    this.#renderSummary();
    if (!el.head.firstChild || el.head.dataset.headers !== this.described.headers.join("\u001f")) this.#renderHead();
    this.#renderFilter();
    this.#renderTable();
  }

  #renderSummary() {
    const { summary } = this;
    if (!summary || summary === this.#shownSummary) return;
    this.#shownSummary = summary;
    const outcomes = element("ul", { class: "cf-leads__tally" });
    for (const id of [...this.outcomes.keys(), "open"]) {
      outcomes.append(element("li", { class: `cf-leads__tally-item cf-leads__outcome--${id}` }, [
        element("strong", { text: count.format(summary.outcomes[id] ?? 0) }), " ", shortOutcome(id),
      ]));
    }
    const table = element("table", { class: "cf-leads__criteria" }, [
      element("caption", { text: "Per kenmerk" }),
      element("thead", {}, [element("tr", {}, [
        element("th", { scope: "col", text: "Kenmerk" }),
        element("th", { scope: "col", text: "voldaan" }),
        element("th", { scope: "col", text: "niet voldaan" }),
        element("th", { scope: "col", text: "onbekend" }),
      ])]),
      element("tbody", {}, this.config.criteria.map((criterion) => {
        const tally = summary.criteria[criterion.id];
        return element("tr", {}, [
          element("th", { scope: "row", text: criterion.label }),
          element("td", { text: count.format(tally.met) }),
          element("td", { text: count.format(tally.not_met) }),
          element("td", { text: count.format(tally.open) }),
        ]);
      })),
    ]);
    const children = [outcomes, table];
    if (summary.with_problems) {
      children.push(element("p", { class: "cf-leads__muted", text: `${count.format(summary.with_problems)} leads hebben cellen die we niet konden lezen; die tellen als onbekend (zie de kolom "Niet te lezen").` }));
    }
    this.el.summary.replaceChildren(...children);
  }

  #columns() {
    const fixed = [
      { key: "line", label: "Regel", width: 4.5 },
      { key: "outcome", label: "Uitkomst", width: 9 },
      { key: "ask", label: "Vraag naar", width: 10 },
      ...this.config.criteria.map((c) => ({ key: `criterion:${c.id}`, label: capitalise(c.id), title: c.label, width: 14 })),
    ];
    const own = this.described.headers.map((header, index) => ({ key: `cell:${index}`, label: header, width: 10 }));
    return [...fixed, ...own, { key: "errors", label: "Niet te lezen", width: 14 }];
  }

  // The table has fixed column widths: laying out a page of rows then never measures every
  // cell's text first (with the list's own columns that took longer than a frame).
  #renderHead() {
    const row = element("tr");
    const columns = this.#columns();
    const widths = columns.map((column) => {
      const col = element("col");
      col.style.width = `${column.width}rem`; // CSSOM: the site's CSP allows no style attribute
      return col;
    });
    this.el.table.querySelector("colgroup")?.remove();
    this.el.table.querySelector("caption").after(element("colgroup", {}, widths));
    this.el.table.style.width = `${columns.reduce((sum, column) => sum + column.width, 0)}rem`;
    for (const column of columns) {
      const button = element("button", { type: "button", class: "cf-leads__sort" }, [column.label]);
      if (column.title) button.setAttribute("title", column.title);
      button.addEventListener("click", () => this.#sortBy(column.key));
      row.append(element("th", { scope: "col", "data-key": column.key }, [button]));
    }
    this.el.head.replaceChildren(row);
    this.el.head.dataset.headers = this.described.headers.join("\u001f");
    this.#markSort();
  }

  #markSort() {
    for (const th of this.el.head.querySelectorAll("th")) {
      if (th.dataset.key === this.#sort.key) th.setAttribute("aria-sort", this.#sort.descending ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    }
  }

  #sortBy(key) {
    this.#sort = { key, descending: this.#sort.key === key ? !this.#sort.descending : false };
    this.#view = null;
    this.#page = 0;
    this.#markSort();
    this.#renderTable();
  }

  #renderFilter() {
    const { summary } = this;
    const ids = [...this.outcomes.keys(), "open"];
    const texts = [`alle leads (${count.format(this.rows.length)})`,
      ...ids.map((id) => `${shortOutcome(id)} (${count.format(summary?.outcomes[id] ?? 0)})`)];
    const { options } = this.el.filter;
    if (options.length !== texts.length) {
      this.el.filter.replaceChildren(...["", ...ids].map((value, index) => element("option", { value }, [texts[index]])));
      this.el.filter.value = this.#filter;
      return;
    }
    texts.forEach((text, index) => setText(options[index], text)); // the choice stays as it is
  }

  // The rows shown: filtered by outcome, sorted by the chosen column (by line otherwise).
  #rowsInView() {
    if (this.#view) return this.#view;
    let rows = this.rows;
    if (this.#filter) rows = rows.filter((row) => (row.outcome ?? "open") === this.#filter);
    if (!this.#byLine()) {
      const value = sortValue(this.#sort.key, this);
      const keyed = rows.map((row) => [value(row), row]);
      const compare = this.#compare();
      keyed.sort((a, b) => compare(a[0], b[0], a[1], b[1]));
      rows = keyed.map(([, row]) => row);
    }
    this.#view = rows;
    return rows;
  }

  #byLine() {
    return this.#sort.key === "line" && !this.#sort.descending;
  }

  // The order of the view: by the chosen column's value, rows alike on it by line.
  #compare() {
    const sign = this.#sort.descending ? -1 : 1;
    return (a, b, rowA, rowB) =>
      sign * ((typeof a === "number" && typeof b === "number" ? a - b : collator.compare(a, b)) || rowA.line - rowB.line);
  }

  // New rows join the view where its filter and order put them, so that a chunk costs its
  // own rows, not the whole list sorted again.
  #extendView(added) {
    const view = this.#view;
    if (!view || view === this.rows) return; // the view is the list itself, or made later
    const rows = this.#filter ? added.filter((row) => (row.outcome ?? "open") === this.#filter) : added;
    if (this.#byLine()) {
      for (const row of rows) view.push(row);
      return;
    }
    const value = sortValue(this.#sort.key, this);
    const compare = this.#compare();
    const keyed = rows.map((row) => [value(row), row]).sort((a, b) => compare(a[0], b[0], a[1], b[1]));
    const parts = [];
    let from = 0;
    for (const [key, row] of keyed) {
      let low = from;
      let high = view.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if (compare(value(view[middle]), key, view[middle], row) <= 0) low = middle + 1;
        else high = middle;
      }
      parts.push(view.slice(from, low), [row]);
      from = low;
    }
    parts.push(view.slice(from));
    this.#view = [].concat(...parts);
  }

  #renderTable() {
    const rows = this.#rowsInView();
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    this.#page = Math.min(this.#page, pages - 1);
    const shown = rows.slice(this.#page * PAGE_SIZE, (this.#page + 1) * PAGE_SIZE);
    const same = shown.length === this.#shown.length && shown.every((row, index) => row === this.#shown[index]);
    if (!same) this.el.body.replaceChildren(...shown.map((row) => this.#row(row)));
    this.#shown = shown;
    this.#renderPager(rows.length, pages);
  }

  #row(row) {
    const criteria = this.config.criteria.map((criterion) => {
      const verdict = row.criteria[criterion.id];
      const children = [element("span", { class: "cf-leads__status-word", text: STATUS[verdict.met] })];
      if (verdict.reason) children.push(element("span", { class: "cf-leads__reason", text: verdict.reason }));
      return element("td", { class: `cf-leads__criterion cf-leads__criterion--${String(verdict.met)}` }, children);
    });
    const outcome = row.outcome ?? "open";
    return element("tr", {}, [
      element("td", { text: String(row.line) }),
      element("td", { class: `cf-leads__outcome cf-leads__outcome--${outcome}` }, [
        shortOutcome(outcome),
      ]),
      element("td", { text: row.ask.join(", ") }),
      ...criteria,
      ...row.cells.map((cell) => element("td", { class: "cf-leads__cell", text: cell })),
      element("td", { text: row.errors.map((e) => `${e.column}: ${e.message}`).join(" ") }),
    ]);
  }

  #renderPager(total, pages) {
    const first = total ? this.#page * PAGE_SIZE + 1 : 0;
    const last = Math.min(total, (this.#page + 1) * PAGE_SIZE);
    if (!this.el.pager.firstChild) {
      const previous = element("button", { type: "button", class: "md-button", "data-leads-previous": "" }, ["Vorige"]);
      const next = element("button", { type: "button", class: "md-button", "data-leads-next": "" }, ["Volgende"]);
      previous.addEventListener("click", () => this.#goTo(this.#page - 1));
      next.addEventListener("click", () => this.#goTo(this.#page + 1));
      this.el.pager.replaceChildren(previous, element("span", { class: "cf-leads__where" }), next);
    }
    const [previous, where, next] = this.el.pager.children;
    previous.disabled = this.#page === 0;
    next.disabled = this.#page >= pages - 1;
    setText(where, `${count.format(first)}–${count.format(last)} van ${count.format(total)} leads (pagina ${count.format(this.#page + 1)} van ${count.format(pages)})`);
  }

  #goTo(page) {
    this.#page = page;
    this.#renderTable();
    this.el.pager.querySelector("span").focus?.();
  }

  // --- The download --------------------------------------------------------------------

  async download(excel) {
    this.#clearError();
    let bytes;
    try {
      bytes = await this.client.send(MESSAGE.LEADS_EXPORT, { excel });
    } catch (error) {
      console.error(error);
    }
    if (!bytes || !bytes.length) {
      this.#error("De download kon niet worden gemaakt: beoordeel eerst de hele lijst.");
      return;
    }
    const name = (this.file?.name ?? "leads").replace(/\.[^.]*$/, "");
    const link = element("a", { href: URL.createObjectURL(new Blob([bytes], { type: "text/csv" })), download: `${name}-beoordeeld${excel ? "-excel" : ""}.csv` });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
  }

  // --- Messages ------------------------------------------------------------------------

  #error(text) {
    this.el.error.textContent = text;
    this.el.error.hidden = false;
  }

  #clearError() {
    this.el.error.hidden = true;
    this.el.error.textContent = "";
  }
}

// An outcome as a marketer reads it in a list ("Buiten doelgroep"): its id, as a word; the
// definition's labels speak to the visitor ("Je bent een prospect") and go in the download.
function shortOutcome(id) {
  return id === "open" ? "Nog open" : capitalise(id.replaceAll("-", " "));
}

function capitalise(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function sortValue(key, page) {
  if (key === "line") return (row) => row.line;
  if (key === "outcome") {
    const rank = new Map([...page.outcomes.keys(), "open"].map((id, index) => [id, index]));
    return (row) => rank.get(row.outcome ?? "open");
  }
  if (key === "ask") return (row) => row.ask.length;
  if (key === "errors") return (row) => row.errors.length;
  if (key.startsWith("criterion:")) {
    const id = key.slice("criterion:".length);
    return (row) => ({ true: 0, null: 1, false: 2 })[String(row.criteria[id].met)];
  }
  const index = Number(key.slice("cell:".length));
  return (row) => row.cells[index];
}

// --- The mapping, remembered per set of column names (never the data) --------------------

function headerKey(headers) {
  let hash = 2166136261; // FNV-1a over the names: the key says nothing about the list
  for (const char of headers.join("\u001f")) {
    hash ^= char.codePointAt(0);
    hash = Math.imul(hash, 16777619) >>> 0;
  }
  return `${headers.length}-${hash.toString(36)}`;
}

function readStore() {
  try {
    const record = JSON.parse(localStorage.getItem(STORAGE_KEY) ?? "null");
    if (record && record.version === 1 && record.mappings && typeof record.mappings === "object") return record;
  } catch {
    // blocked or unreadable storage: nothing remembered
  }
  return { version: 1, mappings: {} };
}

function loadMapping(headers) {
  const found = readStore().mappings[headerKey(headers)];
  if (!found || !found.columns || typeof found.columns !== "object") return null;
  const values = found.values && typeof found.values === "object" ? found.values : {};
  return { columns: found.columns, values };
}

// The columns per question and the cell texts mapped by hand (the texts of a column's
// categories the marketer chose an option for, never a row of the list).
function saveMapping(headers, columns, values = {}) {
  const record = readStore();
  record.mappings[headerKey(headers)] = { columns, values, at: Date.now() };
  const keys = Object.keys(record.mappings).sort((a, b) => record.mappings[b].at - record.mappings[a].at);
  for (const key of keys.slice(STORED_MAPPINGS)) delete record.mappings[key];
  try {
    localStorage.setItem(STORAGE_KEY, JSON.stringify(record));
  } catch {
    // storage full or blocked: the mapping is simply not remembered
  }
}

bindLeads();
