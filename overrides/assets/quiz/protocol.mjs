// The contract between the page (client.mjs) and the worker (worker.mjs), and the shapes of
// what Python replies (quiz/_result.py holds the same shapes as TypedDicts; change both).
// Every message is a plain object with a `type` from MESSAGE; a request names its `kind`
// from KIND, which quiz.browser.handle answers.

// --- Messages ---------------------------------------------------------------------------

export const MESSAGE = Object.freeze({
  // page -> worker
  BOOT: "boot", // start Python: BootMessage
  REQUEST: "request", // one question for Python: RequestMessage
  PREFETCH: "prefetch", // after a lean boot, fetch the snapshot for the next visit: PrefetchMessage
  LEADS_OPEN: "leads-open", // the lead page: a file's bytes for Python to read: LeadsOpenMessage
  LEADS_EXPORT: "leads-export", // the lead page: the judged list as a file: LeadsExportMessage
  // worker -> page
  READY: "ready", // Python runs: ReadyMessage
  FAILED: "failed", // Python cannot start: FailedMessage
  REPLY: "reply", // the answer to one request: ReplyMessage
  PREFETCHED: "prefetched", // whether the snapshot is cached for the next visit: PrefetchedMessage
});

// The kinds of request (quiz.browser.KINDS) and what each sends and gets back.
export const KIND = Object.freeze({
  EVALUATE: "evaluate", // Answers -> Result
  PARTIAL: "partial", // Answers (so far) -> Result, with `asked`
  BOOKING: "booking", // BookingRequest -> BookingLink
  SHARED: "shared", // the answers a shared link holds (any JSON value) -> SharedAnswers
  // The lead page's (quiz.leads_browser).
  LEADS_VALUES: "leads-values", // LeadsValuesRequest -> LeadsValues
  LEADS: "leads", // LeadsRequest -> LeadsChunk
});

/**
 * @typedef {{ pyodide: string, lockFile: string, lockFileContents?: string, wheel: string,
 *   package: string, packageBaseUrl: string, snapshot: string | null, stdlib: string,
 *   rulesHash: string }} Assets
 *   The browser files of the build (absolute URLs once the client has resolved them).
 * @typedef {{ type: "boot", assets: Assets, useSnapshot: boolean }} BootMessage
 * @typedef {{ type: "request", kind: Kind, id: number, payload: string }} RequestMessage
 *   `payload` is the request as JSON text, as handle(kind, text) takes it.
 * @typedef {{ type: "prefetch", url: string }} PrefetchMessage
 * @typedef {{ type: "leads-open", id: number, name: string, bytes: Uint8Array, sheet: string | null }} LeadsOpenMessage
 *   `bytes` are moved to the worker (transfer), never sent anywhere else.
 *   The reply's payload: LeadsOpened as JSON text.
 * @typedef {{ type: "leads-export", id: number, excel: boolean }} LeadsExportMessage
 *   The reply's payload: the judged list as CSV bytes (empty when it is not judged to the end).
 * @typedef {{ "leads-open": LeadsOpened, "leads-export": Uint8Array }} LeadReplies
 *   What the lead page's own messages (not requests of a kind) get back, parsed.
 * @typedef {"snapshot" | "lean" | "fallback"} BootPath
 * @typedef {{ type: "ready", path: BootPath, note: string }} ReadyMessage
 *   `note`: why a wanted snapshot was not used ("" when it was, or was not wanted).
 * @typedef {{ type: "failed", message: string }} FailedMessage
 * @typedef {{ type: "reply", id: number, payload?: string | Uint8Array, error?: string }} ReplyMessage
 *   `payload`: the reply as JSON text (a lead list's download: its bytes); `error`: why
 *   Python could not answer at all.
 * @typedef {{ type: "prefetched", outcome: string }} PrefetchedMessage
 *   "cached", "stored", or why not ("no cache", "HTTP 404", "failed: …").
 * @typedef {BootMessage | RequestMessage | PrefetchMessage | LeadsOpenMessage | LeadsExportMessage} ToWorker
 * @typedef {ReadyMessage | FailedMessage | ReplyMessage | PrefetchedMessage} FromWorker
 */

// --- What Python replies ------------------------------------------------------------------

