import { EnvironmentOutlined, PhoneOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Tag, Typography } from 'antd';
import { Link, useParams } from 'react-router-dom';
import type { PublicService, PublicVenue } from '@contracts/catalogue';
import { catalogueApi } from '../../api/catalogue';
import { labelOf } from '../../components/labels';
import { ErrorState, LoadingState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs, useT } from '../../prefs';
import { fmtDistance, usePosition } from './DirectoryPage';

function useService() {
  const { id } = useParams();
  const { pos } = usePosition();
  return useEndpoint(catalogueApi.portalService, { params: { id: Number(id) }, query: pos ?? {} });
}

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
    <Flex gap="small" wrap>
      {s.applyKind === 'url' ? (
        <Button type="primary" size="large" href={s.applyRef} target="_blank" rel="noopener noreferrer">
          {t('portal.catalogue.use')}
        </Button>
      ) : to ? (
        <Link to={to}>
          <Button type="primary" size="large">
            {t('portal.catalogue.use')}
          </Button>
        </Link>
      ) : s.venues[0] ? (
        <Link to={`/portal/services/${s.id}/venues/${s.venues[0].id}`}>
          <Button type="primary" size="large" icon={<EnvironmentOutlined aria-hidden />}>
            {t('portal.catalogue.visit')}
          </Button>
        </Link>
      ) : null}
      {s.officePhone ? (
        <Button size="large" href={`tel:${s.officePhone}`} icon={<PhoneOutlined aria-hidden />}>
          {`${t('portal.catalogue.call')} ${s.officePhone}`}
        </Button>
      ) : null}
    </Flex>
  );
}

function VenueCard({ s, v }: { s: PublicService; v: PublicVenue }) {
  const t = useT();
  return (
    <Card size="small">
      <Typography.Title level={3} style={{ fontSize: '1.15em', margin: 0 }}>
        <Link to={`/portal/services/${s.id}/venues/${v.id}`}>{v.name}</Link>
      </Typography.Title>
      <Typography.Text className="qh-muted">
        {[v.address, v.distanceM !== null ? t('portal.catalogue.distance', { d: fmtDistance(v.distanceM) }) : null].filter(Boolean).join(' · ')}
      </Typography.Text>
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
  if (st.error) return <ErrorState error={st.error} onRetry={st.reload} />;
  if (!st.data) return <LoadingState />;
  const s = st.data;
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {text(s).name}
      </Typography.Title>
      <Flex gap={4} wrap style={{ marginBottom: 8 }}>
        {s.brandName ? <Tag color="blue">{s.brandName}</Tag> : null}
        {s.targetGroups.map((g) => (
          <Tag key={g}>{labelOf(t, 'cat.group', g)}</Tag>
        ))}
      </Flex>
      <Typography.Paragraph>{text(s).description}</Typography.Paragraph>
      <Descriptions column={1} size="small" style={{ marginBottom: 12 }}>
        <Descriptions.Item label={t('cat.provider')}>{s.providers.map((p) => p.name).join('、')}</Descriptions.Item>
        {s.eligibility ? <Descriptions.Item label={t('portal.catalogue.eligibility')}>{s.eligibility}</Descriptions.Item> : null}
        {s.documents.length ? <Descriptions.Item label={t('portal.catalogue.documents')}>{s.documents.join('、')}</Descriptions.Item> : null}
        {s.hours ? <Descriptions.Item label={t('portal.catalogue.hours')}>{s.hours}</Descriptions.Item> : null}
        <Descriptions.Item label={t('portal.catalogue.fees')}>{s.fees || '免费'}</Descriptions.Item>
        {s.accessibility.length ? <Descriptions.Item label={t('portal.catalogue.accessibility')}>{s.accessibility.join('、')}</Descriptions.Item> : null}
      </Descriptions>
      <UseAction s={s} />
      {s.venues.length ? (
        <>
          <Typography.Title level={2} style={{ fontSize: '1.3em', marginTop: 20 }}>
            {t('portal.catalogue.venues')}
          </Typography.Title>
          <Flex vertical gap="small">
            {s.venues.map((v) => (
              <VenueCard key={v.id} s={s} v={v} />
            ))}
          </Flex>
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
  if (st.error) return <ErrorState error={st.error} onRetry={st.reload} />;
  if (!st.data) return <LoadingState />;
  const v = st.data.venues.find((x) => x.id === Number(venueId));
  if (!v) return <ErrorState error={new Error('not found')} />;
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {v.name}
      </Typography.Title>
      <Typography.Paragraph>
        <Link to={`/portal/services/${st.data.id}`}>{text(st.data).name}</Link>
      </Typography.Paragraph>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('sorg.region')}>{[v.regionName, v.streetName].filter(Boolean).join(' · ')}</Descriptions.Item>
        <Descriptions.Item label={t('portal.catalogue.venues')}>{v.address}</Descriptions.Item>
        {v.distanceM !== null ? <Descriptions.Item label={t('portal.catalogue.nearMe')}>{fmtDistance(v.distanceM)}</Descriptions.Item> : null}
        <Descriptions.Item label={t('portal.catalogue.hours')}>
          {v.weekly.map((w) => `${t(`portal.venues.weekday.${w.weekday}` as never)} ${w.opens}–${w.closes}`).join('；') || t('common.none')}
        </Descriptions.Item>
        {v.accessibility.length ? <Descriptions.Item label={t('portal.catalogue.accessibility')}>{v.accessibility.join('、')}</Descriptions.Item> : null}
      </Descriptions>
      {v.lat !== null && v.lng !== null ? (
        <Button
          size="large"
          style={{ marginTop: 12 }}
          href={`https://uri.amap.com/marker?position=${v.lng},${v.lat}&name=${encodeURIComponent(v.name)}`}
          target="_blank"
          rel="noopener noreferrer"
          icon={<EnvironmentOutlined aria-hidden />}
        >
          {t('portal.catalogue.openVenue')}
        </Button>
      ) : null}
    </>
  );
}
