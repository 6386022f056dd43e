/** A chunk of the build, as the portal's build plugins read it. */
export type PortalChunk = {
  fileName: string;
  imports: string[];
  facadeModuleId: string | null;
  isEntry: boolean;
  viteMetadata?: { importedCss: Set<string>; importedAssets: Set<string> };
};

/** The chunks of a build, the portal's entry among them, and what a set of chunks loads by static imports. */
export type PortalBundle = {
  chunks: PortalChunk[];
  byFile: Map<string, PortalChunk>;
  entry: PortalChunk;
  /** The files the given chunks load through their static imports, themselves included (a page's dynamic import is not followed). */
  reachable: (starts: string[]) => Set<string>;
};

/**
 * Reads the chunks of a Vite (Rollup) bundle in `generateBundle` and finds the portal's entry (the chunk of
 * portal.html); null when the build has none. Shared by the plugins that list the portal's shell and pages.
 */
export function portalChunks(bundle: Record<string, { type: string }>): PortalBundle | null {
  const byFile = new Map<string, PortalChunk>();
  for (const out of Object.values(bundle)) {
    if (out.type !== 'chunk') continue;
    const chunk = out as unknown as PortalChunk;
    byFile.set(chunk.fileName, chunk);
  }
  const chunks = [...byFile.values()];
  const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith('/portal.html'));
  if (!entry) return null;
  const reachable = (starts: string[]): Set<string> => {
    const seen = new Set<string>();
    const todo = [...starts];
    while (todo.length) {
      const f = todo.pop()!;
      if (seen.has(f)) continue;
      seen.add(f);
      todo.push(...(byFile.get(f)?.imports ?? []));
    }
    return seen;
  };
  return { chunks, byFile, entry, reachable };
}
