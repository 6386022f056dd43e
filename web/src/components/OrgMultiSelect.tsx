import { Select } from 'antd';
import { useEffect, useState } from 'react';
import { orgsApi } from '../api/orgs';
import { useT } from '../prefs';
import { useDebounced } from './use-api';

type Props = {
  id?: string;
  value?: number[];
  onChange?: (ids: number[]) => void;
  /** Labels of ids already chosen (e.g. an activity's co-hosts) before a search finds them. */
  initial?: Array<{ id: number; name: string }>;
  exclude?: number[];
  placeholder?: string;
  'aria-label'?: string;
};

/** Several organizations, searched by name over GET /api/orgs?q= (the caller's scope applies on the server). */
export function OrgMultiSelect({ id, value, onChange, initial, exclude, placeholder, ...rest }: Props) {
  const t = useT();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [orgs, setOrgs] = useState<Array<{ id: number; name: string }>>([]);
  const [known, setKnown] = useState<Map<number, string>>(() => new Map((initial ?? []).map((o) => [o.id, o.name])));
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    let live = true;
    setLoading(true);
    orgsApi.list
      .call({ query: { q: dq || undefined, status: 'active', pageSize: 30, sort: 'level' } })
      .then((r) => live && setOrgs(r.items.map((o) => ({ id: o.id, name: `${o.name}（${o.regionName}）` }))))
      .catch(() => live && setOrgs([]))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [dq]);
  const opts = orgs.filter((o) => !exclude?.includes(o.id)).map((o) => ({ value: o.id, label: o.name }));
  for (const v of value ?? []) if (!opts.some((o) => o.value === v)) opts.unshift({ value: v, label: known.get(v) ?? String(v) });
  return (
    <Select
      id={id}
      mode="multiple"
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value ?? []}
      onChange={(ids: number[]) => {
        setKnown((m) => new Map([...m, ...orgs.filter((o) => ids.includes(o.id)).map((o) => [o.id, o.name] as const)]));
        onChange?.(ids);
      }}
      options={opts}
      loading={loading}
      placeholder={placeholder ?? t('common.searchHint')}
      notFoundContent={loading ? t('common.loading') : t('common.empty')}
      style={{ width: '100%', minWidth: 220 }}
    />
  );
}
