import { Card, Empty, Flex, Input, Pagination, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorState, LoadingState } from '../../components/states';
import { useDebounced } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { NEAR_LEVELS, type NearLevel } from '@contracts/activities.enums';
import { activitiesApi } from '../../api/activities';
import { useCitizen, useCitizenEndpoint, when } from './citizen';
import { TAG } from './tags';
import { useClearable } from '../../components/clearable';

/** Activities near me (my community, street or district) or all, upcoming first; search and pages. */
export function PortalActivitiesPage() {
  const clearable = useClearable();
  const { t, lang } = usePrefs();
  const { me } = useCitizen();
  const [near, setNear] = useState<NearLevel>('street');
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const [page, setPage] = useState(1);
  const list = useCitizenEndpoint(
    activitiesApi.portalList,
    me === undefined ? null : { query: { near: me ? near : undefined, q: dq || undefined, page, pageSize: 10 } },
  );

  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.activities.title')}
      </Typography.Title>
      {me ? (
        <Typography.Paragraph className="qh-muted">{t('portal.activities.nearHint', { region: me.regionName })}</Typography.Paragraph>
      ) : (
        <Typography.Paragraph className="qh-muted">
          <Link to="/portal/sign-in?next=/portal/activities" style={{ textDecoration: 'underline' }}>
            {t('portal.me.signIn')}
          </Link>{' '}
          {t('portal.activities.signInForNear')}
        </Typography.Paragraph>
      )}
      <Flex vertical gap="small" style={{ marginBottom: 12 }}>
        {me ? (
          <Segmented
            block
            aria-label={t('portal.activities.near')}
            value={near}
            onChange={(v) => {
              setNear(v as typeof near);
              setPage(1);
            }}
            options={NEAR_LEVELS.map((n) => ({ value: n, label: t(`portal.activities.near.${n}`) }))}
          />
        ) : null}
        <Input.Search
          allowClear={clearable}
          size="large"
          placeholder={t('portal.activities.search')}
          aria-label={t('portal.activities.search')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
        />
      </Flex>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <LoadingState />
      ) : list.data.items.length === 0 ? (
        <Empty description={t('portal.activities.empty')} />
      ) : (
        <Flex vertical gap="small">
          {list.data.items.map((a) => (
            <Link key={a.id} to={`/portal/activities/${a.id}`} className="qh-portal-card-link">
              <Card size="small">
                <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
                  {a.title}
                </Typography.Title>
                <div className="qh-muted">
                  {when(a.startsAt, lang)} · {a.venueName ?? t('portal.activities.online')}
                </div>
                <Flex gap={4} wrap style={{ marginTop: 6 }}>
                  <Tag>{t(`act.type.${a.type}` as never)}</Tag>
                  {a.campaignName ? <Tag style={TAG.info}>{a.campaignName}</Tag> : null}
                  {/* No places to offer once registration has closed, whatever the count. */}
                  {!a.registrationOpen ? (
                    <Tag style={TAG.muted}>{t('portal.activities.closed')}</Tag>
                  ) : a.placesLeft > 0 ? (
                    <Tag style={TAG.ok}>{t('portal.activities.placesLeft', { n: a.placesLeft })}</Tag>
                  ) : (
                    <Tag style={TAG.wait}>{a.waitlistEnabled ? t('portal.activities.fullWaitlist') : t('portal.activities.full')}</Tag>
                  )}
                </Flex>
              </Card>
            </Link>
          ))}
          <Pagination simple current={page} pageSize={10} total={list.data.total} onChange={setPage} style={{ alignSelf: 'center' }} />
        </Flex>
      )}
    </>
  );
}
