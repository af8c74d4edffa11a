// What the page's scripts use beyond the DOM's own types (tsc only; never shipped).

interface Window {
  /** Material for MkDocs' observable of each page, also after instant navigation. */
  document$?: { subscribe(next: () => void): unknown };
  /** Material's storage helper (its consent choices among them). */
  __md_get(key: string): any;
  /** The statistics sender's state, kept across instant navigation (analytics/umami.mjs). */
  __md_umami?: any;
  /** For tests and integrations: what the lead page shows (leads.mjs). */
  leadList?: object;
  /** For tests and integrations: loader.mjs. */
  prospectQuiz: {
    readonly ready: Promise<void>;
    evaluate(answers: unknown): Promise<import("../overrides/assets/quiz/protocol.mjs").Result>;
    readonly boot: string | null;
    readonly prefetched: string | null;
  };
}

/** Material's observable, as a global of its classic scripts. */
declare const document$: { subscribe(next: () => void): unknown };

interface Navigator {
  /** Global Privacy Control: the browser asks not to be tracked. */
  readonly globalPrivacyControl?: boolean;
  /** The Network Information API (Chromium only): what the link says about itself. */
  readonly connection?: { effectiveType?: string; downlink?: number; saveData?: boolean };
}
