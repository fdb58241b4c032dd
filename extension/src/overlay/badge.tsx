// The badge: a level chip (colour, shape and text) with a hover/focus card, rendered by Preact
// into the host's shadow root (badge-host.ts) so page styles cannot reach it.
//
// Only the rep's own input counts: every handler ignores events that are not `isTrusted` (made up
// by a script with dispatchEvent or .click()), so a page can neither add a customer with a scripted
// click on "+ Add" nor open a card or the side panel.
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { CardView } from '../api/methods/lookup.ts';
import type { BadgeInfo } from '../api/methods/lookup.ts';
import { EVIDENCE_CSS, EvidenceList } from '../ui/evidence-list.tsx';
import { formatAgo, formatDate, hasKey, type Locale, levelLabel, t } from '../ui/i18n.ts';
import { LEVEL_CSS, LevelChip, shortLevel } from '../ui/level-chip.tsx';

export interface BadgeActions {
  open(info: BadgeInfo): void;
  add(info: BadgeInfo, name: string): Promise<void>;
  card(info: BadgeInfo): Promise<CardView | null>;
}

export interface BadgeProps {
  info: BadgeInfo;
  name: string;
  locale: Locale;
  actions: BadgeActions;
  /** The page badge (a customer's own website) rather than a person's. */
  page?: boolean;
  /**
   * Webmail: the card opens on hover. Elsewhere (false) it opens only when the rep clicks the badge
   * or tabs to it, and the card's own button opens the customer.
   */
  cardOnHover?: boolean;
}

/** The rep's own input, not an event a page script made up. */
const trusted = (e: Event) => e.isTrusted;

const HOVER_OPEN_MS = 250;
const HOVER_CLOSE_MS = 200;

