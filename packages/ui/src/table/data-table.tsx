import { createColumnHelper, tableFeatures, useTable, type ColumnHelper, type RowData } from '@tanstack/react-table';
import { ArrowDownIcon, ArrowUpIcon, ArrowUpDownIcon, MoreHorizontalIcon } from 'lucide-react';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n-provider.js';
import { cn } from '../lib/cn.js';
import { Button } from '../primitives/button.js';
import { DropdownMenu, DropdownMenuContent, DropdownMenuTrigger } from '../primitives/dropdown-menu.js';
import { Skeleton } from '../primitives/skeleton.js';
import { RequestError } from '../components/error-alert.js';
import { Pagination, type PaginationProps } from './pagination.js';

// Every list is sorted and paged by the API (keyset pagination): the table
// only lays out what one page holds, so it needs no client-side row models.
const features = tableFeatures({});
export type TableFeaturesUsed = typeof features;

/** The columns of a DataTable of T, whatever each column's value type (what the helper's `columns()` gives). */
export type DataColumns<T extends RowData> = ReturnType<ColumnHelper<TableFeaturesUsed, T>['columns']>;

/** Column definitions for a DataTable of T: `const columns = tableColumns<Row>()((h) => h.columns([h.accessor(...), ...]))`. */
export function tableColumns<T extends RowData>() {
  return (define: (helper: ColumnHelper<TableFeaturesUsed, T>) => DataColumns<T>): DataColumns<T> => define(createColumnHelper<TableFeaturesUsed, T>());
}

export interface SortState {
  id: string;
  desc: boolean;
}

export interface DataTableProps<T extends RowData> {
  /** Names the table (a caption for screen readers) and its scroll region. */
  caption: string;
  columns: DataColumns<T>;
  /** The current page; undefined while the first one loads. */
  rows: readonly T[] | undefined;
  getRowId: (row: T) => string;
  /** The failed load, with a way to try again. */
  error?: unknown;
  onRetry?: () => void;
  emptyText: string;
  /** A new page is on its way while the old one stays on screen. */
  busy?: boolean;
  pagination?: PaginationProps;
  /** Columns the API can sort by; the others are plain headers. */
  sortable?: readonly string[];
  sort?: SortState | null;
  onSortChange?: (sort: SortState) => void;
  /** The column whose cells name their row (rendered as row headers). */
  rowHeader?: string;
}

const EMPTY: never[] = [];

/** Knows whether a box has more to show sideways, so the cue appears only when it helps. */
function useSidewaysOverflow() {
  const ref = useRef<HTMLDivElement>(null);
  const [more, setMore] = useState({ left: false, right: false });
  useEffect(() => {
    const box = ref.current;
    if (!box) return;
    const measure = () => {
      const right = box.scrollLeft + box.clientWidth < box.scrollWidth - 1;
      const left = box.scrollLeft > 1;
      setMore((old) => (old.left === left && old.right === right ? old : { left, right }));
    };
    measure();
    box.addEventListener('scroll', measure, { passive: true });
    const observer = new ResizeObserver(measure);
    observer.observe(box);
    const table = box.firstElementChild;
    if (table) observer.observe(table);
    return () => {
      box.removeEventListener('scroll', measure);
      observer.disconnect();
    };
  }, []);
  return { ref, more };
}

/**
 * Every list in the dashboards: loading, empty and error states, keyset pages,
 * server-side sorting, and a horizontal scroll container of its own with a
 * visible cue, so a wide table never makes the page scroll sideways.
 */
