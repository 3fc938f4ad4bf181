import type { ResultChanges } from "../protocol";

/**
 * What every subscriber holds of a set keyed by id (the whole set came with subscribe, then
 * each change), so the next push can carry only the difference. Items are compared by their
 * JSON text; the text of an item object is computed once, since passes that did not change a
 * perspective hand back the very same objects.
 */
export class SentResults<T extends { id: string }> {
  private sent = new Map<string, string>();
  private readonly texts = new WeakMap<T, string>();

  constructor(initial: readonly T[]) {
    this.diff(initial);
  }

  /** The changes from what was sent to `items`, which from now on count as sent. */
  diff(items: readonly T[]): ResultChanges<T> {
    const next = new Map<string, string>();
    const upserted: T[] = [];
    for (const item of items) {
      let text = this.texts.get(item);
      if (text === undefined) this.texts.set(item, (text = JSON.stringify(item)));
      next.set(item.id, text);
      if (this.sent.get(item.id) !== text) upserted.push(item);
    }
    const removed = [...this.sent.keys()].filter((id) => !next.has(id));
    this.sent = next;
    return { upserted, removed };
  }
}
