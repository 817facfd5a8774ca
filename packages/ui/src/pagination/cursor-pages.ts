/**
 * Where a reader is in a keyset-paginated list (`?cursor=` in, `nextCursor`
 * out). The API only goes forward, so the cursors that led here are kept to
 * go back.
 */
export interface CursorPages {
  /** The cursor of each page after the first, in the order they were visited. */
  readonly cursors: readonly string[];
}

export const firstPage: CursorPages = { cursors: [] };

/** 1-based. */
export function pageNumber(pages: CursorPages): number {
  return pages.cursors.length + 1;
}

/** What to send as `cursor` for the current page; undefined for the first. */
export function currentCursor(pages: CursorPages): string | undefined {
  return pages.cursors.at(-1);
}

export function nextPage(pages: CursorPages, nextCursor: string | null | undefined): CursorPages {
  return nextCursor ? { cursors: [...pages.cursors, nextCursor] } : pages;
}

export function previousPage(pages: CursorPages): CursorPages {
  return pages.cursors.length > 0 ? { cursors: pages.cursors.slice(0, -1) } : pages;
}
