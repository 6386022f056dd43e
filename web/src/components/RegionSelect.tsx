import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { Region } from '@contracts/regions';
import { regionsApi } from '../api/regions';
import { useT } from '../prefs';
import { labelOf } from './labels';
import { useDebounced } from './use-api';
import { useClearable } from './clearable';

type Props = {
  id?: string;
  value?: string;
  onChange?: (code: string | undefined) => void;
  /** Only regions inside this code. */
  within?: string;
  /** Only regions of this level (filtered on the client). */
  level?: string;
  placeholder?: string;
  allowClear?: boolean;
  initialLabel?: string;
  'aria-label'?: string;
};

/** A searchable region picker over GET /api/regions/search (names, codes, pinyin initials). */
export function RegionSelect({ id, value, onChange, within, level, placeholder, allowClear = true, initialLabel, ...rest }: Props) {
  const clearable = useClearable();
  const t = useT();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [options, setOptions] = useState<Region[]>([]);
  const [loading, setLoading] = useState(false);

  useEffect(() => {
    if (!dq) {
      setOptions([]);
      return;
    }
    let live = true;
    setLoading(true);
    regionsApi.search
      .call({ query: { q: dq, within, limit: 30 } })
      .then((r) => live && setOptions(level ? r.items.filter((x) => x.level === level) : r.items))
      .catch(() => live && setOptions([]))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [dq, within, level]);

  const opts = options.map((r) => ({ value: r.code, label: `${r.name}（${labelOf(t, 'regionLevel', r.level)} ${r.code}）` }));
  if (value && !opts.some((o) => o.value === value)) opts.unshift({ value, label: initialLabel ?? value });

  return (
    <Select
      id={id}
      aria-label={rest['aria-label']}
      showSearch={{ filterOption: false, onSearch: setQ }}
      value={value}
      onChange={(v: string | undefined) => onChange?.(v)}
      options={opts}
      loading={loading}
      allowClear={allowClear ? clearable : false}
      placeholder={placeholder ?? t('regions.searchPlaceholder')}
      notFoundContent={dq ? t('regions.noResults') : t('common.searchHint')}
      style={{ width: '100%', minWidth: 200 }}
    />
  );
}
