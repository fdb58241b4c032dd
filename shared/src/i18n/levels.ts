import type { WarningLevel } from '../model/common.ts';
import type { Locale } from './locale.ts';

/** Level names as text, so colour is never the only carrier of meaning. */
export const LEVEL_LABELS: Record<Locale, Record<WarningLevel | 'unknown', string>> = {
  en: {
    none: 'No warning',
    blue: 'Blue (IV)',
    yellow: 'Yellow (III)',
    orange: 'Orange (II)',
    red: 'Red (I)',
    unknown: 'Not a customer yet',
  },
  'zh-CN': {
    none: '无预警',
    blue: '蓝色预警（IV级）',
    yellow: '黄色预警（III级）',
    orange: '橙色预警（II级）',
    red: '红色预警（I级）',
    unknown: '尚未建档',
  },
};