export function DataTable<T extends RowData>({ caption, columns, rows, getRowId, error, onRetry, emptyText, busy = false, pagination, sortable = [], sort, onSortChange, rowHeader }: DataTableProps<T>) {
  const { t } = useI18n();
  const table = useTable({ features, columns, data: rows ?? EMPTY, getRowId: (row: T) => getRowId(row) });
  const { ref, more } = useSidewaysOverflow();

  if (error !== undefined && error !== null && rows === undefined) return <RequestError error={error} onRetry={onRetry} />;

  const headerCell = (id: string, label: ReactNode) => {
    if (!sortable.includes(id) || !onSortChange) return label;
    const active = sort?.id === id ? sort : null;
    const Icon = active ? (active.desc ? ArrowDownIcon : ArrowUpIcon) : ArrowUpDownIcon;
    return (
      <button
        type="button"
        className="-mx-2 inline-flex items-center gap-1 rounded-md px-2 py-1 hover:bg-accent focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring/60"
        onClick={() => onSortChange({ id, desc: active ? !active.desc : false })}
      >
        {label}
        <Icon aria-hidden="true" className="size-3.5 text-muted-foreground" />
      </button>
    );
  };

  return (
    <div className="grid gap-3">
      <div className="relative rounded-lg border bg-card">
        {/* contain-inline-size: the table's width must not widen the grid tracks around it (the page would scroll sideways);
            relative: the cells' absolutely positioned sr-only labels must be clipped by this box, not escape it. */}
        <div ref={ref} className="relative overflow-x-auto rounded-lg contain-inline-size focus-visible:outline-none focus-visible:ring-[3px] focus-visible:ring-ring/60" role="region" aria-label={caption} tabIndex={0}>
          <table className="w-full caption-bottom text-sm" aria-busy={busy || rows === undefined}>
            <caption className="sr-only">{caption}</caption>
            <thead className="border-b bg-muted/50">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const active = sort?.id === header.column.id ? sort : null;
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        aria-sort={active ? (active.desc ? 'descending' : 'ascending') : undefined}
                        className="h-10 whitespace-nowrap px-3 text-left align-middle font-medium text-muted-foreground"
                      >
                        {header.isPlaceholder ? null : headerCell(header.column.id, <table.FlexRender header={header} />)}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody className={cn(busy && 'opacity-60')}>
              {rows === undefined
                ? [0, 1, 2].map((i) => (
                    <tr key={i} className="border-b last:border-0">
                      {columns.map((_, j) => (
                        <td key={j} className="px-3 py-3">
                          <Skeleton className="h-4 w-full min-w-16" />
                        </td>
                      ))}
                    </tr>
                  ))
                : table.getRowModel().rows.map((row) => (
                    <tr key={row.id} data-row-id={row.id} className="border-b transition-colors last:border-0 hover:bg-muted/40">
                      {row.getAllCells().map((cell) =>
                        cell.column.id === rowHeader ? (
                          <th key={cell.id} scope="row" className="px-3 py-2.5 text-left align-middle font-medium">
                            <table.FlexRender cell={cell} />
                          </th>
                        ) : (
                          <td key={cell.id} className="px-3 py-2.5 align-middle">
                            <table.FlexRender cell={cell} />
                          </td>
                        ),
                      )}
                    </tr>
                  ))}
            </tbody>
          </table>
          {rows !== undefined && rows.length === 0 ? <p className="px-3 py-8 text-center text-sm text-muted-foreground">{emptyText}</p> : null}
        </div>
        {/* The cue: a fade on the side that has more, and a sentence for those who cannot see it. */}
        <div aria-hidden="true" className={cn('pointer-events-none absolute inset-y-0 left-0 w-8 rounded-l-lg bg-gradient-to-r from-card to-transparent transition-opacity', more.left ? 'opacity-100' : 'opacity-0')} />
        <div aria-hidden="true" className={cn('pointer-events-none absolute inset-y-0 right-0 w-8 rounded-r-lg bg-gradient-to-l from-card to-transparent transition-opacity', more.right ? 'opacity-100' : 'opacity-0')} />
      </div>
      {more.right || more.left ? <p className="text-xs text-muted-foreground">{t('table.scrollHint')}</p> : null}
      {error !== undefined && error !== null && rows !== undefined ? <RequestError error={error} onRetry={onRetry} /> : null}
      {pagination ? <Pagination {...pagination} /> : null}
    </div>
  );
}

/** A row's actions behind one "more" button, named after the row for screen readers. */
export function RowActions({ name, children }: { name: string; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <DropdownMenu modal={false}>
      <DropdownMenuTrigger asChild>
        <Button variant="ghost" size="icon" aria-label={t('table.rowActions', { name })}>
          <MoreHorizontalIcon aria-hidden="true" />
        </Button>
      </DropdownMenuTrigger>
      <DropdownMenuContent align="end">{children}</DropdownMenuContent>
    </DropdownMenu>
  );
}
