// Read-modify-write of storage items from concurrent handlers (a refresh finishing while the user
// removes an entry) would lose one of the writes; the background runs them one at a time.
let tail: Promise<unknown> = Promise.resolve();

export function serialized<T>(task: () => Promise<T>): Promise<T> {
  const run = tail.then(task, task);
  tail = run.catch(() => {});
  return run;
}
