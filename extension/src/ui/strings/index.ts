// The workspace's string catalogs, one file per locale.
import { en, type WorkspaceKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { WorkspaceKey };
export const WORKSPACE_MESSAGES = { en: en as Record<WorkspaceKey, string>, 'zh-CN': zhCN };