/**
 * @typedef {"evaluate" | "partial" | "booking" | "shared" | "leads-values" | "leads"} Kind
 * @typedef {string | string[] | number | boolean} Answer
 * @typedef {Record<string, Answer>} Answers  question id -> answer, as the form holds them
 * @typedef {{ question: string | null, message: string }} QuizError
 *   A Dutch message about one question's answer, or (question null) about the request.
 * @typedef {{ met: boolean | null, reason: string | null, asked: boolean }} Verdict
 *   One criterion; in a partial result `met` and `reason` are null while it is still open.
 *   `asked` is false when it is not met because its question was not asked.
 * @typedef {{ label: string, url: string }} StepLink
 * @typedef {{ kind: "booking" | "articles", title: string, text: string, action: string,
 *   links: StepLink[], booking: string }} NextStep
 * @typedef {{ question: string, answer: Answer, outcome: string, text: string }} Improvement
 *   One changed answer that gives a better outcome; `text` says so in Dutch.
 * @typedef {{ changes: { question: string, answer: Answer }[], outcome: string, text: string }} Combination
 *   Two or three changes together, when no single one gives a better outcome.
 * @typedef {{ outcome: string | null, best: boolean, criteria: Record<string, Verdict>,
 *   next_step: NextStep | null, errors: QuizError[], improvements: Improvement[],
 *   combinations: Combination[], asked?: string[] }} Result
 *   `best`: the outcome is the best one (nothing to improve). `asked` (partial only): the
 *   questions asked or still to be asked, in order.
 * @typedef {{ provider: string, url: string, email: string }} BookingSettings
 * @typedef {{ answers: Answers, config: BookingSettings, contact: { name: string, email: string },
 *   utm: Record<string, string> }} BookingRequest
 * @typedef {{ url: string, provider: string, errors: QuizError[] }} BookingLink
 * @typedef {{ answers: Answers, errors: QuizError[] }} SharedAnswers
 *   The answers to fill in, or none (errors say why).
 * @typedef {{ evaluate: Result, partial: Result, booking: BookingLink, shared: SharedAnswers,
 *   "leads-values": LeadsValues, leads: LeadsChunk }} Replies
 */

// --- What Python replies on the lead page (quiz.leads_browser) ----------------------------
// Made by quiz/leads.py (LeadList) and quiz/_columns.py (value_summary): change both.

/**
 * @typedef {Record<string, Answer | null>} ChosenValues
 *   A normalised cell text -> the answer the marketer chose for it (null: unknown).
 * @typedef {{ columns: Record<string, string | null>, values?: Record<string, ChosenValues> }} LeadMapping
 *   Question id -> the header of the column that answers it (null: not in the list), and the
 *   cell texts mapped by hand, per question.
 * @typedef {{ cell: string, key: string, count: number, answer: Answer | null, shown: string,
 *   problem: string | null }} CellValue
 *   One distinct cell text of a column (`key`: normalised), how often it occurs, the answer
 *   it gives (`shown` as the table shows it) or why it cannot be read.
 * @typedef {{ values: CellValue[], distinct: number, answered: number, blank: number,
 *   unreadable: number }} ValueSummary
 *   How a column reads as answers to a question (quiz.leads.value_summary): its most
 *   frequent texts, and how many rows have an answer, none, or one that cannot be read.
 * @typedef {{ kind: "csv" | "xlsx", separator: string, separator_name: string, encoding: string,
 *   encoding_name: string, sheets: string[], sheet: string, headers: string[], rows: number,
 *   proposal: LeadMapping, values: Record<string, ValueSummary>, errors: QuizError[] }} LeadsOpened
 *   The file as read (quiz.leads.LeadList.describe): a proposed mapping and how each proposed
 *   column reads. A file that cannot be read gets only `errors`.
 * @typedef {{ question: string, column: string, values?: ChosenValues }} LeadsValuesRequest
 * @typedef {ValueSummary & { errors: QuizError[] }} LeadsValues
 *   With errors (an unknown question or column, a choice that does not fit): only `errors`.
 * @typedef {{ mapping?: LeadMapping, count: number }} LeadsRequest
 *   The first chunk names the mapping (judging starts again from the first row); the next
 *   ones only how many rows they want.
 * @typedef {{ question: string, column: string, message: string }} CellProblem
 *   A cell that cannot be read (or an answer the engine refuses): it counts as missing.
 * @typedef {{ line: number, cells: string[], outcome: string | null, criteria: Record<string, Verdict>,
 *   asked: string[], ask: string[], errors: CellProblem[] }} LeadRow
 *   One judged row: where it starts in the file, its cells (made safe for a spreadsheet),
 *   the partial verdict (outcome null: still open), and the questions that decide it (`ask`).
 * @typedef {{ met: number, not_met: number, open: number }} CriterionTally
 * @typedef {{ rows: number, outcomes: Record<string, number>, criteria: Record<string, CriterionTally>,
 *   with_problems: number }} LeadSummary
 *   Per outcome (and "open") how many rows got it, per criterion how many met it or not.
 * @typedef {{ rows: LeadRow[], done: number, total: number, summary?: LeadSummary,
 *   errors: QuizError[] }} LeadsChunk
 *   The next rows judged, how many are done of how many, and once all are, the summary.
 */
