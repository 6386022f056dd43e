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

/**
 * Node flags the server is started with (`npm start`, the reliability tests and the benches that start it). V8 sizes
 * its young generation when the process starts, so this cannot be set from inside like the growing factor above.
 * By default Node 24 lets each of the young generation's two halves grow to 64 MB: the server's heap then held
 * 217 MB for 84 MB in use, and the traffic after an idle collection touched those pages again, growing the resident
 * memory by 16-26 % over 10,000 mixed requests. With 16 MB halves the heap holds about 120 MB, the idle server about
 * 230 MB and the growth is 13 %, at the same requests per second; 8 MB halves saved no more and made a 1M-row import
 * 6 % slower (ADR 0030).
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=16'] as const;

/** The flags above that this process was not started with: the server warns of them at start. */
export function missingNodeFlags(execArgv: readonly string[] = process.execArgv): string[] {
  return SERVER_NODE_FLAGS.filter((f) => !execArgv.includes(f));
}
