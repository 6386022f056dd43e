import { useEffect, useMemo, useState } from 'react';
import type { PublicVenue } from '@contracts/venues';
import { venuesApi } from '../../api/venues';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { loadPortalRegions, type PortalRegion } from '../requests/portal-regions';
import { Card, Empty, ErrorView, Field, Loading, PageTitle, Pager, SelectInput, Tag, useLightForm, type FieldBinding, type Option } from '../ui';
import './venues.css';

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

type Filters = { district: string; street: string; community: string; type: string };

/** "Venues near me": the positions of a district, street or community with their opening hours, phone-first. */
export function VenuesNearMePage() {
  const t = useT();
  const [regions, setRegions] = useState<PortalRegion[] | null>(null);
  const [regionsError, setRegionsError] = useState<unknown>(null);
  const form = useLightForm<Filters>({});
  const { district, street, community, type } = form.values;
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
  const opts = (parent: string | undefined): Option<string>[] => (parent ? (byParent.get(parent) ?? []) : []).map((r) => ({ value: r.code, label: r.name }));
  const regionCode = community ?? street ?? district;
  const list = useEndpoint(venuesApi.portalList, { query: { regionCode, type, page, pageSize: 10 } });
  /** A filter's binding that also clears the narrower filters and goes back to the first page. */
  const filter = (name: keyof Filters, clears: (keyof Filters)[] = []): FieldBinding<string> => {
    const f = form.field(name);
    return {
      ...f,
      set: (v) => {
        f.set(v);
        for (const c of clears) form.set(c, undefined);
        setPage(1);
      },
    };
  };
  const any = t('portal.venues.any');
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
  const fDistrict = filter('district', ['street', 'community']);
  const fStreet = filter('street', ['community']);
  const fCommunity = filter('community');
  const fType = filter('type');
  return (
    <>
      <PageTitle>{t('portal.venues.title')}</PageTitle>
      <p className="qh-muted">{t('portal.venues.hint')}</p>
      {regionsError ? <ErrorView error={regionsError} /> : null}
      <div className="qh-venue-filters">
        <Field label={t('portal.requests.district')} field={fDistrict}>
          <SelectInput field={fDistrict} options={opts(city)} placeholder={regions ? any : t('common.loading')} disabled={!regions} />
        </Field>
        <Field label={t('portal.requests.street')} field={fStreet}>
          <SelectInput field={fStreet} options={opts(district)} placeholder={any} disabled={!district} />
        </Field>
        <Field label={t('portal.venues.community')} field={fCommunity}>
          <SelectInput field={fCommunity} options={opts(street)} placeholder={any} disabled={!street} />
        </Field>
        <Field label={t('portal.venues.type')} field={fType}>
          <SelectInput field={fType} options={TYPES.map((x) => ({ value: x, label: t(`venue.type.${x}` as never) }))} placeholder={any} />
        </Field>
      </div>
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('portal.venues.empty')}</Empty>
      ) : (
        <>
          <ul className="qh-portal-cards">
            {list.data.items.map((v) => (
              <li key={v.id}>
                <Card title={v.name}>
                  <div className="qh-muted">
                    {v.streetName ? `${v.streetName} · ` : ''}
                    {v.regionName} · {v.address}
                  </div>
                  <div className="qh-portal-tags">
                    <Tag tone="info">{t(`venue.type.${v.typeCode}` as never)}</Tag>
                    {v.accessibility.map((a) => (
                      <Tag key={a} tone="plain">
                        {a}
                      </Tag>
                    ))}
                  </div>
                  <p style={{ margin: '6px 0 0' }}>
                    {t('portal.venues.hours')}: {hours(v).join('；')}
                    {v.openOnHolidays ? '' : `；${t('portal.venues.holidaysClosed')}`}
                  </p>
                </Card>
              </li>
            ))}
          </ul>
          <Pager page={page} pageSize={10} total={list.data.total} onChange={setPage} label={t('portal.venues.pages')} />
        </>
      )}
    </>
  );
}
