import { describe, expect, it } from 'vitest';
import { currentCursor, firstPage, nextPage, pageNumber, previousPage } from './cursor-pages.js';

describe('cursor pages', () => {
  it('starts on page 1 without a cursor', () => {
    expect(pageNumber(firstPage)).toBe(1);
    expect(currentCursor(firstPage)).toBeUndefined();
  });

  it('goes forward with each nextCursor and back the same way', () => {
    const two = nextPage(firstPage, 'c2');
    const three = nextPage(two, 'c3');
    expect([pageNumber(three), currentCursor(three)]).toEqual([3, 'c3']);
    const back = previousPage(three);
    expect([pageNumber(back), currentCursor(back)]).toEqual([2, 'c2']);
    expect(previousPage(back)).toEqual(firstPage);
  });

  it('stays put at either end', () => {
    expect(previousPage(firstPage)).toBe(firstPage);
    const two = nextPage(firstPage, 'c2');
    expect(nextPage(two, null)).toBe(two);
    expect(nextPage(two, '')).toBe(two);
  });
});
