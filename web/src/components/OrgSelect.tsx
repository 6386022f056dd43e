import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { Org } from '@contracts/orgs';
import { orgsApi } from '../api/orgs';
import { useT } from '../prefs';
import { useDebounced } from './use-api';
import { useClearable } from './clearable';

type Props = {
  id?: string;
  value?: number;
  onChange?: (id: number | undefined, org: Org | undefined) => void;
  type?: string;
  placeholder?: string;
  initialLabel?: string;
  /** Leave these ids out (e.g. a unit cannot become its own parent). */
  exclude?: number[];
  'aria-label'?: string;
};

/** A searchable organization picker over GET /api/orgs?q= (the caller's scope applies on the server). */
export function OrgSelect({ id, value, onChange, type, placeholder, initialLabel, exclude, ...rest }: Props) {
  const clearable = useClearable();
  const t = useT();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [orgs, setOrgs] = useState<Org[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    let live = true;
    setLoading(true);
    orgsApi.list
      .call({ query: { type, q: dq || undefined, status: 'active', pageSize: 30, sort: 'level' } })
      .then((r) => live && setOrgs(r.items))
      .catch(() => live && setOrgs([]))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [dq, type]);

  const shown = orgs.filter((o) => !exclude?.includes(o.id));
  const opts = shown.map((o) => ({ value: o.id, label: `${o.name}（${o.regionName}）` }));
  if (value !== undefined && !opts.some((o) => o.value === value)) opts.unshift({ value, label: initialLabel ?? String(value) });

  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v: number | undefined) =>
        onChange?.(
          v,
          orgs.find((o) => o.id === v),
        )
      }
      options={opts}
      loading={loading}
      allowClear={clearable}
      placeholder={placeholder ?? t('common.searchHint')}
      notFoundContent={loading ? t('common.loading') : t('common.empty')}
      style={{ width: '100%', minWidth: 220 }}
    />
  );
}
