import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import { observeElementRect, useVirtualizer, type Rect, type Virtualizer } from '@tanstack/react-virtual';
import { useTranslation } from 'react-i18next';
import { shouldLoadMore } from '../../store/callLogQuery';
import type { CallLogRow } from '../../store/selectors/callLog';
import { CallLogTableRow } from './CallLogRow';

const COLUMNS = ['ringAt', 'direction', 'remoteNumber', 'client', 'campaign', 'answerAt', 'endAt', 'duration', 'endCause', 'disposition', 'line'] as const;

/** Every row has this height (px), so a million rows need no measuring. */
export const ROW_HEIGHT = 34;
/** Rows rendered beyond the visible ones on each side, so fast scrolling shows no gaps. */
const OVERSCAN = 8;
/** The next page is fetched once the rendered rows come this close to the end of what is loaded. */
const LOAD_AHEAD = 30;
/**
 * The viewport assumed while the list has no layout (a hidden panel; jsdom in tests): some rows
 * render rather than none, and still only a screenful.
 */
const NO_LAYOUT_RECT: Rect = { width: 1200, height: 600 };

function observeRect(instance: Virtualizer<HTMLDivElement, Element>, cb: (rect: Rect) => void) {
  return observeElementRect(instance, (rect) => cb(rect.height > 0 ? rect : NO_LAYOUT_RECT));
}

type Props = {
  rows: CallLogRow[];
  hasMore: boolean;
  loadingMore: boolean;
  loadMore: () => void;
  /** Scrolls back to the top whenever this changes (a new search, or back to the live list). */
  resetKey: string;
  selectedId: string | null;
  onOpen: (id: string) => void;
  /** Shown under the header when there is no row (nothing yet, nothing found). */
  emptyText: string | null;
};

/** The call log's table; only the rows in view are in the DOM. */
export function CallLogTable({ rows, hasMore, loadingMore, loadMore, resetKey, selectedId, onOpen, emptyText }: Props) {
  const { t } = useTranslation();
  const scrollRef = useRef<HTMLDivElement>(null);
  const getItemKey = useCallback((index: number) => rows[index]?.id ?? index, [rows]);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    getItemKey,
    overscan: OVERSCAN,
    initialRect: NO_LAYOUT_RECT,
    observeElementRect: observeRect,
  });

  useLayoutEffect(() => {
    if (scrollRef.current) scrollRef.current.scrollTop = 0;
  }, [resetKey]);

  const items = virtualizer.getVirtualItems();
  const first = items[0];
  const last = items.at(-1);
  const lastIndex = last?.index;

  useEffect(() => {
    if (shouldLoadMore({ lastIndex, loaded: rows.length, hasMore, loading: loadingMore, ahead: LOAD_AHEAD })) loadMore();
  }, [lastIndex, rows.length, hasMore, loadingMore, loadMore]);

  const paddingTop = first ? first.start : 0;
  const paddingBottom = last ? virtualizer.getTotalSize() - last.end : 0;

  return (
    <div className="calllog__scroll" ref={scrollRef} data-testid="calllog-scroll">
      <table className="calllog__table" data-testid="calllog" aria-rowcount={hasMore ? -1 : rows.length + 1}>
        <thead>
          <tr aria-rowindex={1}>
            {COLUMNS.map((column) => (
              <th key={column} scope="col" className={`calllog__col calllog__col--${column}${column === 'duration' ? ' num' : ''}`}>
                {t(`callLog.column.${column}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {paddingTop > 0 && <Spacer height={paddingTop} />}
          {items.map((item) => {
            const row = rows[item.index];
            return row && <CallLogTableRow key={row.id} row={row} index={item.index} height={ROW_HEIGHT} selected={row.id === selectedId} onOpen={onOpen} />;
          })}
          {paddingBottom > 0 && <Spacer height={paddingBottom} />}
        </tbody>
      </table>
      {rows.length === 0 && emptyText && <p className="calllog__empty muted">{emptyText}</p>}
    </div>
  );
}

/** Stands in for the rows out of view, so the scrollbar is that of the whole list. */
function Spacer({ height }: { height: number }) {
  return (
    <tr className="calllog__spacer" aria-hidden="true" style={{ height }}>
      <td colSpan={COLUMNS.length} />
    </tr>
  );
}
