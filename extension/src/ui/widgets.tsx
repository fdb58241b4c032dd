// Small accessible building blocks for the extension's pages: a modal dialog (the native <dialog>:
// focus stays inside, Escape closes), tabs (arrow keys move between them), a labelled form field
// that wires its hint and error to the input, and a confirmation step.
import type { ComponentChildren, TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';
import type { Locale } from './i18n.ts';
import { t } from './text.ts';

export function Modal({
  title,
  onClose,
  children,
  locale,
  wide = false,
}: {
  title: string;
  onClose: () => void;
  children: ComponentChildren;
  locale: Locale;
  wide?: boolean;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    // Remember what had focus before the dialog takes it: focus goes back there on close.
    const opener = document.activeElement as HTMLElement | null;
    const d = ref.current;
    if (d && !d.open) d.showModal();
    // Focus goes back to what opened the dialog.
    return () => opener?.focus?.();
  }, []);
  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      style={wide ? { width: 'min(760px, calc(100vw - 24px))' } : undefined}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <div class="dialog-body">
        <div class="dialog-head">
          <h2 id={titleId} style={{ margin: 0 }}>
            {title}
          </h2>
          <button type="button" onClick={onClose} aria-label={t(locale, 'action.close')}>
            ✕
          </button>
        </div>
        {children}
      </div>
    </dialog>
  );
}

export interface TabSpec {
  id: string;
  label: string;
  count?: number | undefined;
  countLabel?: string | undefined;
}

/** A tab list; the panel for the selected tab is rendered by the caller inside <TabPanel>. */
export function Tabs({
  tabs,
  selected,
  onSelect,
  label,
  idPrefix,
}: {
  tabs: TabSpec[];
  selected: string;
  onSelect: (id: string) => void;
  label: string;
  idPrefix: string;
}) {
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKey = (e: TargetedKeyboardEvent<HTMLElement>, i: number) => {
    const n = tabs.length;
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % n
        : e.key === 'ArrowLeft'
          ? (i - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    onSelect(tabs[to]!.id);
    refs.current[to]?.focus();
  };
  return (
    <div role="tablist" aria-label={label}>
      {tabs.map((tab, i) => (
        <button
          type="button"
          role="tab"
          key={tab.id}
          id={`${idPrefix}-tab-${tab.id}`}
          aria-selected={tab.id === selected}
          aria-controls={`${idPrefix}-panel-${tab.id}`}
          tabIndex={tab.id === selected ? 0 : -1}
          ref={(el) => {
            refs.current[i] = el;
          }}
          onClick={() => onSelect(tab.id)}
          onKeyDown={(e) => onKey(e, i)}
        >
          {tab.label}
          {tab.count ? (
            <span class="badge-count">
              {tab.count}
              {tab.countLabel && <span class="visually-hidden"> {tab.countLabel}</span>}
            </span>
          ) : null}
        </button>
      ))}
    </div>
  );
}

export function TabPanel({ idPrefix, id, children }: { idPrefix: string; id: string; children: ComponentChildren }) {
  return (
    <div role="tabpanel" id={`${idPrefix}-panel-${id}`} aria-labelledby={`${idPrefix}-tab-${id}`}>
      {children}
    </div>
  );
}

export interface FieldProps {
  id: string;
  'aria-describedby'?: string;
  'aria-invalid'?: boolean;
}

/**
 * A labelled field. The control is rendered by `children(props)`, which get the id, and the
 * description (hint and error) wired through aria-describedby, so screen readers read both.
 */
export function Field({
  label,
  hint,
  error,
  required,
  children,
  class: cls,
}: {
  label: string;
  hint?: string | undefined;
  error?: string | undefined;
  required?: boolean;
  children: (props: FieldProps) => ComponentChildren;
  class?: string;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ');
  return (
    <div class={`field ${cls ?? ''}`}>
      <label class="label" for={id}>
        {label}
        {required ? (
          <span aria-hidden="true" class="muted">
            {' '}
            *
          </span>
        ) : null}
      </label>
      {children({ id, ...(describedBy ? { 'aria-describedby': describedBy } : {}), ...(error ? { 'aria-invalid': true } : {}) })}
      {hint && (
        <span class="hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span class="error" id={errorId}>
          {error}
        </span>
      )}
    </div>
  );
}

/** Errors by field, from the store's `{field, message}` list. */
export function errorsByField(errors: readonly { field: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of errors) out[e.field] = out[e.field] ? `${out[e.field]}; ${e.message}` : e.message;
  return out;
}

/** A list of text as typed in one input: split on commas, semicolons (also full-width) and new lines. */
export function splitList(text: string): string[] {
  return text
    .split(/[,;，；、\n]/)
    .map((s) => s.trim())
    .filter(Boolean);
}
