import { AimOutlined } from '@ant-design/icons';
import { Button, Card, Flex, Input, Pagination, Select, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { TARGET_GROUPS } from '@contracts/catalogue.enums';
import { catalogueApi } from '../../api/catalogue';
import { labelOf } from '../../components/labels';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useDebounced, useEndpoint } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { loadPortalRegions } from '../requests/portal-regions';
import { useClearable } from '../../components/clearable';

export const fmtDistance = (m: number) => (m < 1000 ? `${m} m` : `${(m / 1000).toFixed(1)} km`);

/** Where the phone is, when the citizen allows it (kept for the service page). */
export function usePosition() {
  const [pos, setPos] = useState<{ lat: number; lng: number } | null>(() => {
    const s = sessionStorage.getItem('qh-pos');
    return s ? (JSON.parse(s) as { lat: number; lng: number }) : null;
  });
  const [state, setState] = useState<'idle' | 'locating' | 'failed'>('idle');
  const locate = () => {
    if (!navigator.geolocation) return setState('failed');
    setState('locating');
    navigator.geolocation.getCurrentPosition(
      (p) => {
        const v = { lat: Math.round(p.coords.latitude * 1e5) / 1e5, lng: Math.round(p.coords.longitude * 1e5) / 1e5 };
        sessionStorage.setItem('qh-pos', JSON.stringify(v));
        setPos(v);
        setState('idle');
      },
      () => setState('failed'),
      { timeout: 8000, maximumAge: 300_000 },
    );
  };
  return { pos, state, locate };
}

/** The public service directory, phone-first: search (Chinese or pinyin initials), brand, target group, nearest first. */
export function PortalDirectoryPage() {
  const clearable = useClearable();
  const { t, lang } = usePrefs();
  const [q, setQ] = useState('');
  const [district, setDistrict] = useState<string | undefined>();
  const [districts, setDistricts] = useState<Array<{ value: string; label: string }>>([]);
  useEffect(() => {
    loadPortalRegions()
      .then((all) => setDistricts(all.filter((r) => r.level === 'district').map((r) => ({ value: r.code, label: r.name }))))
      .catch(() => setDistricts([]));
  }, []);
  const dq = useDebounced(q);
  const [brandId, setBrandId] = useState<number | undefined>();
  const [group, setGroup] = useState<(typeof TARGET_GROUPS)[number] | undefined>();
  const [page, setPage] = useState(1);
  const { pos, state: locState, locate } = usePosition();
  const brands = useEndpoint(catalogueApi.portalBrands);
  const list = useEndpoint(catalogueApi.portalServices, {
    query: {
      page,
      pageSize: 10,
      ...(dq.trim() ? { q: dq.trim() } : {}),
      ...(brandId ? { brandId } : {}),
      ...(group ? { group } : {}),
      ...(district ? { district } : {}),
      ...(pos ?? {}),
    },
  });
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.catalogue.title')}
      </Typography.Title>
      <Flex vertical gap="small" style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('portal.catalogue.search')}
          placeholder={t('portal.catalogue.search')}
          value={q}
          onChange={(e) => (setQ(e.target.value), setPage(1))}
          allowClear={clearable}
          size="large"
        />
        <Flex gap={6} wrap role="group" aria-label={t('cat.brand')}>
          <Tag.CheckableTag checked={brandId === undefined} onChange={() => (setBrandId(undefined), setPage(1))}>
            {t('portal.catalogue.allBrands')}
          </Tag.CheckableTag>
          {(brands.data?.items ?? []).map((b) => (
            <Tag.CheckableTag key={b.id} checked={brandId === b.id} onChange={() => (setBrandId(b.id), setPage(1))}>
              {b.name}
            </Tag.CheckableTag>
          ))}
        </Flex>
        <Flex gap="small" wrap>
          <Select
            aria-label={t('portal.catalogue.group')}
            placeholder={t('portal.catalogue.group')}
            allowClear={clearable}
            style={{ minWidth: 160 }}
            value={group}
            onChange={(v) => (setGroup(v), setPage(1))}
            options={TARGET_GROUPS.map((g) => ({ value: g, label: labelOf(t, 'cat.group', g) }))}
          />
          <Select
            aria-label={t('portal.catalogue.district')}
            placeholder={t('portal.catalogue.district')}
            allowClear={clearable}
            showSearch={{ optionFilterProp: 'label' }}
            style={{ minWidth: 160 }}
            value={district}
            onChange={(v) => (setDistrict(v), setPage(1))}
            options={districts}
          />
          <Button icon={<AimOutlined aria-hidden />} onClick={locate} loading={locState === 'locating'} type={pos ? 'primary' : 'default'}>
            {t('portal.catalogue.nearMe')}
          </Button>
        </Flex>
        {locState === 'failed' ? <Typography.Text className="qh-muted">{t('portal.catalogue.noLocation')}</Typography.Text> : null}
      </Flex>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : list.loading && !list.data ? <LoadingState /> : null}
      {list.data && list.data.items.length === 0 ? <EmptyState /> : null}
      <Flex vertical gap="small">
        {list.data?.items.map((s) => (
          <Card key={s.id} size="small">
            <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
              <Link to={`/portal/services/${s.id}`}>{lang === 'en' && s.nameEn ? s.nameEn : s.name}</Link>
            </Typography.Title>
            <Flex gap={4} wrap style={{ margin: '6px 0' }}>
              {s.brandName ? <Tag color="blue">{s.brandName}</Tag> : null}
              {s.channels.map((c) => (
                <Tag key={c}>{labelOf(t, 'cat.channel', c)}</Tag>
              ))}
            </Flex>
            <Typography.Text className="qh-muted">
              {[s.orgName, s.nearestVenue, s.distanceM !== null ? t('portal.catalogue.distance', { d: fmtDistance(s.distanceM) }) : null]
                .filter(Boolean)
                .join(' · ')}
            </Typography.Text>
          </Card>
        ))}
      </Flex>
      {list.data && list.data.total > 10 ? (
        <Pagination style={{ marginTop: 12 }} simple current={page} total={list.data.total} pageSize={10} onChange={setPage} />
      ) : null}
    </>
  );
}
