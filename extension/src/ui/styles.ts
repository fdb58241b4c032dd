// Styles shared by the extension's pages (side panel, popup, options). Text contrast is at least
// 4.5:1 and control borders 3:1; focus is always visible; nothing depends on colour alone.
import { EVIDENCE_CSS } from './evidence-list.tsx';
import { LEVEL_CSS } from './level-chip.tsx';

export const PAGE_CSS = `
${LEVEL_CSS}
${EVIDENCE_CSS}
:root { --fg: #111827; --muted: #4b5563; --line: #d1d5db; --control: #6b7280; --accent: #1d4ed8; --accent-bg: #eff6ff;
  --danger: #b91c1c; --danger-bg: #fef2f2; --ok: #166534; --ok-bg: #f0fdf4; --warn-bg: #fffbeb; --radius: 6px; }
* { box-sizing: border-box; }
html { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", sans-serif; color: var(--fg); background: #fff; }
body { margin: 0; }
h1 { font-size: 19px; margin: 0; line-height: 1.3; }
h2 { font-size: 16px; margin: 14px 0 6px; }
h3 { font-size: 14px; margin: 12px 0 4px; }
p { margin: 4px 0; }
a { color: var(--accent); }
ul.plain, ol.plain { list-style: none; padding: 0; margin: 0; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
.row { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
.spread { display: flex; gap: 8px; align-items: center; justify-content: space-between; flex-wrap: wrap; }
.stack > * + * { margin-top: 8px; }
.grid2 { display: grid; grid-template-columns: 1fr 1fr; gap: 8px 12px; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }

button, .button { font: inherit; border: 1px solid var(--control); background: #fff; color: var(--fg); border-radius: var(--radius);
  padding: 4px 10px; cursor: pointer; min-height: 30px; text-decoration: none; display: inline-flex; align-items: center; gap: 4px; }
button:hover:not(:disabled) { background: #f3f4f6; }
button.primary { background: var(--accent); border-color: var(--accent); color: #fff; }
button.primary:hover:not(:disabled) { background: #1e40af; }
button.danger { border-color: var(--danger); color: var(--danger); }
button.danger.primary { background: var(--danger); color: #fff; }
button.link { border: none; background: none; color: var(--accent); padding: 0 2px; min-height: 0; text-decoration: underline; }
button:disabled { opacity: 0.6; cursor: not-allowed; }

label { display: block; }
.field { display: flex; flex-direction: column; gap: 2px; min-width: 0; }
.field > .label { font-weight: 600; font-size: 13px; }
.field .hint { font-size: 12px; color: var(--muted); }
.field .error, .error { color: var(--danger); font-size: 12px; }
.field .error::before, p.error::before { content: "⚠ "; }
input, select, textarea { font: inherit; color: var(--fg); border: 1px solid var(--control); border-radius: var(--radius); padding: 4px 6px; background: #fff; min-width: 0; width: 100%; }
input[type="checkbox"], input[type="radio"] { width: auto; accent-color: var(--accent); }
input[aria-invalid="true"], select[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: var(--danger); border-width: 2px; }
textarea { min-height: 56px; resize: vertical; }
fieldset { border: 1px solid var(--line); border-radius: var(--radius); margin: 0; padding: 8px 10px; min-width: 0; }
legend { font-weight: 600; padding: 0 4px; }
.check { display: flex; gap: 6px; align-items: flex-start; }
.check input { margin-top: 3px; }

.notice { border: 1px solid var(--line); border-left-width: 4px; border-radius: var(--radius); padding: 6px 10px; margin: 6px 0; }
.notice.ok { border-left-color: var(--ok); background: var(--ok-bg); }
.notice.bad { border-left-color: var(--danger); background: var(--danger-bg); }
.notice.warn { border-left-color: #b45309; background: var(--warn-bg); }
.card { border: 1px solid var(--line); border-radius: var(--radius); padding: 8px 10px; }
.card + .card { margin-top: 8px; }
.pill { display: inline-block; border: 1px solid var(--control); border-radius: 999px; padding: 0 8px; font-size: 12px; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; margin: 6px 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }

progress { width: 100%; height: 14px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 3px 6px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-weight: 600; }

dialog { border: 1px solid var(--control); border-radius: 8px; padding: 0; width: min(520px, calc(100vw - 24px)); max-height: calc(100vh - 24px); }
dialog::backdrop { background: rgba(17, 24, 39, 0.45); }
dialog > .dialog-body { padding: 12px 14px; overflow: auto; max-height: calc(100vh - 60px); }
dialog .dialog-head { display: flex; justify-content: space-between; align-items: center; gap: 8px; margin-bottom: 8px; }
dialog .dialog-actions { display: flex; gap: 8px; justify-content: flex-end; margin-top: 12px; flex-wrap: wrap; }

[role="tablist"] { display: flex; gap: 2px; border-bottom: 1px solid var(--control); overflow-x: auto; }
[role="tab"] { border: 1px solid transparent; border-bottom: none; border-radius: var(--radius) var(--radius) 0 0; background: none; padding: 4px 8px; white-space: nowrap; }
[role="tab"][aria-selected="true"] { border-color: var(--control); background: #fff; font-weight: 600; margin-bottom: -1px; box-shadow: inset 0 3px 0 var(--accent); }
[role="tabpanel"] { padding: 8px 0; }
.badge-count { display: inline-block; min-width: 18px; padding: 0 5px; border-radius: 9px; background: #374151; color: #fff; font-size: 11px; text-align: center; font-weight: 600; }

.combo { position: relative; }
.combo [role="listbox"] { position: absolute; z-index: 10; left: 0; right: 0; top: 100%; background: #fff; border: 1px solid var(--control);
  border-radius: var(--radius); margin: 2px 0 0; padding: 2px; list-style: none; max-height: 320px; overflow: auto; box-shadow: 0 4px 16px rgba(0,0,0,.15); }
.combo [role="option"] { padding: 4px 6px; border-radius: 4px; cursor: pointer; }
.combo [role="option"][aria-selected="true"] { background: var(--accent-bg); outline: 2px solid var(--accent); outline-offset: -2px; }

.steps { counter-reset: step; list-style: none; padding: 0; margin: 6px 0; }
.steps > li { position: relative; padding: 2px 0 6px 30px; }
.steps > li::before { counter-increment: step; content: counter(step); position: absolute; left: 0; top: 2px; width: 22px; height: 22px;
  border-radius: 50%; border: 1px solid var(--control); text-align: center; font-size: 12px; line-height: 20px; background: #fff; }
.steps > li.done::before { content: "✓"; background: var(--ok-bg); border-color: var(--ok); color: var(--ok); }
.steps > li.current::before { background: var(--accent); border-color: var(--accent); color: #fff; }
`;
