// One widget: a survey scale or a feedback form, its error and thank-you states, inline or in a
// modal dialog. A class component: Preact's hooks would cost another 1.5 KB in every site's page.
import { Component, type ComponentChildren } from 'preact';
import type { Submission } from '../../../shared/src/model/submission.ts';
import type { UiContext } from '../contract.ts';
import { isSurveyKind } from '../kinds.ts';
import type { Outcome } from '../transport/queue.ts';
import {
  build,
  check,
  countSent,
  type Draft,
  emptyDraft,
  type Field,
  guard,
  LIMITS,
  type Problems,
  readSettings,
  type Settings,
  say,
  scale,
} from './answer.ts';
import { EXIT_REASONS, loaded, type MessageKey, type Messages, RESOLUTIONS } from './messages.ts';

export interface WidgetProps {
  host: HTMLElement;
  ctx: UiContext;
  /** The shared schema check and the send queue. */
  sender: Sender;
  /** The stylesheet as text, where constructable stylesheets are missing. */
  css?: string;
}

interface State {
  step: 'form' | 'sending' | 'done';
  draft: Draft;
  problems: Problems;
  /** Read out by the live region. */
  alert: string;
  outcome?: 'sent' | 'queued';
}

export interface Sender {
  checkSubmission(value: unknown): string[];
  deliver(url: string, body: Submission): Promise<Outcome>;
}

export const emit = (target: EventTarget, type: string, detail: unknown, cancelable = false): CustomEvent => {
  const e = new CustomEvent(type, { detail, bubbles: true, composed: true, cancelable });
  target.dispatchEvent(e);
  return e;
};

export function settingsOf(host: HTMLElement, ctx: UiContext): Settings {
  return readSettings(
    host.localName,
    (n) => host.getAttribute(n),
    ctx.config(),
    document.documentElement.lang,
    navigator.language,
  );
}

const newId = (): string =>
  crypto.randomUUID?.() ??
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

export class Widget extends Component<WidgetProps, State> {
  started: number;
  clientId: string;
  /** Whether focus was in the widget when it was sent: then focus follows to the thank-you. */
  focused = false;

  constructor(props: WidgetProps) {
    super(props);
    this.started = performance.now();
    this.clientId = newId();
    this.state = { step: 'form', draft: emptyDraft(settingsOf(props.host, props.ctx)), problems: {}, alert: '' };
  }

  root = (): ShadowRoot => this.props.host.shadowRoot as ShadowRoot;

  set(patch: Partial<Draft>, field: Field): void {
    const problems = { ...this.state.problems };
    delete problems[field];
    this.setState({ draft: { ...this.state.draft, ...patch }, problems });
  }

  showProblems(problems: Problems, locale: Settings['locale']): void {
    const m = loaded[locale] as Messages;
    const text = Object.values(problems)
      .map((p) => say(m, p))
      .join(' ');
    // A no-break space toggles so that the same message is announced again.
    this.setState({ problems, step: 'form', alert: this.state.alert === text ? `${text}\u00a0` : text }, () => {
      const first = this.root().querySelector('[aria-invalid="true"]');
      const target = first?.localName === 'fieldset' ? first.querySelector('input') : first;
      (target as HTMLElement | null)?.focus();
    });
  }

  /** Opens the dialog modally (the rest of the page becomes inert) and starts at the first answer. */
  dialog = (d: HTMLDialogElement | null): void => {
    if (d && !d.open && d.isConnected) {
      // Browsers without <dialog> (before 2022) show it in place, still with the close button.
      if (d.showModal) d.showModal();
      else d.setAttribute('open', '');
      d.querySelector<HTMLElement>('form input, form textarea')?.focus();
    }
  };

  close = (): void => this.props.ctx.popup?.close();

