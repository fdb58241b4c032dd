// A dated log of short notes (when, who, what) and the form that adds one: the actions taken on an
// alert (alert.tsx) and what was said to the customer about an alert or case (roles.tsx).
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import type { Locale } from '../i18n.ts';
import { fmtDateTime, t } from '../text.ts';
import { Field } from '../widgets.tsx';

export interface Note {
  at: string;
  by?: string | undefined;
  text: string;
}

export interface NoteForm {
  label: string;
  hint?: string;
  button: string;
  busy: boolean;
  /** Add the note; true when it was stored (the field is then cleared). */
  onAdd: (text: string) => Promise<boolean>;
}

export function NoteLog({
  id,
  title,
  empty,
  notes,
  form,
  locale,
  children,
}: {
  /** The heading's id, which names the section. */
  id: string;
  title: string;
  /** Shown while there are no notes. */
  empty: string;
  notes: readonly Note[];
  /** Without it the log is only read (a closed alert). */
  form?: NoteForm | undefined;
  locale: Locale;
  /** After the form: an error of the section, say. */
  children?: ComponentChildren;
}) {
  const [text, setText] = useState('');
  const [missing, setMissing] = useState(false);
  return (
    <section aria-labelledby={id} class="stack">
      <h3 id={id}>{title}</h3>
      {notes.length === 0 ? (
        <p class="muted">{empty}</p>
      ) : (
        <ul>
          {notes.map((x) => (
            <li key={`${x.at}${x.text}`}>
              <span class="small muted">
                {fmtDateTime(locale, x.at)}
                {x.by ? ` · ${x.by}` : ''}
              </span>{' '}
              {x.text}
            </li>
          ))}
        </ul>
      )}
      {form && (
        <form
          class="stack"
          onSubmit={async (e) => {
            e.preventDefault();
            if (!text.trim()) return setMissing(true);
            setMissing(false);
            if (await form.onAdd(text)) setText('');
          }}
        >
          <Field label={form.label} hint={form.hint} error={missing ? t(locale, 'err.required') : undefined}>
            {(fp) => (
              <textarea {...fp} rows={2} value={text} onInput={(e) => setText((e.currentTarget as HTMLTextAreaElement).value)} />
            )}
          </Field>
          <div>
            <button type="submit" disabled={form.busy}>
              {form.button}
            </button>
          </div>
        </form>
      )}
      {children}
    </section>
  );
}
