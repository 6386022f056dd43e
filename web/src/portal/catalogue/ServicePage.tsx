import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { PublicService, PublicVenue } from '@contracts/catalogue';
import { catalogueApi } from '../../api/catalogue';
import { labelOf } from '../../components/labels';
import { useEndpoint } from '../../components/use-api';
import { usePrefs, useT } from '../../prefs';
import { buttonClass, ButtonLink, Card, DescList, ErrorView, Loading, PageTitle, SectionTitle, Tag } from '../ui';
import { fmtDistance, usePosition } from './DirectoryPage';
import './catalogue.css';

function useService() {
  const { id } = useParams();
  const { pos } = usePosition();
  return useEndpoint(catalogueApi.portalService, { params: { id: Number(id) }, query: pos ?? {} });
}

/** An icon before a button's words, hidden from assistive technology. */
const icon = (node: ReactNode) => (
  <span className="qh-p-btn-icon" aria-hidden>
    {node}
  </span>
);

/** Where "use this service" leads: a request of the category, an activity, a benefit, a link, or the nearest venue. */
function UseAction({ s }: { s: PublicService }) {
  const t = useT();
  const to =
    s.applyKind === 'request_category'
      ? `/portal/requests/new?category=${encodeURIComponent(s.applyRef)}`
      : s.applyKind === 'activity'
        ? `/portal/activities/${encodeURIComponent(s.applyRef)}`
        : s.applyKind === 'benefit'
          ? `/portal/benefits`
          : null;
  return (
    <div className="qh-cat-actions">
      {s.applyKind === 'url' ? (
        <a className={buttonClass('primary')} href={s.applyRef} target="_blank" rel="noopener noreferrer">
          {t('portal.catalogue.use')}
        </a>
      ) : to ? (
        <ButtonLink variant="primary" to={to}>
          {t('portal.catalogue.use')}
        </ButtonLink>
      ) : s.venues[0] ? (
        <ButtonLink variant="primary" to={`/portal/services/${s.id}/venues/${s.venues[0].id}`}>
          {icon(<EnvironmentOutlined />)}
          {t('portal.catalogue.visit')}
        </ButtonLink>
      ) : null}
      {s.officePhone ? (
        <a className={buttonClass()} href={`tel:${s.officePhone}`}>
          {icon(<PhoneOutlined />)}
          {`${t('portal.catalogue.call')} ${s.officePhone}`}
        </a>
      ) : null}
    </div>
  );
}

function VenueCard({ s, v }: { s: PublicService; v: PublicVenue }) {
  const t = useT();
  return (
    <Card level={3} title={<Link to={`/portal/services/${s.id}/venues/${v.id}`}>{v.name}</Link>}>
      <div className="qh-muted">
        {[v.address, v.distanceM !== null ? t('portal.catalogue.distance', { d: fmtDistance(v.distanceM) }) : null].filter(Boolean).join(' · ')}
      </div>
    </Card>
  );
}

/** The service's name and description in the page's language, the Chinese text where no English is written. */
function useServiceText() {
  const { lang } = usePrefs();
  return (s: { name: string; nameEn: string; description: string; descriptionEn: string }) =>
    lang === 'en' ? { name: s.nameEn || s.name, description: s.descriptionEn || s.description } : { name: s.name, description: s.description };
}

/** One service: what it is, who may use it, its venues nearest first, and the action to use it. */
export function PortalServicePage() {
  const t = useT();
  const text = useServiceText();
  const st = useService();
  if (st.error) return <ErrorView error={st.error} onRetry={st.reload} />;
  if (!st.data) return <Loading />;
  const s = st.data;
  return (
    <>
      <PageTitle>{text(s).name}</PageTitle>
      <div className="qh-cat-tags" style={{ marginBottom: 8 }}>
        {s.brandName ? <Tag tone="info">{s.brandName}</Tag> : null}
        {s.targetGroups.map((g) => (
          <Tag key={g} tone="plain">
            {labelOf(t, 'cat.group', g)}
          </Tag>
        ))}
      </div>
      <p>{text(s).description}</p>
      <DescList
        items={[
          [t('cat.provider'), s.providers.map((p) => p.name).join('、')],
          [t('portal.catalogue.eligibility'), s.eligibility],
          [t('portal.catalogue.documents'), s.documents.join('、')],
          [t('portal.catalogue.hours'), s.hours],
          [t('portal.catalogue.fees'), s.fees || '免费'],
          [t('portal.catalogue.accessibility'), s.accessibility.join('、')],
        ]}
      />
      <UseAction s={s} />
      {s.venues.length ? (
        <>
          <SectionTitle>{t('portal.catalogue.venues')}</SectionTitle>
          <ul className="qh-cat-list">
            {s.venues.map((v) => (
              <li key={v.id}>
                <VenueCard s={s} v={v} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** One venue of a service: address, distance, weekly hours and accessibility. */
export function PortalServiceVenuePage() {
  const t = useT();
  const text = useServiceText();
  const { venueId } = useParams();
  const st = useService();
  if (st.error) return <ErrorView error={st.error} onRetry={st.reload} />;
  if (!st.data) return <Loading />;
  const v = st.data.venues.find((x) => x.id === Number(venueId));
  if (!v) return <ErrorView error={new Error('not found')} />;
  return (
    <>
      <PageTitle>{v.name}</PageTitle>
      <p>
        <Link to={`/portal/services/${st.data.id}`}>{text(st.data).name}</Link>
      </p>
      <DescList
        items={[
          [t('sorg.region'), [v.regionName, v.streetName].filter(Boolean).join(' · ')],
          [t('portal.catalogue.venues'), v.address],
          [t('portal.catalogue.nearMe'), v.distanceM !== null ? fmtDistance(v.distanceM) : null],
          [
            t('portal.catalogue.hours'),
            v.weekly.map((w) => `${t(`portal.venues.weekday.${w.weekday}` as never)} ${w.opens}–${w.closes}`).join('；') || t('common.none'),
          ],
          [t('portal.catalogue.accessibility'), v.accessibility.join('、')],
        ]}
      />
      {v.lat !== null && v.lng !== null ? (
        <a
          className={buttonClass()}
          style={{ marginTop: 12 }}
          href={`https://uri.amap.com/marker?position=${v.lng},${v.lat}&name=${encodeURIComponent(v.name)}`}
          target="_blank"
          rel="noopener noreferrer"
        >
          {icon(<EnvironmentOutlined />)}
          {t('portal.catalogue.openVenue')}
        </a>
      ) : null}
    </>
  );
}
