import { useState } from 'react';
import { Link } from 'react-router-dom';
import { NEAR_LEVELS, type NearLevel } from '@contracts/activities.enums';
import { activitiesApi } from '../../api/activities';
import { useDebounced } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { Card, Choice, Empty, ErrorView, Loading, PageTitle, Pager, Tag, TextInput, useLightForm } from '../ui';
import { useCitizen, useCitizenEndpoint, when } from './citizen';
import './activities.css';

/** Activities near me (my community, street or district) or all, upcoming first; search and pages. */
export function PortalActivitiesPage() {
  const { t, lang } = usePrefs();
  const { me } = useCitizen();
  const form = useLightForm<{ near: NearLevel; q: string }>({ near: 'street', q: '' });
  const near = form.values.near ?? 'street';
  const dq = useDebounced((form.values.q ?? '').trim());
  const [page, setPage] = useState(1);
  const list = useCitizenEndpoint(
    activitiesApi.portalList,
    me === undefined ? null : { query: { near: me ? near : undefined, q: dq || undefined, page, pageSize: 10 } },
  );
  const q = form.field('q');

  return (
    <>
      <PageTitle>{t('portal.activities.title')}</PageTitle>
      {me ? (
        <p className="qh-muted">{t('portal.activities.nearHint', { region: me.regionName })}</p>
      ) : (
        <p className="qh-muted">
          <Link to="/portal/sign-in?next=/portal/activities">{t('portal.me.signIn')}</Link> {t('portal.activities.signInForNear')}
        </p>
      )}
      {me ? (
        <Choice
          field={form.field('near')}
          legend={t('portal.activities.near')}
          look="buttons"
          onChange={() => setPage(1)}
          options={NEAR_LEVELS.map((n) => ({ value: n, label: t(`portal.activities.near.${n}`) }))}
        />
      ) : null}
      <div className="qh-portal-search" role="search">
        <TextInput
          field={{
            ...q,
            set: (v) => {
              q.set(v);
              setPage(1);
            },
          }}
          type="search"
          enterKeyHint="search"
          placeholder={t('portal.activities.search')}
          aria-label={t('portal.activities.search')}
        />
      </div>
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : list.loading || !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('portal.activities.empty')}</Empty>
      ) : (
        <>
          <ul className="qh-portal-cards">
            {list.data.items.map((a) => (
              <li key={a.id}>
                <Link to={`/portal/activities/${a.id}`} className="qh-portal-card-link">
                  <Card title={a.title}>
                    <div className="qh-muted">
                      {when(a.startsAt, lang)} · {a.venueName ?? t('portal.activities.online')}
                    </div>
                    <div className="qh-portal-tags">
                      <Tag tone="plain">{t(`act.type.${a.type}` as never)}</Tag>
                      {a.campaignName ? <Tag tone="info">{a.campaignName}</Tag> : null}
                      {/* No places to offer once registration has closed, whatever the count. */}
                      {!a.registrationOpen ? (
                        <Tag tone="muted">{t('portal.activities.closed')}</Tag>
                      ) : a.placesLeft > 0 ? (
                        <Tag tone="ok">{t('portal.activities.placesLeft', { n: a.placesLeft })}</Tag>
                      ) : (
                        <Tag tone="wait">{a.waitlistEnabled ? t('portal.activities.fullWaitlist') : t('portal.activities.full')}</Tag>
                      )}
                    </div>
                  </Card>
                </Link>
              </li>
            ))}
          </ul>
          <Pager page={page} pageSize={10} total={list.data.total} onChange={setPage} label={t('portal.activities.pages')} />
        </>
      )}
    </>
  );
}
