import type { SecretRecord } from './model';
import { CHUNK, OrderedSet } from './ordered-set';

/**
 * Secrets scheduled for deletion, ordered by the end of their recovery window (then ARN). Every
 * request first purges the secrets whose window has passed; with the deadlines in order that check
 * reads only the earliest one (O(1) when nothing is due) instead of every scheduled secret — a
 * vault where thousands of secrets wait out 30-day windows paid for all of them on each write.
 */
export class DeletionSchedule {
  private readonly byDeadline: OrderedSet<SecretRecord>;

  constructor(chunk = CHUNK) {
    this.byDeadline = new OrderedSet<SecretRecord>(
      (a, b) => (a.meta.deletedAt as number) - (b.meta.deletedAt as number) || (a.meta.arn < b.meta.arn ? -1 : a.meta.arn > b.meta.arn ? 1 : 0),
      chunk,
    );
  }

  get size(): number {
    return this.byDeadline.size;
  }

  /** Records a secret whose metadata now has a `deletedAt` (call again after it changes: `remove` first). */
  add(record: SecretRecord): void {
    if (record.meta.deletedAt !== undefined) this.byDeadline.add(record);
  }

  /** Call while the record still holds the metadata it was added with. */
  remove(record: SecretRecord): void {
    if (record.meta.deletedAt !== undefined) this.byDeadline.delete(record);
  }

  /** The earliest deadline, if any secret is scheduled. */
  get next(): number | undefined {
    return this.byDeadline.at(0)?.meta.deletedAt;
  }

  /** The secrets whose window ended at or before `now`, earliest first. */
  due(now: number): SecretRecord[] {
    const due: SecretRecord[] = [];
    for (const record of this.byDeadline.range(0, this.byDeadline.size)) {
      if ((record.meta.deletedAt as number) > now) break;
      due.push(record);
    }
    return due;
  }
}
