/**
 * Array-backed binary heap primitives shared by the matcher (bounded min-heap of the best k providers) and the task
 * queue (max-heap by priority). `above(a, b)` is true when `a` belongs nearer the root than `b`; ties (neither above
 * the other) never swap, so callers keep their own deterministic tie-breaking inside `above`.
 */
export type Above<T> = (a: T, b: T) => boolean;

/** Appends `x` and sifts it up. */
export function heapPush<T>(h: T[], x: T, above: Above<T>): void {
  h.push(x);
  let i = h.length - 1;
  while (i > 0) {
    const parent = (i - 1) >> 1;
    if (!above(h[i] as T, h[parent] as T)) break;
    [h[i], h[parent]] = [h[parent] as T, h[i] as T];
    i = parent;
  }
}

/** Restores the heap property below index `i`. */
export function heapSiftDown<T>(h: T[], i: number, above: Above<T>): void {
  for (;;) {
    const l = 2 * i + 1;
    const r = l + 1;
    let top = i;
    if (l < h.length && above(h[l] as T, h[top] as T)) top = l;
    if (r < h.length && above(h[r] as T, h[top] as T)) top = r;
    if (top === i) return;
    [h[i], h[top]] = [h[top] as T, h[i] as T];
    i = top;
  }
}

/** Rebuilds the heap property over the whole array. */
export function heapify<T>(h: T[], above: Above<T>): void {
  for (let i = (h.length >> 1) - 1; i >= 0; i--) heapSiftDown(h, i, above);
}

/** Removes and returns the root; the heap must not be empty. */
export function heapPop<T>(h: T[], above: Above<T>): T {
  const top = h[0] as T;
  const last = h.pop() as T;
  if (h.length) {
    h[0] = last;
    heapSiftDown(h, 0, above);
  }
  return top;
}
