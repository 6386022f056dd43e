import { Alert, Button, Select } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import { useT } from '../../prefs';
import { loadPortalRegions, type PortalRegion } from './portal-regions';
import { useClearable } from '../../components/clearable';

type Props = { value?: string; onChange?: (code: string | undefined) => void; id?: string };

/**
 * District → street → community, three large selects a thumb can use; the community may be left open when the
 * citizen knows only the street. Each list is searchable by name or pinyin initials.
 */
export function CommunityPicker({ value, onChange, id }: Props) {
  const clearable = useClearable();
  const t = useT();
  const [regions, setRegions] = useState<PortalRegion[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const [district, setDistrict] = useState<string | undefined>();
  const [street, setStreet] = useState<string | undefined>();
  const [community, setCommunity] = useState<string | undefined>();

  // The region list is large (about 50 KB compressed): fetched when the citizen turns to the picker, not with the form.
  const [wanted, setWanted] = useState(Boolean(value));
  useEffect(() => {
    if (value) setWanted(true);
  }, [value]);

  useEffect(() => {
    if (!wanted) return;
    let live = true;
    setError(null);
    loadPortalRegions()
      .then((r) => live && setRegions(r))
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [tick, wanted]);

  // A value set from outside (e.g. a reset) clears the selects.
  useEffect(() => {
    if (!value) {
      setStreet(undefined);
      setCommunity(undefined);
    }
  }, [value]);

  const byParent = useMemo(() => {
    const m = new Map<string, PortalRegion[]>();
    for (const r of regions ?? []) {
      if (!r.parentCode) continue;
      const list = m.get(r.parentCode) ?? [];
      list.push(r);
      m.set(r.parentCode, list);
    }
    return m;
  }, [regions]);

  // A value given before the regions loaded (a restored draft) shows as its district, street and community.
  useEffect(() => {
    if (!regions || !value || district) return;
    const byCode = new Map(regions.map((r) => [r.code, r]));
    const chosen = byCode.get(value);
    if (!chosen) return;
    const street = chosen.level === 'community' ? byCode.get(chosen.parentCode ?? '') : chosen;
    if (street?.level !== 'street') return;
    setDistrict(street.parentCode ?? undefined);
    setStreet(street.code);
    setCommunity(chosen.level === 'community' ? chosen.code : undefined);
  }, [regions, value, district]);

  const opts = (parent: string | undefined) =>
    parent ? (byParent.get(parent) ?? []).map((r) => ({ value: r.code, label: r.name, search: `${r.name} ${r.pinyin} ${r.initials}` })) : [];
  const city = regions?.find((r) => r.level === 'city')?.code;
  const filter = { optionFilterProp: 'search' as const };

  if (error)
    return (
      <Alert
        type="error"
        showIcon
        title={t('portal.requests.regionsFailed')}
        action={
          <Button size="small" onClick={() => setTick((n) => n + 1)}>
            {t('common.retry')}
          </Button>
        }
      />
    );

  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: 8 }}>
      <Select
        id={id}
        size="large"
        style={{ width: '100%', minWidth: 0 }}
        aria-label={t('portal.requests.district')}
        placeholder={t('portal.requests.district')}
        loading={wanted && !regions}
        onFocus={() => setWanted(true)}
        onMouseDown={() => setWanted(true)}
        value={district}
        onChange={(v: string) => {
          setDistrict(v);
          setStreet(undefined);
          setCommunity(undefined);
          onChange?.(undefined);
        }}
        options={opts(city)}
        showSearch={filter}
      />
      <Select
        size="large"
        style={{ width: '100%', minWidth: 0 }}
        aria-label={t('portal.requests.street')}
        placeholder={t('portal.requests.street')}
        disabled={!district}
        value={street}
        onChange={(v: string) => {
          setStreet(v);
          setCommunity(undefined);
          onChange?.(v);
        }}
        options={opts(district)}
        showSearch={filter}
      />
      <Select
        size="large"
        style={{ width: '100%', minWidth: 0 }}
        aria-label={t('portal.requests.community')}
        placeholder={t('portal.requests.community')}
        disabled={!street}
        allowClear={clearable}
        value={community}
        onChange={(v?: string) => {
          setCommunity(v);
          onChange?.(v ?? street);
        }}
        options={opts(street)}
        showSearch={filter}
      />
    </div>
  );
}
