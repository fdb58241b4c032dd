// Why a sync could not finish, in words a rep can act on (zh-CN and en).
import type { Messages } from '../i18n/locale.ts';

export const SYNC_ERROR_KINDS = [
  'unauthorized', // the token is wrong or revoked
  'forbidden', //    the token lacks the read or write scope
  'unreachable', //  no answer: offline, wrong URL, collector down
  'incompatible', // the answer is not Kehu API version 1
  'rate_limited', // the collector asked to slow down
  'server', //       the collector failed (5xx)
  'local', //        the local store failed
  'aborted', //      the sync was cancelled
] as const;
export type SyncErrorKind = (typeof SYNC_ERROR_KINDS)[number];

export class SyncError extends Error {
  override name = 'SyncError';
  readonly kind: SyncErrorKind;
  /** The HTTP status, when the collector answered. */
  readonly status: number | undefined;
  /** How long the collector asked to wait (Retry-After), in milliseconds. */
  readonly retryAfterMs: number | undefined;
  constructor(kind: SyncErrorKind, message: string, details: { status?: number; retryAfterMs?: number } = {}) {
    super(message);
    this.kind = kind;
    this.status = details.status;
    this.retryAfterMs = details.retryAfterMs;
  }
}

export const SYNC_ERROR_TEXT: Messages<SyncErrorKind> = {
  en: {
    unauthorized: 'The collector did not accept the team token. Check the token in the options, or ask for a new one.',
    forbidden: 'The team token may not sync: it needs the read and write scopes.',
    unreachable: 'The collector cannot be reached. Kehu keeps working offline and catches up when it is back.',
    incompatible: 'The collector speaks another version of the Kehu API. Update the extension or the collector.',
    rate_limited: 'The collector asked to slow down. Kehu will try again shortly.',
    server: 'The collector had a problem. Kehu will try again later.',
    local: 'The local store could not save synced records.',
    aborted: 'Sync was cancelled.',
  },
  'zh-CN': {
    unauthorized: '收集服务不接受团队令牌。请在选项中检查令牌，或申请新的令牌。',
    forbidden: '该团队令牌无权同步：需要 read 和 write 权限。',
    unreachable: '无法连接收集服务。Kehu 可离线继续使用，恢复连接后自动补同步。',
    incompatible: '收集服务的 Kehu 接口版本不同。请更新扩展或收集服务。',
    rate_limited: '收集服务要求降低请求频率，Kehu 稍后重试。',
    server: '收集服务出现问题，Kehu 稍后重试。',
    local: '本地存储无法保存同步的记录。',
    aborted: '同步已取消。',
  },
};

/** How long to wait before the next attempt after `failures` failed syncs in a row: 30 s doubling to 30 min. */
export function retryDelayMs(failures: number, retryAfterMs?: number): number {
  const backoff = failures <= 0 ? 0 : Math.min(30_000 * 2 ** (failures - 1), 30 * 60_000);
  return Math.max(backoff, retryAfterMs ?? 0);
}
