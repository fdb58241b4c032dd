// Public types of kehu-sdk. Hand-written so that the published package carries no dependency;
// sdk/src/loader.ts checks its exports against these declarations, and
// tests/unit/sdk/types.test.ts checks that `Submission` here matches the shared zod schema.

/** The standard scales: NPS 0–10, CSAT 1–5, CES 1–7. */
export type SurveyKind = 'nps' | 'csat' | 'ces';
/** Free-text feedback topics (sent as the submission's `kind`). */
export type FeedbackTopic = 'suggestion' | 'complaint' | 'praise' | 'exit';
export type ResponseKind = SurveyKind | FeedbackTopic;

/** What the SDK sends to `POST {endpoint}/v1/collect/{siteKey}`, and the detail of `kehu-submit`. */
export interface Submission {
  /** Made once per answer: the idempotency key. */
  clientId: string;
  kind: ResponseKind;
  /** nps 0–10, csat 1–5, ces 1–7; absent for the free-text topics. */
  score?: number;
  comment?: string;
  /** Kind-specific answers: `resolution` for a complaint, `reasons` for an exit survey. */
  answers?: Record<string, string | number | boolean | string[]>;
  respondent?: { email?: string; name?: string; consent?: boolean };
  pageUrl?: string;
  locale?: string;
  /** Time the respondent took, in milliseconds. */
  elapsedMs?: number;
  /** UTC ISO 8601. */
  submittedAt: string;
  /** Honeypot; the SDK never sends a filled one. */
  hp?: string;
  /** Sent within the minimum fill time: the collector keeps it apart until the team releases it. */
  suspect?: boolean;
}

export type Locale = 'zh-CN' | 'en';
export type Theme = 'light' | 'dark' | 'auto';

/** When a popup opens by itself. Triggers respect `everyDays` and remembered dismissals. */
export interface Trigger {
  /** The survey kind or feedback topic to show. */
  open: ResponseKind;
  /** Open this many seconds after `init()`. */
  afterSeconds?: number;
  /** Open when the pointer leaves the page through the top edge (desktop). */
  exitIntent?: boolean;
  /** Open when the site calls `track(event)` with this name. */
  event?: string;
}

export interface KehuConfig {
  /** The collector's base URL; answers go to `{endpoint}/v1/collect/{siteKey}`. */
  endpoint?: string;
  siteKey?: string;
  locale?: string;
  theme?: Theme;
  /** Who is answering, when the site knows. Sent only if the respondent ticks the consent box. */
  respondent?: { email?: string; name?: string };
  triggers?: Trigger[];
  /** A triggered popup is shown to the same respondent at most once in this many days (default 90). */
  everyDays?: number;
  /** Answers given faster than this are treated as bots and dropped (default 1500 ms). */
  minFillMs?: number;
  /** At most this many answers per browser per day (default 20). */
  dailyLimit?: number;
}

/** Properties shared by both elements; each mirrors the attribute of the same name in kebab-case. */
export interface KehuElementBase extends HTMLElement {
  siteKey: string | null;
  endpoint: string | null;
  locale: string | null;
  question: string | null;
  /** One line telling the respondent why they are asked. */
  purpose: string | null;
  respondentEmail: string | null;
  respondentName: string | null;
  theme: string | null;
}
export interface KehuSurveyElement extends KehuElementBase {
  kind: SurveyKind | null;
}
export interface KehuFeedbackElement extends KehuElementBase {
  topic: FeedbackTopic | null;
}

export type KehuErrorCode =
  /** Missing or wrong attributes, no endpoint. */
  | 'config'
  /** The UI could not be loaded. */
  | 'load'
  /** The collector refused the answer (400, 403, 404, 413); it will not be retried. */
  | 'rejected'
  /** The per-browser daily limit was reached. */
  | 'limit'
  /** Dropped as a bot: the honeypot was filled or the form was sent too fast. */
  | 'spam'
  /** The answer did not pass the submission schema. */
  | 'invalid';

export interface KehuErrorDetail {
  code: KehuErrorCode;
  message: string;
  status?: number;
  submission?: Submission;
}

export type KehuSubmitEvent = CustomEvent<Submission>;
export type KehuErrorEvent = CustomEvent<KehuErrorDetail>;

/** Set defaults for every element and start the popup triggers. Call once; a later call replaces the config. */
export function init(config: KehuConfig): void;
/** Show a survey or feedback form in a modal dialog (ignores frequency capping: the site asked). */
export function open(kind: ResponseKind): HTMLElement | null;
/** Close the open popup, if any. */
export function close(): void;
/** Tell Kehu that a named event happened; triggers with `event` of that name fire. */
export function track(event: string): void;

declare global {
  interface HTMLElementTagNameMap {
    'kehu-survey': KehuSurveyElement;
    'kehu-feedback': KehuFeedbackElement;
  }
  interface HTMLElementEventMap {
    'kehu-submit': KehuSubmitEvent;
    'kehu-error': KehuErrorEvent;
  }
}
