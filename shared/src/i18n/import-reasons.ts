// Why an import row was refused, or read differently, in zh-CN and en. The import mapper
// (codecs/interchange.ts, codecs/ndjson.ts) gives each rejection and warning a code and its
// parameters beside the English sentence; the extension's import preview and `kehu import` say it
// from the code, and a schema check's own zod issue with zod's zh-CN locale.
import type { Rejection } from '../model/interchange.ts';
import { fieldProblemText } from './collector-errors.ts';
import { type Locale, type Messages, format } from './locale.ts';

export const IMPORT_REASON_CODES = [
  'not_number',
  'not_whole',
  'not_date',
  'required',
  'not_yes_no',
  'not_email',
  'not_domain',
  'free_mail',
  'score_required',
  'score_range',
  'score_empty',
  'needs_customer',
  'not_object',
  'not_json',
  'line_too_long',
  'read_as_closest',
  'read_as_fallback',
  'left_empty',
] as const;
export type ImportReasonCode = (typeof IMPORT_REASON_CODES)[number];

/** The reasons in Chinese; in English the mapper's own sentence is the text. */
export const IMPORT_REASON_TEXT: Pick<Messages<ImportReasonCode>, 'zh-CN'> = {
  'zh-CN': {
    not_number: '“{value}”不是数字',
    not_whole: '“{value}”不是整数',
    not_date: '“{value}”不是日期（请用 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM:SS）',
    required: '为必填项',
    not_yes_no: '“{value}”不是“是”或“否”',
    not_email: '“{value}”不是电子邮件地址',
    not_domain: '“{value}”不是域名',
    not_json: '不是有效的 JSON：{detail}',
    free_mail: '“{value}”是免费邮箱域名，无法用来识别客户',
    score_required: '{kind} 必须填写分数',
    score_range: '{kind} 的分数须在 {min}–{max} 之间',
    score_empty: '{kind} 不应填写分数',
    needs_customer: '每行需要 customer_id 或 respondent_email',
    not_object: '每行必须是一个 JSON 对象',
    line_too_long: '该行超过 {max} 个字符',
    read_as_closest: '“{value}”不在可选值（{allowed}）中：按最接近的含义读作“{read}”',
    read_as_fallback: '“{value}”不在可选值（{allowed}）中：读作“{read}”，原值已保留',
    left_empty: '“{value}”不在可选值（{allowed}）中：留空（使用默认值），原值已保留',
  },
};

function isImportReasonCode(code: unknown): code is ImportReasonCode {
  return typeof code === 'string' && (IMPORT_REASON_CODES as readonly string[]).includes(code);
}

/** A rejection or warning in `locale`: from its code, else zod's own words, else the English as sent. */
export function rejectionText(locale: Locale, r: Pick<Rejection, 'error' | 'code' | 'params' | 'field'>): string {
  if (locale === 'en') return r.error;
  if (isImportReasonCode(r.code)) {
    const params: Record<string, string | number> = {};
    for (const [k, v] of Object.entries(r.params ?? {})) params[k] = typeof v === 'number' ? v.toLocaleString(locale) : String(v);
    return format(IMPORT_REASON_TEXT[locale][r.code], params);
  }
  return fieldProblemText(locale, { path: r.field ?? '', message: r.error, code: r.code, params: r.params });
}
