// What the collector's error codes mean, in zh-CN and en. Every error body the collector sends is
// {error: code, message, fields?}: the code is stable and listed here, so clients (the console, the
// extension, scripts) say it in the user's language instead of showing the English message. Field
// problems carry zod's issue code and parameters when their message is zod's own, and are said
// with zod's zh-CN locale; Kehu's own field messages stay as written.
import zhCN from 'zod/v4/locales/zh-CN.js';
import type { Locale, Messages } from './locale.ts';
import { SAMPLE_INPUT } from './zod-words.ts';

export const COLLECTOR_ERROR_CODES = [
  'bad_body',
  'bad_file',
  'bad_json',
  'invalid',
  'rejected',
  'unauthorized',
  'bad_origin',
  'forbidden',
  'origin_not_allowed',
  'unknown_site_key',
  'not_found',
  'conflict',
  'row_too_large',
  'too_large',
  'unsupported_type',
  'rate_limited',
  'store_unavailable',
  'draining',
  'migrating',
  'internal',
] as const;
export type CollectorErrorCode = (typeof COLLECTOR_ERROR_CODES)[number];

export const COLLECTOR_ERROR_TEXT: Messages<CollectorErrorCode> = {
  en: {
    bad_body: 'The request could not be read.',
    bad_file: 'The file could not be read.',
    bad_json: 'The request is not valid JSON.',
    invalid: 'Some fields are not valid.',
    rejected: 'The collector did not accept this.',
    unauthorized: 'Not signed in, or the token is wrong or revoked.',
    bad_origin: 'The request came from another site, so it was refused.',
    forbidden: 'This token may not do this.',
    origin_not_allowed: 'This site is not allowed to send with this site key.',
    unknown_site_key: 'The site key is unknown or revoked.',
    not_found: 'Not found.',
    conflict: 'This cannot be done in the record’s current state (it changed, or is closed). Reload and try again.',
    row_too_large: 'A row of the file is too large.',
    too_large: 'The request is too large.',
    unsupported_type: 'This content type is not accepted.',
    rate_limited: 'Too many requests: wait a moment and try again.',
    store_unavailable: 'The collector cannot reach its database.',
    draining: 'The collector is shutting down; try again shortly.',
    migrating: 'The collector is upgrading its database; try again shortly.',
    internal: 'The collector failed. Its log says why.',
  },
  'zh-CN': {
    bad_body: '无法读取请求内容。',
    bad_file: '无法读取该文件。',
    bad_json: '请求不是有效的 JSON。',
    invalid: '部分字段无效。',
    rejected: '收集服务未接受此内容。',
    unauthorized: '未登录，或令牌错误、已被撤销。',
    bad_origin: '请求来自其他网站，已被拒绝。',
    forbidden: '该令牌无权执行此操作。',
    origin_not_allowed: '该网站不允许使用此站点密钥提交。',
    unknown_site_key: '站点密钥不存在或已被撤销。',
    not_found: '未找到。',
    conflict: '记录当前的状态不允许此操作（已被更改或已关闭）。请刷新后重试。',
    row_too_large: '文件中有一行过大。',
    too_large: '请求内容过大。',
    unsupported_type: '不接受此内容类型。',
    rate_limited: '请求过于频繁，请稍后重试。',
    store_unavailable: '收集服务无法连接数据库。',
    draining: '收集服务正在关闭，请稍后重试。',
    migrating: '收集服务正在升级数据库，请稍后重试。',
    internal: '收集服务出错，原因见其日志。',
  },
};

/** One field problem as the collector reports it; `code` and `params` only when zod wrote the message. */
export interface FieldProblem {
  path: string;
  message: string;
  code?: string | undefined;
  params?: Record<string, unknown> | undefined;
}

export function isCollectorErrorCode(code: unknown): code is CollectorErrorCode {
  return typeof code === 'string' && (COLLECTOR_ERROR_CODES as readonly string[]).includes(code);
}

const zhCNError = zhCN().localeError;

/** A field problem's message in `locale`: zod's own messages translated, Kehu's own as they are. */
export function fieldProblemText(locale: Locale, field: FieldProblem): string {
  if (locale === 'en' || !field.code) return field.message;
  const { received, ...params } = field.params ?? {};
  const issue = { code: field.code, ...params, input: typeof received === 'string' ? SAMPLE_INPUT[received] : undefined };
  const said = zhCNError(issue as Parameters<typeof zhCNError>[0]);
  const text = typeof said === 'string' ? said : said?.message;
  return text ?? field.message;
}

/**
 * An error body from the collector, said in `locale`. In English the collector's own message is the
 * most specific (it names the origin, the version, …); in Chinese the code's sentence leads, and a
 * message that adds detail no field carries follows it as written, so nothing the user needs is lost.
 */
export function collectorErrorText(
  locale: Locale,
  body: { error?: unknown; message?: unknown; fields?: readonly FieldProblem[] | undefined } | null,
  fallback: string,
): string {
  const message = typeof body?.message === 'string' && body.message ? body.message : undefined;
  const fields = (body?.fields ?? []).map((f) => `${f.path}: ${fieldProblemText(locale, f)}`);
  let head: string;
  if (!isCollectorErrorCode(body?.error)) head = message ?? fallback;
  else if (locale === 'en') head = message ?? COLLECTOR_ERROR_TEXT.en[body.error];
  else {
    head = COLLECTOR_ERROR_TEXT[locale][body.error];
    if (message && fields.length === 0 && message !== COLLECTOR_ERROR_TEXT.en[body.error]) head += `（${message}）`;
  }
  if (fields.length === 0) return head;
  return locale === 'zh-CN' ? `${head} ${fields.join('；')}` : `${head}: ${fields.join('; ')}`;
}
