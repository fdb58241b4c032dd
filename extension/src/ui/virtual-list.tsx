// A list that renders only the rows in view (plus a few either side), so ten thousand events
// scroll as smoothly as ten. Rows have one fixed height. The scroll area is focusable, so arrow
// keys, Page Up/Down, Home and End scroll it; rows carry their position in the whole list
// (aria-posinset/aria-setsize) for screen readers.
import type { ComponentChildren } from 'preact';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';

const OVERSCAN = 6;

export function VirtualList<T>({
  items,
  rowHeight,
  renderRow,
  itemKey,
  label,
  height = 'min(60vh, 520px)',
}: {
  items: readonly T[];
  rowHeight: number;
  renderRow: (item: T, index: number) => ComponentChildren;
  itemKey: (item: T) => string;
  label: string;
  height?: string;
}) {
  const box = useRef<HTMLElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewport, setViewport] = useState(480);
  const frame = useRef(0);

  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setViewport(el.clientHeight || 480);
    const ro = new ResizeObserver(() => setViewport(el.clientHeight || 480));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  useEffect(() => () => cancelAnimationFrame(frame.current), []);
  // A new list (another filter) starts at the top.
  useEffect(() => {
    if (box.current) box.current.scrollTop = 0;
    setScrollTop(0);
  }, [items]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((scrollTop + viewport) / rowHeight) + OVERSCAN);
  const rows: ComponentChildren[] = [];
  for (let i = first; i < last; i++) {
    const item = items[i]!;
    rows.push(
      <li
        key={itemKey(item)}
        aria-setsize={items.length}
        aria-posinset={i + 1}
        class="vrow"
        style={{ position: 'absolute', top: `${i * rowHeight}px`, height: `${rowHeight}px`, left: 0, right: 0 }}
      >
        {renderRow(item, i)}
      </li>,
    );
  }
  return (
    <section
      ref={box}
      class="vlist"
      aria-label={label}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard to scroll it.
      tabIndex={0}
      style={{ height, overflowY: 'auto', position: 'relative', border: '1px solid var(--line)', borderRadius: 'var(--radius)' }}
      onScroll={(e) => {
        const top = (e.currentTarget as HTMLElement).scrollTop;
        cancelAnimationFrame(frame.current);
        frame.current = requestAnimationFrame(() => setScrollTop(top));
      }}
    >
      <ul style={{ position: 'relative', height: `${items.length * rowHeight}px`, margin: 0, padding: 0, listStyle: 'none' }}>
        {rows}
      </ul>
    </section>
  );
}
