import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

/** One emitted JavaScript chunk as the budget check sees it. */
export type ChunkStats = {
  file: string;
  isEntry: boolean;
  /** The module the chunk stands for (an entry or a lazily imported page), relative to the project root. */
  facade: string | null;
  imports: string[];
  dynamicImports: string[];
  css: string[];
  bytes: number;
  gzip: number;
  /** Rendered bytes per source module (before compression), largest first. */
  modules: { id: string; bytes: number; importers: string[] }[];
};

export type BundleStats = {
  /** HTML entry (e.g. "index.html") → its entry chunk file. */
  entries: Record<string, string>;
  chunks: Record<string, ChunkStats>;
  /** CSS asset file → gzip bytes. */
  cssGzip: Record<string, number>;
};

export const STATS_FILE = '.vite/bundle-stats.json';

const rel = (root: string, id: string): string => {
  const clean = id.replace(/^\0/, '').split('?')[0] ?? id;
  const at = clean.indexOf('/node_modules/');
  if (at >= 0) return clean.slice(at + 1);
  return clean.startsWith(root) ? clean.slice(root.length + 1) : clean;
};

/** Writes per-chunk sizes (gzip) and per-module rendered sizes next to Vite's manifest, for the budget check. */
export function bundleStats(projectRoot: string): Plugin {
  return {
    name: 'qunhub-bundle-stats',
    apply: 'build',
    // After Vite's own hooks, which drop the chunks that held only CSS.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const stats: BundleStats = { entries: {}, chunks: {}, cssGzip: {} };
        for (const out of Object.values(bundle)) {
          if (out.type === 'asset') {
            if (out.fileName.endsWith('.css')) stats.cssGzip[out.fileName] = gzipSync(out.source).length;
            continue;
          }
          const facade = out.facadeModuleId ? rel(projectRoot, out.facadeModuleId) : null;
          if (out.isEntry && facade) stats.entries[facade.replace(/^web\//, '')] = out.fileName;
          stats.chunks[out.fileName] = {
            file: out.fileName,
            isEntry: out.isEntry,
            facade,
            imports: out.imports,
            dynamicImports: out.dynamicImports,
            css: [...(out.viteMetadata?.importedCss ?? [])],
            bytes: Buffer.byteLength(out.code),
            gzip: gzipSync(out.code).length,
            modules: Object.entries(out.modules)
              .map(([id, m]) => ({
                id: rel(projectRoot, id),
                bytes: m.renderedLength,
                importers: (this.getModuleInfo(id)?.importers ?? []).slice(0, 3).map((i) => rel(projectRoot, i)),
              }))
              .filter((m) => m.bytes > 0)
              .sort((a, b) => b.bytes - a.bytes),
          };
        }
        this.emitFile({ type: 'asset', fileName: STATS_FILE, source: JSON.stringify(stats, null, 1) });
      },
    },
  };
}
