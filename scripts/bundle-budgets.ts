import type { BundleStats, ChunkStats } from './bundle-stats.js';

/** A page as a browser first opens it: the HTML entry's chunks plus the lazily loaded modules the page renders. */
export type RoutePlan = { route: string; entry: string; lazy: string[] };

export type Load = { js: number; css: number; chunks: ChunkStats[]; cssFiles: string[] };

/** The chunk that holds a source module: the chunk it is the facade of, else the chunk that bundles it. */
export function chunkOf(stats: BundleStats, module: string): ChunkStats {
  const all = Object.values(stats.chunks);
  const found = all.find((c) => c.facade === module) ?? all.find((c) => c.modules.some((m) => m.id === module));
  if (!found) throw new Error(`no chunk holds ${module}: was it renamed? (update the route plan)`);
  return found;
}

/** The chunk and every chunk it imports statically (Vite preloads those with it). */
export function closure(stats: BundleStats, start: string[], into = new Set<string>()): Set<string> {
  const todo = [...start];
  while (todo.length) {
    const f = todo.pop()!;
    if (into.has(f)) continue;
    into.add(f);
    const c = stats.chunks[f];
    if (!c) throw new Error(`chunk ${f} missing from the stats`);
    todo.push(...c.imports);
  }
  return into;
}

export function measure(stats: BundleStats, files: Set<string>): Load {
  const chunks = [...files].map((f) => stats.chunks[f]!).sort((a, b) => b.gzip - a.gzip);
  const cssFiles = [...new Set(chunks.flatMap((c) => c.css))];
  return {
    js: chunks.reduce((s, c) => s + c.gzip, 0),
    css: cssFiles.reduce((s, f) => s + (stats.cssGzip[f] ?? 0), 0),
    chunks,
    cssFiles,
  };
}

/** Every chunk a page needs on its first visit. */
export function routeFiles(stats: BundleStats, plan: RoutePlan): Set<string> {
  const entry = stats.entries[plan.entry];
  if (!entry) throw new Error(`no entry ${plan.entry} in the build (entries: ${Object.keys(stats.entries).join(', ')})`);
  return closure(stats, [entry, ...plan.lazy.map((m) => chunkOf(stats, m).file)]);
}

export const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

/** The heaviest chunks of a set and, for each, the modules that weigh most: what to look at when a budget is exceeded. */
export function explain(load: Load, top = 3): string {
  return load.chunks
    .slice(0, top)
    .map((c) => {
      const mods = c.modules
        .slice(0, 4)
        .map((m) => `${m.id} (${kb(m.bytes)} raw)`)
        .join(', ');
      return `  ${c.file}: ${kb(c.gzip)} gzip — largest modules: ${mods}`;
    })
    .join('\n');
}
