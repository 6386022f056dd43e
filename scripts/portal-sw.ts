import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import type { Plugin } from 'vite';
import { portalChunks } from './portal-bundle.js';

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
        const portal = portalChunks(bundle);
        if (!portal) return;
        const starts = [
          portal.entry.fileName,
          ...portal.chunks.filter((c) => c.facadeModuleId && offlinePages.some((re) => re.test(c.facadeModuleId!))).map((c) => c.fileName),
        ];
        const files = new Set<string>();
        for (const f of portal.reachable(starts)) {
          files.add(f);
          const meta = portal.byFile.get(f)?.viteMetadata;
          for (const css of meta?.importedCss ?? []) files.add(css);
          for (const asset of meta?.importedAssets ?? []) files.add(asset);
        }
        const urls = [...files].sort().map((f) => `/${f}`);
        const version = createHash('sha256').update(urls.join('\n')).digest('hex').slice(0, 12);
        const code = readFileSync(source, 'utf8').replace('self.__QH_PRECACHE__', JSON.stringify({ version, urls }));
        this.emitFile({ type: 'asset', fileName: 'portal-sw.js', source: code });
      },
    },
  };
}
