/**
 * Runs async tasks one at a time, in the order they were queued; a failed task does not block the
 * ones after it. The stores use it so two quick changes cannot interleave their file writes.
 */
export function createSerialQueue(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task);
    tail = run.catch(() => undefined);
    return run;
  };
}