  /**
   * Keeps Tab inside the dialog. A modal <dialog> makes the page inert, but the browser still lets
   * focus leave for its own toolbar; wrapping from the last control to the first keeps it here.
   */
  trap = (e: KeyboardEvent): void => {
    if (e.key !== 'Tab') return;
    const r = this.root();
    const first = r.querySelector<HTMLElement>('.x');
    const last = r.querySelector<HTMLElement>('.send') ?? first;
    const at = r.activeElement;
    if (e.shiftKey ? at === first || at?.classList.contains('done') : at === last) {
      e.preventDefault();
      (e.shiftKey ? last : first)?.focus();
    }
  };

  /** Set while a submit is being handled: a double click must not send (or announce) twice. */
  busy = false;

  submit = async (e: Event): Promise<void> => {
    e.preventDefault();
    if (this.busy || this.state.step !== 'form') return;
    this.busy = true;
    try {
      await this.send();
    } finally {
      this.busy = false;
    }
  };

  async send(): Promise<void> {
    const { host, ctx } = this.props;
    const s = settingsOf(host, ctx);
    const kind = s.kind;
    if (!kind) return;
    const d = this.state.draft;
    const problems = check(kind, d, !isSurveyKind(kind));
    if (Object.keys(problems).length) return this.showProblems(problems, s.locale);

    const now = new Date();
    const sub: Submission = build(kind, d, s, {
      clientId: this.clientId,
      now,
      elapsedMs: performance.now() - this.started,
      pageUrl: location.origin + location.pathname,
    });
    const { sender } = this.props;
    const invalid = sender.checkSubmission(sub);
    if (invalid.length) {
      emit(host, 'kehu-error', { code: 'invalid', message: invalid.join('; '), submission: sub });
      const [field, message] = (invalid[0] as string).split(': ');
      return this.showProblems({ form: ['error.invalid', { field: field ?? '', message: message ?? '' }] }, s.locale);
    }
    this.focused = !!this.root().activeElement;
    const storage = { getItem: (k: string) => safe(() => localStorage.getItem(k)) ?? null };
    const verdict = guard(sub, storage, now, ctx.config());
    if (verdict === 'spam') {
      // The honeypot was filled: bots are not told, they see the thank-you, and nothing is sent.
      emit(host, 'kehu-error', { code: 'spam', message: 'dropped as spam' });
      return this.setState({ step: 'done', outcome: 'sent' });
    }
    if (verdict === 'limit') {
      emit(host, 'kehu-error', { code: 'limit', message: 'daily limit reached' });
      return this.showProblems({ form: ['error.limit'] }, s.locale);
    }
    // Faster than the minimum fill time: maybe a bot, maybe a quick person. Sent all the same,
    // flagged, so that the collector keeps it apart for the team to look at instead of losing it.
    if (verdict === 'suspect') sub.suspect = true;
    safe(() => countSent(localStorage, now));
    if (emit(host, 'kehu-submit', sub, true).defaultPrevented) return this.setState({ step: 'done', outcome: 'sent' });
    if (!s.endpoint || !s.siteKey) {
      emit(host, 'kehu-error', { code: 'config', message: 'no endpoint or site-key', submission: sub });
      return this.showProblems({ form: ['error.config'] }, s.locale);
    }

    this.setState({ step: 'sending', alert: '' });
    const url = `${s.endpoint.replace(/\/+$/, '')}/v1/collect/${encodeURIComponent(s.siteKey)}`;
    // A slow server keeps nobody waiting: after 8 s the answer counts as queued (it still goes out).
    const outcome: Outcome = await Promise.race([
      sender.deliver(url, sub),
      new Promise<Outcome>((r) => setTimeout(r, 8000, 'queued')),
    ]);
    if (typeof outcome === 'object') {
      emit(host, 'kehu-error', { code: 'rejected', status: outcome.status, message: outcome.message, submission: sub });
      this.clientId = newId();
      return this.showProblems({ form: ['error.rejected'] }, s.locale);
    }
    this.setState({ step: 'done', outcome });
  }

