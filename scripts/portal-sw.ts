import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';

type Chunk = {
  fileName: string;
  imports: string[];
  facadeModuleId: string | null;
  isEntry: boolean;
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
};

/**
 * Emits the portal's service worker (/portal-sw.js) with the files it caches on install: the portal entry and what it
 * imports (the shell), its CSS, the home page, and the request form with its confirmation page, so the form opens
 * without a network.
 */
export function portalServiceWorker(source: string, offlinePages: RegExp[]): Plugin {
  return {
    name: 'qunhub-portal-sw',
    apply: 'build',
    // After Vite's own hooks, which drop the chunks that held only CSS.
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const chunks = new Map<string, Chunk>();
        for (const out of Object.values(bundle)) if (out.type === 'chunk') chunks.set(out.fileName, out as unknown as Chunk);
        const entry = [...chunks.values()].find((c) => c.isEntry && c.facadeModuleId?.endsWith('/portal.html'));
        if (!entry) return;
        const starts = [
          entry.fileName,
          ...[...chunks.values()].filter((c) => c.facadeModuleId && offlinePages.some((re) => re.test(c.facadeModuleId!))).map((c) => c.fileName),
        ];
        const files = new Set<string>();
        const todo = [...starts];
        while (todo.length) {
          const f = todo.pop()!;
          if (files.has(f)) continue;
          files.add(f);
          const c = chunks.get(f);
          if (!c) continue;
          todo.push(...c.imports);
          for (const css of c.viteMetadata?.importedCss ?? []) files.add(css);
          for (const asset of c.viteMetadata?.importedAssets ?? []) files.add(asset);
        }
        const urls = [...files].sort().map((f) => `/${f}`);
        const version = createHash('sha256').update(urls.join('\n')).digest('hex').slice(0, 12);
        const code = readFileSync(source, 'utf8').replace('self.__QH_PRECACHE__', JSON.stringify({ version, urls }));
        this.emitFile({ type: 'asset', fileName: 'portal-sw.js', source: code });
      },
    },
  };
}
