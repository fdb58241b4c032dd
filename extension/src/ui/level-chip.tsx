// The warning level as a chip: colour, a shape, and text — colour is never the only signal.
import type { BadgeLevel } from '../base/ports.ts';
import { type Locale, levelLabel, t } from './i18n.ts';

/** A distinct shape per level, for readers who cannot tell the colours apart. */
export const LEVEL_GLYPH: Record<BadgeLevel, string> = {
  none: '●',
  blue: '◆',
  yellow: '▲',
  orange: '■',
  red: '✖',
  unknown: '+',
};

export function shortLevel(locale: Locale, level: BadgeLevel): string {
  return level === 'unknown' ? t(locale, 'badge.add') : t(locale, `badge.short.${level}`);
}

export function LevelChip({ level, locale, full = false }: { level: BadgeLevel; locale: Locale; full?: boolean }) {
  return (
    <span class={`kehu-chip kehu-level-${level}`} title={levelLabel(locale, level)}>
      <span class="kehu-glyph" aria-hidden="true">
        {LEVEL_GLYPH[level]}
      </span>
      <span class="kehu-chip-text">{full ? levelLabel(locale, level) : shortLevel(locale, level)}</span>
    </span>
  );
}

/** Styles for chips, usable inside any shadow root or page. Text contrast ≥ 4.5:1 on its background. */
export const LEVEL_CSS = `
.kehu-chip { display: inline-flex; align-items: center; gap: 0.3em; padding: 0 0.45em; border-radius: 0.6em;
  font: 600 11px/1.6 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
  border: 1px solid currentColor; white-space: nowrap; }
.kehu-glyph { font-size: 0.85em; }
.kehu-level-none { color: #374151; background: #f3f4f6; border-color: #9ca3af; }
.kehu-level-blue { color: #1e3a8a; background: #dbeafe; }
.kehu-level-yellow { color: #713f12; background: #fef08a; }
.kehu-level-orange { color: #7c2d12; background: #fed7aa; }
.kehu-level-red { color: #ffffff; background: #b91c1c; }
.kehu-level-unknown { color: #4b5563; background: transparent; border-style: dashed; font-weight: 500; }
`;