export function Badge({ info, name, locale, actions, page = false, cardOnHover = true }: BadgeProps) {
  const [open, setOpen] = useState(false);
  const [card, setCard] = useState<CardView | null | 'loading'>(null);
  const [adding, setAdding] = useState<'idle' | 'busy' | string>('idle');
  const timer = useRef<number | undefined>(undefined);
  const button = useRef<HTMLButtonElement>(null);
  const popover = useRef<HTMLDivElement>(null);

  const show = () => {
    if (info.level === 'unknown') return;
    setOpen(true);
    if (card === null || card === 'loading') {
      setCard('loading');
      actions.card(info).then(setCard, () => setCard(null));
    }
  };
  const hide = () => setOpen(false);
  const later = (fn: () => void, ms: number) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(fn, ms) as unknown as number;
  };

  const shown = useRef(false);
  useEffect(() => {
    const el = popover.current;
    const anchor = button.current;
    // Nothing to do for a badge whose card was never opened (the common case: no layout reads).
    if (!el || !anchor || (!open && !shown.current)) return;
    shown.current = open;
    if (open) {
      const r = anchor.getBoundingClientRect();
      const width = 300;
      const left = Math.max(8, Math.min(r.left, window.innerWidth - width - 8));
      const below = r.bottom + 6 + 220 < window.innerHeight;
      el.style.left = `${left}px`;
      el.style.top = below ? `${r.bottom + 6}px` : 'auto';
      el.style.bottom = below ? 'auto' : `${window.innerHeight - r.top + 6}px`;
      if (typeof el.showPopover === 'function' && !el.matches(':popover-open')) el.showPopover();
      el.setAttribute('data-open', '');
    } else {
      if (typeof el.hidePopover === 'function' && el.matches(':popover-open')) el.hidePopover();
      el.removeAttribute('data-open');
    }
  }, [open, card]);

  useEffect(() => () => clearTimeout(timer.current), []);

  if (info.level === 'unknown') {
    const busy = adding === 'busy';
    const failed = adding !== 'idle' && adding !== 'busy';
    return (
      <span class="kehu-root">
        <button
          type="button"
          class="kehu-badge kehu-add"
          aria-label={t(locale, 'badge.add.aria', { email: info.email })}
          title={failed ? t(locale, 'badge.addFailed', { error: adding }) : t(locale, 'badge.add.aria', { email: info.email })}
          disabled={busy}
          onClick={(e) => {
            e.preventDefault();
            e.stopPropagation();
            if (!trusted(e) || busy) return;
            setAdding('busy');
            actions.add(info, name).then(
              () => setAdding('idle'),
              (err: unknown) => setAdding(String((err as Error)?.message ?? err)),
            );
          }}
        >
          <LevelChip level="unknown" locale={locale} />
          {busy && <span class="kehu-sr">{t(locale, 'badge.adding')}</span>}
        </button>
      </span>
    );
  }

  const who = info.name || info.email;
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a wrapper that receives the hover and focus events bubbling from its button and card; the button carries the semantics.
    <span
      class="kehu-root"
      onMouseEnter={(e) => {
        if (cardOnHover && trusted(e)) later(show, HOVER_OPEN_MS);
      }}
      onMouseLeave={(e) => {
        if (cardOnHover && trusted(e)) later(hide, HOVER_CLOSE_MS);
      }}
      onFocusIn={(e) => {
        if (!trusted(e)) return;
        clearTimeout(timer.current);
        show();
      }}
      onFocusOut={(e) => {
        const next = (e as FocusEvent).relatedTarget as Node | null;
        if (!next || !(e.currentTarget as Node).contains(next)) later(hide, 0);
      }}
      onKeyDown={(e) => {
        if (!trusted(e)) return;
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          hide();
          button.current?.focus();
        }
      }}
    >
      <button
        ref={button}
        type="button"
        class="kehu-badge"
        // Starts with the visible text, so speech users can say what they see.
        aria-label={t(locale, page ? 'page.aria' : 'badge.aria', {
          name: who,
          level: levelLabel(locale, info.level),
          short: shortLevel(locale, info.level),
        })}
        aria-expanded={open}
        aria-haspopup="dialog"
        onClick={(e) => {
          e.preventDefault();
          e.stopPropagation();
          if (!trusted(e)) return;
          // A click also focuses the button, which has shown the card already where hover does not.
          if (cardOnHover) actions.open(info);
          else show();
        }}
      >
        <LevelChip level={info.level} locale={locale} full={page} />
      </button>
      <div ref={popover} popover="manual" class="kehu-card" role="dialog" aria-label={t(locale, 'card.title')}>
        {open && <Card view={card} locale={locale} onOpen={(e) => trusted(e) && actions.open(info)} />}
      </div>
    </span>
  );
}

function Card({ view, locale, onOpen }: { view: CardView | null | 'loading'; locale: Locale; onOpen: (e: Event) => void }) {
  if (view === 'loading' || view === null) return <p class="kehu-muted">{t(locale, 'card.loading')}</p>;
  const c = view.customer;
  const now = new Date();
  const answer = view.latestResponse;
  return (
    <div>
      <p class="kehu-name">{c?.name ?? view.contact?.name ?? view.email}</p>
      {view.contact && c && (
        <p class="kehu-sub">
          {view.contact.name || view.email}
          {view.contact.title ? ` · ${view.contact.title}` : ''}
          {view.contact.status === 'left' ? ` · ${t(locale, 'card.left')}` : ''}
        </p>
      )}
      <p class="kehu-line">
        <LevelChip level={view.level} locale={locale} full />
        {view.score !== null && <span class="kehu-sub"> {t(locale, 'card.score', { score: Math.round(view.score) })}</span>}
      </p>
      {c ? (
        <p class="kehu-sub">
          {t(locale, `card.tier.${c.tier}` as 'card.tier.key')}
          {c.stage ? ` · ${t(locale, `card.stage.${c.stage}` as 'card.stage.stable')}` : ''}
          {view.watched ? ` · ${t(locale, 'card.watched')}` : ''}
        </p>
      ) : (
        <p class="kehu-sub">{t(locale, 'card.contactOnly')}</p>
      )}
      <dl>
        <dt>{t(locale, 'card.lastContact')}</dt>
        <dd>
          {view.lastContact
            ? `${formatAgo(locale, view.lastContact.at, now)} · ${hasKey(`kind.${view.lastContact.kind}`) ? t(locale, `kind.${view.lastContact.kind}` as 'kind.call') : view.lastContact.kind}`
            : t(locale, 'card.never')}
        </dd>
        <dt>{t(locale, 'card.openCases')}</dt>
        <dd>
          {view.openCases.count === 0
            ? t(locale, 'card.noCases')
            : `${view.openCases.count} · ${view.openCases.titles.join(' · ')}`}
        </dd>
        <dt>{t(locale, 'card.latestAnswer')}</dt>
        <dd>
          {answer
            ? `${t(locale, `response.${answer.kind}` as 'response.nps', { score: answer.score ?? '' })}${answer.comment ? ` — “${answer.comment.slice(0, 140)}”` : ''} (${formatDate(locale, answer.at)})`
            : t(locale, 'card.noAnswer')}
        </dd>
      </dl>
      <p class="kehu-heading">{t(locale, 'card.reasons')}</p>
      <EvidenceList reasons={view.reasons} locale={locale} />
      <button type="button" class="kehu-open" onClick={onOpen}>
        {t(locale, c?.tier === 'unclassified' ? 'card.openToClassify' : 'card.open')}
      </button>
    </div>
  );
}

