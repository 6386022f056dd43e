import { AimOutlined } from '@ant-design/icons';
import { useEffect, useState } from 'react';
import { Link } from 'react-router-dom';
import { TARGET_GROUPS } from '@contracts/catalogue.enums';
import { catalogueApi } from '../../api/catalogue';
import { labelOf } from '../../components/labels';
import { useDebounced, useEndpoint } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { loadPortalRegions } from '../requests/portal-regions';
import { Button, Card, Choice, Empty, ErrorView, Field, Loading, PageTitle, Pager, SelectInput, Tag, TextInput, type FieldBinding } from '../ui';
import './catalogue.css';

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

/** A control's binding to a plain state value (a filter, not a form's field). */
const bound = <T,>(id: string, value: T | undefined, set: (v: T | undefined) => void): FieldBinding<T> => ({
  id,
  name: id,
  value,
  set,
  error: undefined,
  helpId: `${id}-help`,
});

type Group = (typeof TARGET_GROUPS)[number];

/** The public service directory, phone-first: search (Chinese or pinyin initials), brand, target group, nearest first. */
export function PortalDirectoryPage() {
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
  const [group, setGroup] = useState<Group | undefined>();
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
  const first =
    <T,>(set: (v: T) => void) =>
    (v: T) => (set(v), setPage(1));
  const groupField = bound<Group>('cat-group', group, first(setGroup));
  const districtField = bound<string>('cat-district', district, first(setDistrict));
  return (
    <>
      <PageTitle>{t('portal.catalogue.title')}</PageTitle>
      <div className="qh-cat-filters">
        <div className="qh-p-field">
          <TextInput
            field={bound<string>(
              'cat-q',
              q,
              first((v: string | undefined) => setQ(v ?? '')),
            )}
            type="search"
            enterKeyHint="search"
            aria-label={t('portal.catalogue.search')}
            placeholder={t('portal.catalogue.search')}
          />
        </div>
        <Choice
          field={bound<number>(
            'cat-brand',
            brandId ?? 0,
            first((v: number | undefined) => setBrandId(v || undefined)),
          )}
          legend={t('cat.brand')}
          look="buttons"
          options={[{ value: 0, label: t('portal.catalogue.allBrands') }, ...(brands.data?.items ?? []).map((b) => ({ value: b.id, label: b.name }))]}
        />
        <div className="qh-cat-selects">
          <Field label={t('portal.catalogue.group')} field={groupField}>
            <SelectInput
              field={groupField}
              placeholder={t('portal.catalogue.any')}
              options={TARGET_GROUPS.map((g) => ({ value: g, label: labelOf(t, 'cat.group', g) }))}
            />
          </Field>
          <Field label={t('portal.catalogue.district')} field={districtField}>
            <SelectInput field={districtField} placeholder={t('portal.catalogue.any')} options={districts} />
          </Field>
        </div>
        <Button icon={<AimOutlined aria-hidden />} onClick={locate} loading={locState === 'locating'} variant={pos ? 'primary' : 'default'}>
          {t('portal.catalogue.nearMe')}
        </Button>
        {locState === 'failed' ? (
          <p className="qh-muted" style={{ marginTop: 8 }}>
            {t('portal.catalogue.noLocation')}
          </p>
        ) : null}
      </div>
      {list.error ? <ErrorView error={list.error} onRetry={list.reload} /> : list.loading && !list.data ? <Loading /> : null}
      {list.data && list.data.items.length === 0 ? <Empty /> : null}
      {list.data?.items.length ? (
        <ul className="qh-cat-list">
          {list.data.items.map((s) => (
            <li key={s.id}>
              <Card title={<Link to={`/portal/services/${s.id}`}>{lang === 'en' && s.nameEn ? s.nameEn : s.name}</Link>}>
                <div className="qh-cat-tags">
                  {s.brandName ? <Tag tone="info">{s.brandName}</Tag> : null}
                  {s.channels.map((c) => (
                    <Tag key={c} tone="plain">
                      {labelOf(t, 'cat.channel', c)}
                    </Tag>
                  ))}
                </div>
                <div className="qh-muted">
                  {[s.orgName, s.nearestVenue, s.distanceM !== null ? t('portal.catalogue.distance', { d: fmtDistance(s.distanceM) }) : null]
                    .filter(Boolean)
                    .join(' · ')}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      ) : null}
      {list.data ? <Pager page={page} pageSize={10} total={list.data.total} onChange={setPage} label={t('portal.catalogue.pager')} /> : null}
    </>
  );
}
