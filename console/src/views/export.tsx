// Export: pick what to export, the format and the filters, then download. The file is streamed
// from the collector (fetch → ReadableStream), the bytes received shown as they come; Cancel stops
// it (AbortController). At the end the parts become one Blob behind a download link. Exports need
// the export scope: without it the view says so instead of showing the form.
import { useEffect, useRef, useState } from 'preact/hooks';
import { LEVEL_LABELS } from '#shared/i18n/levels.ts';
import type { Locale } from '#shared/i18n/locale.ts';
import { WARNING_LEVELS, type WarningLevel } from '#shared/model/common.ts';
import { EXPORT_ENTITIES, type ExportEntity } from '#shared/model/interchange.ts';
import { api } from '../api.ts';
import type { Key } from '../strings.ts';
import type { T } from './types.ts';

const FORMATS = ['xlsx', 'csv', 'ndjson'] as const;
type Format = (typeof FORMATS)[number];

interface Form {
  entity: ExportEntity;
  format: Format;
  levels: WarningLevel[];
  owner: string;
  from: string;
  to: string;
  site: string;
}
const START: Form = { entity: 'customers', format: 'xlsx', levels: [], owner: '', from: '', to: '', site: '' };

type State =
  | { kind: 'idle' }
  | { kind: 'running'; bytes: number }
  | { kind: 'done'; url: string; file: string; bytes: number }
  | { kind: 'cancelled' }
  | { kind: 'failed'; message: string };