  override componentDidUpdate(_: WidgetProps, prev: State): void {
    if (prev.step !== 'done' && this.state.step === 'done' && this.focused)
      (this.root().querySelector('.done') as HTMLElement | null)?.focus();
  }

  render(): ComponentChildren {
    const { ctx, css } = this.props;
    const s = settingsOf(this.props.host, ctx);
    const kind = s.kind;
    if (!kind) return null;
    const L = s.locale;
    // mount() renders only once this language is loaded.
    const m = loaded[L];
    if (!m) return null;
    const t = (k: MessageKey, p?: Record<string, string | number>) => say(m, [k, p]);
    const { step, draft: d, problems: p } = this.state;
    const popup = !!ctx.popup;
    const error = (f: Field) =>
      p[f] && (
        <p class="err" id={`e-${f}`} part="error">
          {say(m, p[f])}
        </p>
      );
    const invalid = (f: Field) => (p[f] ? { 'aria-invalid': 'true' as const, 'aria-describedby': `e-${f}` } : {});
    const survey = isSurveyKind(kind);
    const known = [s.name, s.email].filter(Boolean).join(', ');

    let fields: ComponentChildren;
    if (survey) {
      const points = scale(kind, m);
      fields = (
        <>
          <fieldset part="scale" {...invalid('score')}>
            <legend class="q" part="question">
              {s.question ?? t(`question.${kind}`)}
            </legend>
            <div class="opts">
              {points.map(({ value, label }) => (
                <label class="opt" part="option" key={value}>
                  <input
                    class="sr"
                    type="radio"
                    name="score"
                    value={value}
                    checked={d.score === value}
                    onChange={() => this.set({ score: value }, 'score')}
                  />
                  <span class="box">{value}</span>
                  {label && <span class="sr">{label}</span>}
                </label>
              ))}
            </div>
            <div class="ends" part="anchors" aria-hidden="true">
              <span>{points[0]?.label}</span>
              <span>{points[points.length - 1]?.label}</span>
            </div>
            {error('score')}
          </fieldset>
          {d.score !== undefined && (
            <div class="field">
              <label for="c">{t('reason')}</label>
              <textarea
                id="c"
                part="comment"
                maxLength={LIMITS.comment}
                value={d.comment}
                {...invalid('comment')}
                onInput={(e) => this.set({ comment: e.currentTarget.value }, 'comment')}
              />
              {error('comment')}
            </div>
          )}
          {known && (
            <label class="choice" part="consent">
              <input
                type="checkbox"
                checked={d.consent}
                onChange={(e) => this.set({ consent: e.currentTarget.checked }, 'consent')}
              />
              <span>{t('consentKnown', { who: known })}</span>
            </label>
          )}
        </>
      );
    } else {
      const choices = (values: readonly string[], key: MessageKey) =>
        t(key)
          .split('|')
          .map((label, i) => [values[i] as string, label] as const);
      fields = (
        <>
          {kind === 'exit' && (
            <fieldset part="choices" {...invalid('reasons')}>
              <legend class="q">{t('exitReasons')}</legend>
              {choices(EXIT_REASONS, 'exitChoices').map(([value, label]) => (
                <label class="choice" part="choice" key={value}>
                  <input
                    type="checkbox"
                    checked={d.reasons.includes(value)}
                    onChange={(e) =>
                      this.set(
                        { reasons: e.currentTarget.checked ? [...d.reasons, value] : d.reasons.filter((r) => r !== value) },
                        'reasons',
                      )
                    }
                  />
                  <span>{label}</span>
                </label>
              ))}
              {error('reasons')}
            </fieldset>
          )}
          <div class="field">
            <label for="c" class="q" part="question">
              {s.question ?? t(`question.${kind}`)}
            </label>
            <textarea
              id="c"
              part="comment"
              maxLength={LIMITS.comment}
              value={d.comment}
              {...invalid('comment')}
              onInput={(e) => this.set({ comment: e.currentTarget.value }, 'comment')}
            />
            {error('comment')}
          </div>
          {kind === 'complaint' && (
            <fieldset part="choices">
              <legend class="q">{t('resolution')}</legend>
              {choices(RESOLUTIONS, 'resolutions').map(([value, label]) => (
                <label class="choice" part="choice" key={value}>
                  <input
                    type="radio"
                    name="resolution"
                    checked={d.resolution === value}
                    onChange={() => this.set({ resolution: value }, 'form')}
                  />
                  <span>{label}</span>
                </label>
              ))}
            </fieldset>
          )}
          <fieldset class="contact" part="contact">
            <legend>{t('contact')}</legend>
            <div class="field">
              <label for="em">{t('email')}</label>
              <input
                id="em"
                type="email"
                autoComplete="email"
                maxLength={LIMITS.email}
                value={d.email}
                {...invalid('email')}
                onInput={(e) => this.set({ email: e.currentTarget.value }, 'email')}
              />
              {error('email')}
            </div>
            <div class="field">
              <label for="nm">{t('name')}</label>
              <input
                id="nm"
                type="text"
                autoComplete="name"
                maxLength={LIMITS.name}
                value={d.name}
                {...invalid('name')}
                onInput={(e) => this.set({ name: e.currentTarget.value }, 'name')}
              />
              {error('name')}
            </div>
            <label class="choice" part="consent">
              <input
                type="checkbox"
                checked={d.consent}
                {...invalid('consent')}
                onChange={(e) => this.set({ consent: e.currentTarget.checked }, 'consent')}
              />
              <span>{t('consent')}</span>
            </label>
            {error('consent')}
          </fieldset>
        </>
      );
    }

    const content =
      step === 'done' ? (
        <div class="done" part="done" tabIndex={-1}>
          <p class="title">{t('thanks')}</p>
          <p>{t(this.state.outcome === 'queued' ? 'queued' : 'sent')}</p>
        </div>
      ) : (
        <form part="form" noValidate onSubmit={this.submit}>
          <p class="purpose" part="purpose">
            {s.purpose ?? t(survey ? 'purpose.survey' : `purpose.${kind}`)}
          </p>
          {fields}
          {/* The honeypot: invisible and out of the tab order; people leave it empty, form-filling bots do not. */}
          <div class="sr" aria-hidden="true">
            <label>
              Website
              <input
                tabIndex={-1}
                autoComplete="off"
                value={d.hp}
                onInput={(e) => this.set({ hp: e.currentTarget.value }, 'form')}
              />
            </label>
          </div>
          {error('form')}
          <button type="submit" class="send" part="submit" aria-disabled={step === 'sending' ? 'true' : undefined}>
            {t(step === 'sending' ? 'sending' : 'send')}
          </button>
        </form>
      );

    const root = (
      <div
        class={`k ${s.theme === 'auto' ? (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : '') : s.theme}`}
        part="root"
        lang={L}
      >
        {popup && (
          <div class="bar">
            <p class="title" id="t" part="title">
              {t(survey ? 'title.survey' : `title.${kind}`)}
            </p>
            <button type="button" class="x" part="close" aria-label={t('close')} onClick={this.close}>
              <span aria-hidden="true">×</span>
            </button>
          </div>
        )}
        {content}
        <p class="sr" aria-live="assertive">
          {this.state.alert}
        </p>
      </div>
    );
    return (
      <>
        {css && <style>{css}</style>}
        {popup ? (
          <dialog
            part="dialog"
            aria-labelledby="t"
            ref={this.dialog}
            onKeyDown={this.trap}
            onCancel={(e) => {
              e.preventDefault();
              this.close();
            }}
          >
            {root}
          </dialog>
        ) : (
          root
        )}
      </>
    );
  }
}

function safe<T>(fn: () => T): T | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}
