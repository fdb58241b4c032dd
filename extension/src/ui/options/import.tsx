// Import: choose a file → match its columns (guessed from the header, in Chinese or English) →
// preview every rejected row with its line, field and reason → import with a progress bar and a
// cancel button. Importing the same file again updates the records instead of doubling them.
import { IMPORT_ENTITIES, type FileFormat, type ImportEntity } from '#shared/model/interchange.ts';
import { useRef, useState } from 'preact/hooks';
import { api } from '../../api/client.ts';
import { rejectionText } from '#shared/i18n/import-reasons.ts';
import { reasonText } from '../errors.ts';
import { errorText } from '../hooks.tsx';
import type { Locale } from '../i18n.ts';
import { fmtNumber, hasText, t } from '../text.ts';
import { Field } from '../widgets.tsx';
import {
  type ColumnMapping,
  type FileHead,
  formatOf,
  guessColumns,
  type ImportTotals,
  importColumns,
  importFile,
  type Preview,
  previewFile,
  readHead,
  missingColumns,
} from './import-pipeline.ts';

type Stage =
  | { stage: 'choose' }
  | { stage: 'map' }
  | { stage: 'previewing' }
  | { stage: 'previewed'; preview: Preview }
  | { stage: 'importing' }
  | { stage: 'done'; totals: ImportTotals; preview: Preview | null };

/** Records per message to the background (the API takes up to 5,000). */
const IMPORT_BATCH = 2500;

const importContext = () => ({
  now: new Date().toISOString(),
  by: 'import',
  timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
});

