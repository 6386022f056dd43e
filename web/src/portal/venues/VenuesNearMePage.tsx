import { Card, Empty, Flex, Pagination, Select, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { PublicVenue } from '@contracts/venues';
import { venuesApi } from '../../api/venues';
import { ErrorState, LoadingState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { loadPortalRegions, type PortalRegion } from '../requests/portal-regions';
import { useClearable } from '../../components/clearable';

const TYPES = [
  'party_mass_centre',
  'integrated_centre',
  'workers_home',
  'youth_home',
  'women_home',
  'children_home',
  'academician_station',
  'experience_hall',
] as const;

/** "Venues near me": the positions of a district, street or community with their opening hours, phone-first. */
export function VenuesNearMePage() {
  const clearable = useClearable();
  const t = useT();
  const [regions, setRegions] = useState<PortalRegion[] | null>(null);
  const [regionsError, setRegionsError] = useState<unknown>(null);
  const [district, setDistrict] = useState<string | undefined>();
  const [street, setStreet] = useState<string | undefined>();
  const [community, setCommunity] = useState<string | undefined>();
  const [type, setType] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  useEffect(() => {
    loadPortalRegions().then(setRegions, setRegionsError);
  }, []);
  const byParent = useMemo(() => {
    const m = new Map<string, PortalRegion[]>();
    for (const r of regions ?? []) if (r.parentCode) m.set(r.parentCode, [...(m.get(r.parentCode) ?? []), r]);
    return m;
  }, [regions]);
  const city = regions?.find((r) => r.level === 'city')?.code;
  const opts = (parent: string | undefined) =>
    (parent ? (byParent.get(parent) ?? []) : []).map((r) => ({ value: r.code, label: r.name, initials: r.initials }));
  const filter = {
    filterOption: (input: string, o?: { label: string; initials: string }) => !!o && (o.label.includes(input) || o.initials.startsWith(input.toLowerCase())),
  };
  const regionCode = community ?? street ?? district;
  const list = useEndpoint(venuesApi.portalList, { query: { regionCode, type, page, pageSize: 10 } });
  const hours = (v: PublicVenue) => {
    // Consecutive days with the same hours are joined: 周一–周五 09:00–17:30.
    const day = (d: number) => t(`portal.venues.weekday.${d}` as never);
    const of = (d: number) =>
      v.weekly
        .filter((w) => w.weekday === d)
        .map((w) => `${w.opens}–${w.closes}`)
        .join(', ') || t('portal.venues.closed');
    const groups: string[] = [];
    for (let d = 1; d <= 7;) {
      let e = d;
      while (e < 7 && of(e + 1) === of(d)) e++;
      groups.push(`${e === d ? day(d) : `${day(d)}–${day(e)}`} ${of(d)}`);
      d = e + 1;
    }
    return groups;
  };
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.venues.title')}
      </Typography.Title>
      <Typography.Paragraph className="qh-muted">{t('portal.venues.hint')}</Typography.Paragraph>
      {regionsError ? <ErrorState error={regionsError} /> : null}
      <div style={{ display: 'grid', gap: 8, marginBottom: 12 }}>
        <Select
          size="large"
          allowClear={clearable}
          aria-label={t('portal.requests.district')}
          placeholder={t('portal.requests.district')}
          loading={!regions}
          value={district}
          onChange={(v?: string) => {
            setDistrict(v);
            setStreet(undefined);
            setCommunity(undefined);
            setPage(1);
          }}
          options={opts(city)}
          showSearch={filter}
        />
        <Select
          size="large"
          allowClear={clearable}
          aria-label={t('portal.requests.street')}
          placeholder={t('portal.requests.street')}
          disabled={!district}
          value={street}
          onChange={(v?: string) => {
            setStreet(v);
            setCommunity(undefined);
            setPage(1);
          }}
          options={opts(district)}
          showSearch={filter}
        />
        <Select
          size="large"
          allowClear={clearable}
          aria-label={t('portal.venues.community')}
          placeholder={t('portal.venues.community')}
          disabled={!street}
          value={community}
          onChange={(v?: string) => {
            setCommunity(v);
            setPage(1);
          }}
          options={opts(street)}
          showSearch={filter}
        />
        <Select
          size="large"
          allowClear={clearable}
          aria-label={t('portal.venues.type')}
          placeholder={t('portal.venues.type')}
          value={type}
          onChange={(v?: string) => {
            setType(v);
            setPage(1);
          }}
          options={TYPES.map((x) => ({ value: x, label: t(`venue.type.${x}` as never) }))}
        />
      </div>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <LoadingState />
      ) : list.data.items.length === 0 ? (
        <Empty description={t('portal.venues.empty')} />
      ) : (
        <Flex vertical gap="small">
          {list.data.items.map((v) => (
            <Card key={v.id} size="small">
              <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
                {v.name}
              </Typography.Title>
              <div className="qh-muted">
                {v.streetName ? `${v.streetName} · ` : ''}
                {v.regionName} · {v.address}
              </div>
              <Flex gap={4} wrap style={{ marginTop: 6 }}>
                <Tag color="blue">{t(`venue.type.${v.typeCode}` as never)}</Tag>
                {v.accessibility.map((a) => (
                  <Tag key={a}>{a}</Tag>
                ))}
              </Flex>
              <Typography.Paragraph style={{ margin: '6px 0 0' }}>
                {t('portal.venues.hours')}: {hours(v).join('；')}
                {v.openOnHolidays ? '' : `；${t('portal.venues.holidaysClosed')}`}
              </Typography.Paragraph>
            </Card>
          ))}
          <Pagination align="center" current={page} pageSize={10} total={list.data.total} onChange={setPage} showSizeChanger={false} />
        </Flex>
      )}
    </>
  );
}
