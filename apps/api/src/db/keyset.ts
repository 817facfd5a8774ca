/**
 * The keyset predicate for lists ordered newest first on (createdAt, id): rows
 * strictly after the cursor's row. Shared by every paginated repository.
 */
export function olderThan(cursor: { createdAt: Date; id: string }) {
  return { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] };
}