/** A byte count for people: 930 B, 12.4 KB, 3.1 MB. */
export function sizeText(bytes: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: u === 0 ? 0 : 1 }).format(n)} ${units[u]}`;
}

/** The query string of a form's filters (only those that are set). */
export function exportQuery(form: Form): string {
  const q = new URLSearchParams();
  for (const level of form.levels) q.append('level', level);
  if (form.owner) q.set('owner', form.owner);
  if (form.from) q.set('from', form.from);
  if (form.to) q.set('to', form.to);
  if (form.site && form.entity === 'responses') q.set('site', form.site);
  return q.size > 0 ? `?${q}` : '';
}

function fileNameOf(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get('content-disposition') ?? '')?.[1] ?? fallback;
}

export function ExportView(props: { t: T; locale: Locale; scopes: readonly string[] }) {
  const { t, locale } = props;
  const allowed = props.scopes.includes('export') || props.scopes.includes('admin');
  const [form, setForm] = useState<Form>(START);
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [choices, setChoices] = useState<{ owners: string[]; sites: string[] }>({ owners: [], sites: [] });
  const controller = useRef<AbortController | null>(null);
  const link = useRef<HTMLAnchorElement | null>(null);
  const submit = useRef<HTMLButtonElement | null>(null);
  const cancel = useRef<HTMLButtonElement | null>(null);

  useEffect(() => {
    if (allowed) api<{ owners: string[]; sites: string[] }>('export/choices').then(setChoices, () => {});
    // Leaving the view stops a running download.
    return () => controller.current?.abort();
  }, [allowed]);

  // A finished file's link is clicked once for the user; it stays for saving again. Focus follows
  // the buttons that appear and go (Cancel while running, then the link or Download again).
  useEffect(() => {
    if (state.kind === 'done') {
      link.current?.click();
      link.current?.focus();
    } else if (state.kind === 'cancelled' || state.kind === 'failed') submit.current?.focus();
    return () => {
      if (state.kind === 'done') URL.revokeObjectURL(state.url);
    };
  }, [state]);

  if (!allowed) {
    return (
      <section aria-labelledby="export-heading">
        <h1 id="export-heading">{t('export.heading')}</h1>
        <p class="empty" id="export-no-scope">
          {t('export.noScope', { scopes: props.scopes.join(', ') })}
        </p>
      </section>
    );
  }

  const download = async (e: Event) => {
    e.preventDefault();
    controller.current?.abort();
    const abort = new AbortController();
    controller.current = abort;
    setState({ kind: 'running', bytes: 0 });
    const fallback = `kehu-${form.entity}.${form.format}`;
    try {
      const response = await fetch(`/console/api/export/${form.entity}.${form.format}${exportQuery(form)}`, {
        credentials: 'same-origin',
        signal: abort.signal,
      });
      if (!response.ok || !response.body) {
        const body = (await response.json().catch(() => null)) as {
          message?: string;
          fields?: { path: string; message: string }[];
        } | null;
        const fields = body?.fields?.map((f) => `${f.path.split('.')[0]}: ${f.message}`).join('; ');
        setState({
          kind: 'failed',
          message: t('error.server', { message: [body?.message ?? response.statusText, fields].filter(Boolean).join(' — ') }),
        });
        return;
      }
      const reader = response.body.getReader();
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let bytes = 0;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parts.push(value as Uint8Array<ArrayBuffer>);
        bytes += value.byteLength;
        setState({ kind: 'running', bytes });
      }
      const type = response.headers.get('content-type') ?? 'application/octet-stream';
      const url = URL.createObjectURL(new Blob(parts, { type }));
      setState({ kind: 'done', url, file: fileNameOf(response, fallback), bytes });
    } catch (err) {
      if ((err as Error).name === 'AbortError') setState({ kind: 'cancelled' });
      else setState({ kind: 'failed', message: t('error.network') });
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  };

  const set = (k: 'owner' | 'from' | 'to' | 'site') => (e: Event) =>
    setForm({ ...form, [k]: (e.target as HTMLInputElement).value });
  const toggleLevel = (level: WarningLevel) =>
    setForm({ ...form, levels: form.levels.includes(level) ? form.levels.filter((l) => l !== level) : [...form.levels, level] });
  const running = state.kind === 'running';
  useEffect(() => {
    if (running) cancel.current?.focus();
  }, [running]);

  return (
    <section aria-labelledby="export-heading">
      <h1 id="export-heading">{t('export.heading')}</h1>
      <p class="hint">{t('export.intro')}</p>
      <form class="export-form" onSubmit={download} aria-labelledby="export-heading">
        <div class="filters">
          <label>
            {t('export.entity')}
            <select
              name="entity"
              value={form.entity}
              onChange={(e) => setForm({ ...form, entity: (e.target as HTMLSelectElement).value as ExportEntity })}
            >
              {EXPORT_ENTITIES.map((entity) => (
                <option key={entity} value={entity}>
                  {t(`export.entity.${entity}` as Key)}
                </option>
              ))}
            </select>
          </label>
          <fieldset>
            <legend>{t('export.format')}</legend>
            {FORMATS.map((format) => (
              <label key={format} class="choice">
                <input
                  type="radio"
                  name="format"
                  value={format}
                  checked={form.format === format}
                  onChange={() => setForm({ ...form, format })}
                />{' '}
                {t(`export.format.${format}` as Key)}
              </label>
            ))}
          </fieldset>
        </div>
        <div class="filters">
          <fieldset>
            <legend>{t('export.level')}</legend>
            {[...WARNING_LEVELS].reverse().map((level) => (
              <label key={level} class="choice">
                <input
                  type="checkbox"
                  name="level"
                  value={level}
                  checked={form.levels.includes(level)}
                  onChange={() => toggleLevel(level)}
                />{' '}
                {LEVEL_LABELS[locale][level]}
              </label>
            ))}
          </fieldset>
          <label>
            {t('export.owner')}
            <select name="owner" value={form.owner} onChange={set('owner')}>
              <option value="">{t('customers.any')}</option>
              {choices.owners.map((o) => (
                <option key={o} value={o}>
                  {o}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('export.from')}
            <input type="date" name="from" value={form.from} onInput={set('from')} />
          </label>
          <label>
            {t('export.to')}
            <input type="date" name="to" value={form.to} onInput={set('to')} />
          </label>
          {form.entity === 'responses' ? (
            <label>
              {t('export.site')}
              <select name="site" value={form.site} onChange={set('site')}>
                <option value="">{t('customers.any')}</option>
                {choices.sites.map((s) => (
                  <option key={s} value={s}>
                    {s}
                  </option>
                ))}
              </select>
            </label>
          ) : null}
        </div>
        <p class="hint">{t('export.filtersHint')}</p>
        <p>
          <button type="submit" ref={submit} disabled={running}>
            {t('export.download')}
          </button>{' '}
          {running ? (
            <button type="button" ref={cancel} onClick={() => controller.current?.abort()}>
              {t('export.cancel')}
            </button>
          ) : null}
        </p>
      </form>
      {running ? (
        <p class="progress">
          <progress aria-labelledby="export-received" />{' '}
          <span id="export-received">{t('export.received', { size: sizeText(state.bytes, locale) })}</span>
        </p>
      ) : null}
      <p role="status" class={state.kind === 'failed' ? 'error' : 'count'}>
        {state.kind === 'running' ? t('export.running') : null}
        {state.kind === 'cancelled' ? t('export.cancelled') : null}
        {state.kind === 'failed' ? state.message : null}
        {state.kind === 'done' ? t('export.done', { size: sizeText(state.bytes, locale) }) : null}
      </p>
      {state.kind === 'done' ? (
        <p>
          <a ref={link} href={state.url} download={state.file}>
            {t('export.save', { file: state.file })}
          </a>
        </p>
      ) : null}
    </section>
  );
}
