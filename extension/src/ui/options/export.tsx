// Export: any entity, as CSV for Excel (UTF-8 with a byte-order mark, formula-safe) or as NDJSON,
// all of it or filtered by warning level, owner and date range; streamed to the file with a
// progress bar and a cancel button.
import { EXPORT_ENTITIES, type ExportEntity, type FileFormat } from '#shared/model/interchange.ts';
import { WARNING_LEVELS, type WarningLevel } from '#shared/model/index.ts';
import { useRef, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { errorText, useLoad } from '../hooks.tsx';
import { type Locale, levelLabel } from '../i18n.ts';
import { LEVEL_GLYPH } from '../level-chip.tsx';
import { fmtNumber, fromLocalInput, t } from '../text.ts';
import { Field } from '../widgets.tsx';
import { fileName, openSink, runExport } from './export-pipeline.ts';

/**
 * Records read per chunk: large enough to keep messages and reads few (about 2 MB of text each),
 * small enough that a chunk is quick and memory stays flat.
 */
const CHUNK = 20_000;

export function ExportSection({ locale }: { locale: Locale }) {
  const [summary] = useLoad(() => api.dataSummary(undefined), []);
  const [entity, setEntity] = useState<ExportEntity>('customers');
  const [format, setFormat] = useState<FileFormat>('csv');
  const [levels, setLevels] = useState<Set<WarningLevel>>(new Set());
  const [owner, setOwner] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [progress, setProgress] = useState<{ rows: number; share: number } | null>(null);
  const [result, setResult] = useState('');
  const [error, setError] = useState('');
  const abort = useRef<AbortController | null>(null);

  const start = async () => {
    setError('');
    setResult('');
    // The save dialog first: it needs this click.
    let sink: Awaited<ReturnType<typeof openSink>>;
    try {
      sink = await openSink(fileName(entity, format), format, t(locale, `format.${format}`));
    } catch (e) {
      return setError(errorText(e));
    }
    if (!sink) return;
    const fromIso = from ? fromLocalInput(from) : null;
    // "To" is a day: everything up to the end of it.
    const toIso = to ? fromLocalInput(to) : null;
    const filter = {
      ...(levels.size ? { levels: [...levels] } : {}),
      ...(owner ? { owner } : {}),
      ...(fromIso ? { from: fromIso } : {}),
      ...(toIso ? { to: new Date(Date.parse(toIso) + 86_400_000).toISOString() } : {}),
    };
    const controller = new AbortController();
    abort.current = controller;
    const total = Math.max(1, await api.exportTotalOf({ entity }));
    const run = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    setProgress({ rows: 0, share: 0 });
    try {
      const r = await runExport(
        (after) => api.exportChunkOf({ entity, format, filter, after, limit: CHUNK, run }),
        sink,
        (p) => setProgress({ rows: p.rows, share: Math.min(1, p.scanned / total) }),
        controller.signal,
      );
      setResult(
        r.cancelled
          ? t(locale, 'export.cancelled')
          : t(locale, sink.kind === 'file' ? 'export.doneFile' : 'export.doneDownload', { rows: fmtNumber(locale, r.rows) }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setProgress(null);
    }
  };

  const owners = summary.state === 'ready' ? summary.data.owners : [];
  const counts = summary.state === 'ready' ? summary.data.counts : null;
  const busy = progress !== null;
  return (
    <section id="export" aria-labelledby="export-head">
      <h2 id="export-head">{t(locale, 'options.export')}</h2>
      <p class="muted">{t(locale, 'export.intro')}</p>
      <div class="grid2">
        <Field label={t(locale, 'export.entity')}>
          {(p) => (
            <select
              {...p}
              value={entity}
              disabled={busy}
              onChange={(e) => setEntity((e.currentTarget as HTMLSelectElement).value as ExportEntity)}
            >
              {EXPORT_ENTITIES.map((x) => (
                <option key={x} value={x}>
                  {t(locale, `entity.${x}`)}
                  {counts ? ` (${fmtNumber(locale, counts[x] ?? 0)})` : ''}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t(locale, 'export.format')}>
          {(p) => (
            <select
              {...p}
              value={format}
              disabled={busy}
              onChange={(e) => setFormat((e.currentTarget as HTMLSelectElement).value as FileFormat)}
            >
              <option value="csv">{t(locale, 'format.csv')}</option>
              <option value="ndjson">{t(locale, 'format.ndjson')}</option>
            </select>
          )}
        </Field>
      </div>
      <fieldset style={{ marginTop: '8px' }}>
        <legend>{t(locale, 'export.filters')}</legend>
        <p class="small muted">{t(locale, 'export.filtersHint')}</p>
        <fieldset>
          <legend>{t(locale, 'export.levels')}</legend>
          <div class="row">
            {[...WARNING_LEVELS].reverse().map((l) => (
              <label key={l} class="check">
                <input
                  type="checkbox"
                  checked={levels.has(l)}
                  disabled={busy}
                  onChange={(e) => {
                    const next = new Set(levels);
                    if ((e.currentTarget as HTMLInputElement).checked) next.add(l);
                    else next.delete(l);
                    setLevels(next);
                  }}
                />
                <span>
                  <span aria-hidden="true">{LEVEL_GLYPH[l]} </span>
                  {levelLabel(locale, l)}
                </span>
              </label>
            ))}
          </div>
        </fieldset>
        <div class="grid2" style={{ marginTop: '8px' }}>
          <Field label={t(locale, 'export.owner')}>
            {(p) => (
              <select
                {...p}
                value={owner}
                disabled={busy}
                onChange={(e) => setOwner((e.currentTarget as HTMLSelectElement).value)}
              >
                <option value="">{t(locale, 'export.anyOwner')}</option>
                {owners.map((o) => (
                  <option key={o} value={o}>
                    {o}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <div />
          <Field label={t(locale, 'export.from')} hint={t(locale, `export.dateOf.${entity}`)}>
            {(p) => (
              <input
                {...p}
                type="date"
                value={from}
                disabled={busy}
                onInput={(e) => setFrom((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
          <Field label={t(locale, 'export.to')}>
            {(p) => (
              <input
                {...p}
                type="date"
                value={to}
                disabled={busy}
                onInput={(e) => setTo((e.currentTarget as HTMLInputElement).value)}
              />
            )}
          </Field>
        </div>
      </fieldset>
      <div class="row" style={{ marginTop: '8px' }}>
        <button type="button" class="primary" onClick={start} disabled={busy}>
          {t(locale, 'export.run')}
        </button>
      </div>
      {progress && (
        <div class="stack" style={{ marginTop: '8px' }}>
          <label>
            {t(locale, 'export.running', { rows: fmtNumber(locale, progress.rows) })}
            <progress
              max={1}
              value={progress.share}
              aria-valuetext={t(locale, 'progress.percent', { percent: Math.round(progress.share * 100) })}
            />
          </label>
          <div>
            <button type="button" onClick={() => abort.current?.abort()}>
              {t(locale, 'action.cancel')}
            </button>
          </div>
        </div>
      )}
      <div aria-live="polite">{result && <p class="notice ok">{result}</p>}</div>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}
