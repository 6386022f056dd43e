import type { Key } from 'react';
import { Tree } from 'antd';
import { useEffect, useState } from 'react';
import type { Region } from '@contracts/regions';
import { regionsApi } from '../../api/regions';
import { ErrorState, LoadingState } from '../../components/states';
import { useT } from '../../prefs';

type Node = { key: string; title: string; isLeaf: boolean; children?: Node[] };

const toNode = (r: Region): Node => ({ key: r.code, title: r.name, isLeaf: r.childCount === 0 });

function attach(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) => (n.key === key ? { ...n, children } : n.children ? { ...n, children: attach(n.children, key, children) } : n));
}

/** The legal division tree, loaded one level at a time from GET /api/regions?parent=CODE. */
export function RegionTree({ selected, onSelect }: { selected: string | null; onSelect: (code: string) => void }) {
  const t = useT();
  const [tree, setTree] = useState<Node[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [expanded, setExpanded] = useState<string[]>([]);

  useEffect(() => {
    let live = true;
    setError(null);
    regionsApi.children
      .call({ query: {} })
      .then((r) => {
        if (!live) return;
        setTree(r.items.map(toNode));
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick]);

  const loadData = async (node: { key: Key; children?: unknown[] }) => {
    if (node.children) return;
    const key = String(node.key);
    const r = await regionsApi.children.call({ query: { parent: key } });
    setTree((prev) => (prev ? attach(prev, key, r.items.map(toNode)) : prev));
  };

  if (error) return <ErrorState error={error} onRetry={() => setTick((n) => n + 1)} />;
  if (!tree) return <LoadingState />;
  return (
    <Tree
      aria-label={t('regions.treeLabel')}
      treeData={tree}
      loadData={loadData}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys.map(String))}
      selectedKeys={selected ? [selected] : []}
      onSelect={(keys) => {
        const k = keys[0];
        if (k !== undefined) onSelect(String(k));
      }}
    />
  );
}
