import v8 from 'node:v8';

/** After each full collection, V8 may grow the old generation to this much more than survived it before the next. */
export const HEAP_GROWING_PERCENT = 20;

/**
 * Keeps the process's memory near what it holds (ADR 0029). By default V8 lets its old generation grow to several
 * times what is live before it collects again: a long import or export took the server from 250 MB idle to 880 MB,
 * nearly all of it garbage. With a 1.2× growing factor the same 1M-row import peaks under 500 MB for 5–10 % more
 * time. The flag is read at every full collection, so setting it at start applies to the whole run.
 */
export function tuneHeap(): void {
  v8.setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}
