import type { Key } from 'react';
import { Tree } from 'antd';
import { useEffect, useRef, useState } from 'react';
import type { Org } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useT } from '../../prefs';

type Node = { key: string; title: string; isLeaf: boolean; children?: Node[] };

function attach(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) => (n.key === key ? { ...n, children } : n.children ? { ...n, children: attach(n.children, key, children) } : n));
}

type Props = { type: string; label: string; selected: Org | null; onSelect: (o: Org | null) => void };

/** Roots from GET /api/orgs/roots, children loaded on expand (GET /api/orgs?parentId=). */
export function OrgTree({ type, label, selected, onSelect }: Props) {
  const t = useT();
  const byId = useRef(new Map<string, Org>());
  const [tree, setTree] = useState<Node[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [expanded, setExpanded] = useState<string[]>([]);

  const toNode = (o: Org): Node => {
    byId.current.set(String(o.id), o);
    return { key: String(o.id), title: o.status === 'archived' ? `${o.name}（${t('orgs.archived')}）` : o.name, isLeaf: o.childCount === 0 };
  };

  useEffect(() => {
    let live = true;
    setError(null);
    orgsApi.roots
      .call({ query: { type } })
      .then((r) => {
        if (!live) return;
        const roots = r.items.map(toNode);
        setTree(roots);
        const first = roots[0];
        if (roots.length === 1 && first && !first.isLeaf) setExpanded([first.key]);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [type, tick]);

  const loadData = async (node: { key: Key; children?: unknown[] }) => {
    if (node.children) return;
    const key = String(node.key);
    const r = await orgsApi.list.call({ query: { parentId: Number(key), pageSize: 200, sort: 'name' } });
    setTree((prev) => (prev ? attach(prev, key, r.items.map(toNode)) : prev));
  };

  if (error) return <ErrorState error={error} onRetry={() => setTick((n) => n + 1)} />;
  if (!tree) return <LoadingState />;
  if (tree.length === 0) return <EmptyState />;
  return (
    <Tree
      aria-label={label}
      treeData={tree}
      loadData={loadData}
      expandedKeys={expanded}
      onExpand={(keys) => setExpanded(keys.map(String))}
      selectedKeys={selected ? [String(selected.id)] : []}
      onSelect={(keys) => {
        const k = keys[0];
        onSelect(k === undefined ? null : (byId.current.get(String(k)) ?? null));
      }}
    />
  );
}