export function ImportSection({ locale }: { locale: Locale }) {
  const [entity, setEntity] = useState<ImportEntity>('customers');
  const [file, setFile] = useState<File | null>(null);
  const [format, setFormat] = useState<FileFormat>('csv');
  const [head, setHead] = useState<FileHead | null>(null);
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [constants, setConstants] = useState<Record<string, string>>({});
  const [stage, setStage] = useState<Stage>({ stage: 'choose' });
  const [progress, setProgress] = useState(0);
  const [error, setError] = useState('');
  const [reassess, setReassess] = useState<{ state: 'running' | 'done' | 'failed'; count: number; error?: string } | null>(null);
  const abort = useRef<AbortController | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);

  const reset = () => {
    setFile(null);
    setHead(null);
    setMapping({});
    setConstants({});
    setStage({ stage: 'choose' });
    setProgress(0);
    setReassess(null);
    if (fileInput.current) fileInput.current.value = '';
  };

  const load = async (f: File | null, e: ImportEntity, fmt?: FileFormat) => {
    setError('');
    setHead(null);
    setStage({ stage: 'choose' });
    if (!f) return;
    const chosen = fmt ?? formatOf(f.name);
    setFormat(chosen);
    if (chosen === 'ndjson') return setStage({ stage: 'map' });
    try {
      const h = await readHead(f);
      setHead(h);
      setMapping(guessColumns(e, h.header));
      setConstants({});
      setStage({ stage: 'map' });
    } catch (err) {
      setError(reasonText(locale, errorText(err)));
    }
  };

  const missing = format === 'csv' ? missingColumns(entity, mapping, constants) : [];

  const preview = async () => {
    if (!file) return;
    setError('');
    setProgress(0);
    const controller = new AbortController();
    abort.current = controller;
    setStage({ stage: 'previewing' });
    try {
      const p = await previewFile(file, {
        entity,
        format,
        mapping,
        constants,
        ctx: importContext(),
        onBytes: (read) => setProgress(read / Math.max(1, file.size)),
        signal: controller.signal,
      });
      setStage(controller.signal.aborted ? { stage: 'map' } : { stage: 'previewed', preview: p });
    } catch (err) {
      setError(reasonText(locale, errorText(err)));
      setStage({ stage: 'map' });
    }
  };

  const run = async (p: Preview | null) => {
    if (!file) return;
    setError('');
    setProgress(0);
    const controller = new AbortController();
    abort.current = controller;
    setStage({ stage: 'importing' });
    const run = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    try {
      const totals = await importFile(
        file,
        {
          entity,
          format,
          mapping,
          constants,
          ctx: importContext(),
          onBytes: (read) => setProgress(read / Math.max(1, file.size)),
          signal: controller.signal,
          // Few, large write transactions are what IndexedDB handles fastest; the page maps the next batch meanwhile.
          batchSize: IMPORT_BATCH,
        },
        (e, records) => api.importRecords({ entity: e, records, run } as Parameters<typeof api.importRecords>[0]),
      );
      setStage({ stage: 'done', totals, preview: p });
      // The records are stored: the rep can go on. Warning levels follow for every customer the
      // import touched, once, in slices the API accepts; badges update as they are reassessed.
      const ids = [...totals.customerIds];
      setReassess({ state: 'running', count: ids.length });
      try {
        for (let i = 0; i < ids.length || i === 0; i += 50_000) await api.reassess({ customerIds: ids.slice(i, i + 50_000) });
        setReassess({ state: 'done', count: ids.length });
      } catch (err) {
        setReassess({ state: 'failed', count: ids.length, error: errorText(err) });
      }
    } catch (err) {
      setError(reasonText(locale, errorText(err)));
      setStage(p ? { stage: 'previewed', preview: p } : { stage: 'map' });
    }
  };

  const busy = stage.stage === 'previewing' || stage.stage === 'importing';
  return (
    <section id="import" aria-labelledby="import-head">
      <h2 id="import-head">{t(locale, 'options.import')}</h2>
      <p class="muted">{t(locale, 'import.intro')}</p>
      <div class="grid2">
        <Field label={t(locale, 'import.entity')}>
          {(p) => (
            <select
              {...p}
              value={entity}
              disabled={busy}
              onChange={(e) => {
                const next = (e.currentTarget as HTMLSelectElement).value as ImportEntity;
                setEntity(next);
                if (head) setMapping(guessColumns(next, head.header));
                setConstants({});
                if (stage.stage !== 'choose') setStage({ stage: 'map' });
              }}
            >
              {IMPORT_ENTITIES.map((x) => (
                <option key={x} value={x}>
                  {t(locale, `entity.${x}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label={t(locale, 'import.file')} hint={t(locale, 'import.fileHint')}>
          {(p) => (
            <input
              {...p}
              ref={fileInput}
              type="file"
              accept=".csv,.txt,.tsv,.ndjson,.jsonl,text/csv,application/x-ndjson"
              disabled={busy}
              onChange={(e) => {
                const f = (e.currentTarget as HTMLInputElement).files?.[0] ?? null;
                setFile(f);
                void load(f, entity);
              }}
            />
          )}
        </Field>
      </div>
      {file && (
        <Field label={t(locale, 'import.format')}>
          {(p) => (
            <select
              {...p}
              value={format}
              disabled={busy}
              onChange={(e) => void load(file, entity, (e.currentTarget as HTMLSelectElement).value as FileFormat)}
            >
              <option value="csv">{t(locale, 'format.csv')}</option>
              <option value="ndjson">{t(locale, 'format.ndjson')}</option>
            </select>
          )}
        </Field>
      )}
      {stage.stage !== 'choose' && format === 'csv' && head && (
        <MappingTable
          entity={entity}
          head={head}
          mapping={mapping}
          constants={constants}
          onChange={(m, c) => {
            setMapping(m);
            setConstants(c);
            if (stage.stage === 'previewed') setStage({ stage: 'map' });
          }}
          locale={locale}
          disabled={busy}
        />
      )}
      {stage.stage !== 'choose' && format === 'ndjson' && <p class="small muted">{t(locale, 'import.ndjsonHint')}</p>}
      {missing.length > 0 && stage.stage !== 'choose' && (
        <p class="error" role="alert">
          {t(locale, 'import.missing', { columns: missing.join(', ') })}
        </p>
      )}
      {(stage.stage === 'map' || stage.stage === 'previewed') && (
        <div class="row" style={{ marginTop: '8px' }}>
          <button type="button" onClick={preview} disabled={missing.length > 0} class={stage.stage === 'map' ? 'primary' : ''}>
            {t(locale, 'import.preview')}
          </button>
        </div>
      )}
      {busy && (
        <div class="stack" style={{ marginTop: '8px' }}>
          <label>
            {stage.stage === 'previewing' ? t(locale, 'import.previewing') : t(locale, 'import.importing')}
            <progress
              max={1}
              value={progress}
              aria-valuetext={t(locale, 'progress.percent', { percent: Math.round(progress * 100) })}
            />
          </label>
          <p class="small muted" aria-live="polite">
            {t(locale, 'progress.percent', { percent: Math.round(progress * 100) })}
          </p>
          <div>
            <button type="button" onClick={() => abort.current?.abort()}>
              {t(locale, 'action.cancel')}
            </button>
          </div>
        </div>
      )}
      {stage.stage === 'previewed' && (
        <PreviewResult preview={stage.preview} locale={locale} onImport={() => run(stage.preview)} />
      )}
      {stage.stage === 'done' && (
        <div class={`notice ${stage.totals.cancelled ? 'warn' : 'ok'}`} role="status">
          <p>
            <strong>{stage.totals.cancelled ? t(locale, 'import.cancelled') : t(locale, 'import.done')}</strong>
          </p>
          <p>
            {t(locale, 'import.totals', {
              added: fmtNumber(locale, stage.totals.added),
              updated: fmtNumber(locale, stage.totals.updated),
              unchanged: fmtNumber(locale, stage.totals.unchanged),
              rejected: fmtNumber(locale, stage.totals.rejectedRows),
            })}
          </p>
          {stage.totals.byName > 0 && (
            <p class="small">{t(locale, 'import.byName', { count: fmtNumber(locale, stage.totals.byName) })}</p>
          )}
          {stage.totals.unknownCustomer > 0 && (
            <p class="small">
              <strong>
                {t(locale, 'import.unknownCustomers', {
                  count: fmtNumber(locale, stage.totals.unknownCustomer),
                  examples: stage.totals.unknownExamples.join(locale === 'zh-CN' ? '、' : ', '),
                })}
              </strong>
            </p>
          )}
          {reassess && reassess.count > 0 && (
            <p class="small">
              {reassess.state === 'running'
                ? t(locale, 'import.reassessing', { count: fmtNumber(locale, reassess.count) })
                : reassess.state === 'done'
                  ? t(locale, 'import.reassessed', { count: fmtNumber(locale, reassess.count) })
                  : `${t(locale, 'import.reassessFailed')} ${reassess.error ?? ''}`}
            </p>
          )}
          <button type="button" onClick={reset}>
            {t(locale, 'import.another')}
          </button>
        </div>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
    </section>
  );
}

/** Columns whose value can be the same for every row, with the values to choose from. */
const CONSTANT_CHOICES: Partial<Record<ImportEntity, Record<string, readonly string[]>>> = {
  customers: { tier: ['key', 'general', 'potential', 'no-need'] },
  contacts: { status: ['active', 'left'] },
  interactions: { kind: ['order', 'payment', 'return', 'call', 'meeting', 'visit', 'email_in', 'email_out', 'note'] },
  cases: {
    category: ['product', 'service', 'delivery', 'billing', 'staff', 'other'],
    severity: ['low', 'medium', 'high', 'critical'],
  },
  responses: { kind: ['nps', 'csat', 'ces', 'suggestion', 'complaint', 'praise', 'exit'] },
};

function constantLabel(locale: Locale, column: string, value: string): string {
  const key =
    column === 'tier'
      ? `card.tier.${value}`
      : column === 'status'
        ? `contact.status.${value}`
        : column === 'category'
          ? `case.category.${value}`
          : column === 'severity'
            ? `case.severity.${value}`
            : `kind.${value}`;
  return hasText(key) ? t(locale, key) : value;
}

function MappingTable({
  entity,
  head,
  mapping,
  constants,
  onChange,
  locale,
  disabled,
}: {
  entity: ImportEntity;
  head: FileHead;
  mapping: ColumnMapping;
  constants: Record<string, string>;
  onChange: (m: ColumnMapping, constants: Record<string, string>) => void;
  locale: Locale;
  disabled: boolean;
}) {
  return (
    <fieldset style={{ marginTop: '8px' }}>
      <legend>{t(locale, 'import.mapping')}</legend>
      <p class="small muted">{t(locale, 'import.mappingHint', { columns: fmtNumber(locale, head.header.length) })}</p>
      <table class="mapping">
        <thead>
          <tr>
            <th scope="col">{t(locale, 'import.kehuField')}</th>
            <th scope="col">{t(locale, 'import.fileColumn')}</th>
            <th scope="col">{t(locale, 'import.sample')}</th>
          </tr>
        </thead>
        <tbody>
          {importColumns(entity).map(({ column, required }) => {
            const index = mapping[column];
            const constant = index === undefined ? constants[column] : undefined;
            const choices = CONSTANT_CHOICES[entity]?.[column] ?? [];
            const id = `map-${column}`;
            return (
              <tr key={column}>
                <th scope="row">
                  <label for={id}>
                    {t(locale, `column.${column}` as 'column.id')} <code class="small muted">{column}</code>
                    {required && <span class="small"> ({t(locale, 'import.required')})</span>}
                  </label>
                </th>
                <td>
                  <select
                    id={id}
                    value={index !== undefined ? String(index) : constant ? `=${constant}` : ''}
                    disabled={disabled}
                    aria-invalid={required && index === undefined && !constant ? true : undefined}
                    onChange={(e) => {
                      const v = (e.currentTarget as HTMLSelectElement).value;
                      const next = { ...mapping };
                      const nextConstants = { ...constants };
                      delete nextConstants[column];
                      delete next[column];
                      if (v.startsWith('=')) nextConstants[column] = v.slice(1);
                      else if (v !== '') {
                        // One file column feeds one field: choosing it here takes it from any other.
                        for (const [k, i] of Object.entries(next)) if (String(i) === v) delete next[k];
                        next[column] = Number(v);
                      }
                      onChange(next, nextConstants);
                    }}
                  >
                    <option value="">{t(locale, 'import.notImported')}</option>
                    <optgroup label={t(locale, 'import.fromColumn')}>
                      {head.header.map((h, i) => (
                        <option key={i} value={String(i)}>
                          {h || t(locale, 'import.columnN', { n: i + 1 })}
                        </option>
                      ))}
                    </optgroup>
                    {choices.length > 0 && (
                      <optgroup label={t(locale, 'import.everyRow')}>
                        {choices.map((c) => (
                          <option key={c} value={`=${c}`}>
                            {constantLabel(locale, column, c)}
                          </option>
                        ))}
                      </optgroup>
                    )}
                  </select>
                </td>
                <td class="small muted">
                  {index === undefined
                    ? constant
                      ? t(locale, 'import.sameEveryRow')
                      : ''
                    : head.sample
                        .map((r) => r[index] ?? '')
                        .filter(Boolean)
                        .slice(0, 3)
                        .join(' · ')}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </fieldset>
  );
}

function PreviewResult({ preview, locale, onImport }: { preview: Preview; locale: Locale; onImport: () => void }) {
  return (
    <div class="stack" style={{ marginTop: '8px' }}>
      <p class={`notice ${preview.rejectedRows || preview.warnedRows ? 'warn' : 'ok'}`} role="status">
        {t(locale, 'import.previewSummary', {
          rows: fmtNumber(locale, preview.rows),
          valid: fmtNumber(locale, preview.valid),
          rejected: fmtNumber(locale, preview.rejectedRows),
        })}
        {preview.warnedRows > 0 && ` ${t(locale, 'import.warnedSummary', { count: fmtNumber(locale, preview.warnedRows) })}`}
        {preview.duplicateIds > 0 && ` ${t(locale, 'import.duplicates', { count: fmtNumber(locale, preview.duplicateIds) })}`}
      </p>
      {preview.rejections.length > 0 && (
        <LineTable name={t(locale, 'import.rejections')} lines={preview.rejections} locale={locale} />
      )}
      {preview.rejections.length < preview.rejectedRows && (
        <p class="small muted">{t(locale, 'import.moreRejections', { shown: fmtNumber(locale, preview.rejections.length) })}</p>
      )}
      {preview.warnings.length > 0 && (
        <>
          <p class="small">{t(locale, 'import.warningsHint')}</p>
          <LineTable name={t(locale, 'import.warnings')} lines={preview.warnings} locale={locale} />
        </>
      )}
      {preview.warnings.length > 0 && preview.warnings.length < preview.warnedRows && (
        <p class="small muted">{t(locale, 'import.moreWarnings', { shown: fmtNumber(locale, preview.warnings.length) })}</p>
      )}
      <div class="row">
        <button type="button" class="primary" onClick={onImport} disabled={preview.valid === 0}>
          {preview.rejectedRows > 0
            ? t(locale, 'import.runSkipping', { valid: fmtNumber(locale, preview.valid) })
            : t(locale, 'import.run', { valid: fmtNumber(locale, preview.valid) })}
        </button>
      </div>
    </div>
  );
}

/** A scrollable table of file lines: line number, the field, and what is wrong or how it was read. */
function LineTable({ name, lines, locale }: { name: string; lines: Preview['rejections']; locale: Locale }) {
  return (
    <section
      class="rejections"
      aria-label={name}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it.
      tabIndex={0}
    >
      <table>
        <caption class="visually-hidden">{name}</caption>
        <thead>
          <tr>
            <th scope="col">{t(locale, 'import.line')}</th>
            <th scope="col">{t(locale, 'import.field')}</th>
            <th scope="col">{t(locale, 'import.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((r, i) => (
            <tr key={i}>
              <td>{fmtNumber(locale, r.line)}</td>
              <td>
                <code>{r.field ?? ''}</code>
              </td>
              <td>{rejectionText(locale, r)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
