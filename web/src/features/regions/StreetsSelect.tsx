import { Select } from 'antd';
import { useEffect, useState } from 'react';
import type { Region } from '@contracts/regions';
import { regionsApi } from '../../api/regions';
import { rememberRegionName, useRegionNames } from '../../components/region-names';
import { useDebounced } from '../../components/use-api';
import { useT } from '../../prefs';

type Props = { id?: string; value?: string[]; onChange?: (codes: string[]) => void };

/** Multiple streets (镇/街道) picked by search; used to define a functional zone. */
export function StreetsSelect({ id, value = [], onChange }: Props) {
  const t = useT();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [found, setFound] = useState<Region[]>([]);
  const names = useRegionNames(value);

  useEffect(() => {
    if (!dq) return;
    let live = true;
    regionsApi.search
      .call({ query: { q: dq, limit: 40 } })
      .then((r) => {
        if (!live) return;
        const streets = r.items.filter((x) => x.level === 'street');
        streets.forEach((s) => rememberRegionName(s.code, s.name));
        setFound(streets);
      })
      .catch(() => live && setFound([]));
    return () => {
      live = false;
    };
  }, [dq]);

  const options = [
    ...value.map((c) => ({ value: c, label: names[c] ?? c })),
    ...found.filter((r) => !value.includes(r.code)).map((r) => ({ value: r.code, label: `${r.name}（${r.code}）` })),
  ];
  return (
    <Select
      id={id}
      mode="multiple"
      value={value}
      onChange={(v: string[]) => onChange?.(v)}
      options={options}
      showSearch={{ filterOption: false, onSearch: setQ }}
      placeholder={t('zones.streetsHelp')}
      notFoundContent={dq ? t('regions.noResults') : t('common.searchHint')}
      style={{ width: '100%' }}
    />
  );
}