export const BADGE_CSS = `
${LEVEL_CSS}
${EVIDENCE_CSS}
.kehu-root { display: inline-block; position: relative; font: 12px/1.4 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif; color: #111827; }
.kehu-badge { all: unset; display: inline-block; cursor: pointer; border-radius: 0.7em; }
.kehu-badge:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
.kehu-add .kehu-chip { opacity: 0.85; }
.kehu-add:hover .kehu-chip, .kehu-add:focus-visible .kehu-chip { opacity: 1; }
.kehu-card { position: fixed; inset: auto; margin: 0; width: 300px; max-height: 70vh; overflow: auto; box-sizing: border-box;
  padding: 10px 12px; border: 1px solid #9ca3af; border-radius: 8px; background: #ffffff; color: #111827;
  box-shadow: 0 6px 24px rgba(0,0,0,0.18); font: 12px/1.45 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Microsoft YaHei", sans-serif;
  text-align: left; white-space: normal; z-index: 2147483647; }
.kehu-card:not([data-open]) { display: none; }
.kehu-name { font-weight: 700; font-size: 14px; margin: 0 0 2px; }
.kehu-sub { color: #374151; margin: 2px 0; }
.kehu-line { margin: 4px 0; }
.kehu-heading { font-weight: 700; margin: 8px 0 0; }
dl { margin: 6px 0 0; display: grid; grid-template-columns: max-content 1fr; gap: 2px 8px; }
dt { color: #374151; }
dd { margin: 0; }
.kehu-open { margin-top: 8px; font: inherit; padding: 3px 10px; border: 1px solid #1d4ed8; border-radius: 4px; background: #1d4ed8; color: #fff; cursor: pointer; }
.kehu-open:focus-visible { outline: 2px solid #111827; outline-offset: 2px; }
.kehu-sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

let sheet: CSSStyleSheet | null = null;

/** Styles into a shadow root: a constructed sheet (not subject to the page's CSP), else a style element. */
export function adoptStyles(root: ShadowRoot): void {
  try {
    sheet ??= (() => {
      const s = new CSSStyleSheet();
      s.replaceSync(BADGE_CSS);
      return s;
    })();
    root.adoptedStyleSheets = [sheet];
  } catch {
    const style = root.ownerDocument.createElement('style');
    style.textContent = BADGE_CSS;
    root.appendChild(style);
  }
}

/**
 * Render (or update) a badge into its mount point inside the host's shadow root. The key makes a
 * new person or level a fresh badge (its card reloads) without an effect on every mount.
 */
export function renderBadge(mount: Element, props: BadgeProps): void {
  const { info } = props;
  render(<Badge key={`${info.email}|${info.level}|${info.customerId}`} {...props} />, mount);
}

export function unmountBadge(mount: Element): void {
  render(null, mount);
}
