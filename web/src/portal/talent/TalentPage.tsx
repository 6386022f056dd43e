import type { MyEnrolment, PublicProgramme } from '@contracts/talent';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { talentApi } from '../../api/talent';
import { labelOf } from '../../components/labels';
import { usePrefs } from '../../prefs';
import { citizenRequest, useCitizen, useCitizenApi, when } from '../activities/citizen';
import { Button, buttonClass, ButtonLink, Card, Empty, ErrorView, Loading, PageTitle, SectionTitle, Tag, useToast } from '../ui';
import './talent.css';

/** Talent programmes open for enrolment; the signed-in citizen enrols, follows attendance and downloads the certificate. */
export function PortalTalentPage() {
  const { t, lang } = usePrefs();
  const toast = useToast();
  const { me } = useCitizen();
  const list = useCitizenApi<{ items: PublicProgramme[] }>(talentApi.portalList.path());
  const mine = useCitizenApi<{ items: MyEnrolment[] }>(me ? talentApi.portalMine.path() : null);
  const [busy, setBusy] = useState<number | null>(null);

  const enrol = async (id: number) => {
    if (busy !== null) return;
    setBusy(id);
    try {
      await citizenRequest('POST', talentApi.portalEnrol.path({ params: { id }, body: {} }), lang);
      toast.success(t('portal.talent.enrolled'));
      mine.reload();
    } catch (e) {
      toast.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const enrolledIn = new Set((mine.data?.items ?? []).map((e) => e.programmeId));

  return (
    <>
      <PageTitle>{t('portal.talent.title')}</PageTitle>
      <p className="qh-muted">{t('portal.talent.intro')}</p>

      {me && mine.data && mine.data.items.length > 0 ? (
        <>
          <SectionTitle>{t('portal.talent.mine')}</SectionTitle>
          <ul className="qh-tal-list" style={{ marginBottom: 20 }}>
            {mine.data.items.map((e) => (
              <li key={e.id}>
                <Card>
                  <div className="qh-tal-head">
                    <strong>{e.programmeName}</strong>
                    <Tag tone={e.status === 'completed' ? 'ok' : 'muted'}>{labelOf(t, 'talent.enrolmentStatus', e.status)}</Tag>
                  </div>
                  <div className="qh-muted">{e.orgName}</div>
                  <div>{t('portal.talent.progress', { a: e.attended, n: e.sessionCount, r: e.requiredSessions })}</div>
                  {e.score !== null ? <div>{t('portal.talent.score', { s: e.score })}</div> : null}
                  {e.status === 'completed' ? (
                    <a className={buttonClass('primary', true, 'qh-tal-after')} href={talentApi.portalCertificate.path({ params: { id: e.id } })}>
                      {t('portal.talent.certificate')}
                    </a>
                  ) : null}
                </Card>
              </li>
            ))}
          </ul>
        </>
      ) : null}

      <SectionTitle>{t('portal.talent.open')}</SectionTitle>
      {list.error ? (
        <ErrorView error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <Loading />
      ) : list.data.items.length === 0 ? (
        <Empty>{t('portal.talent.noProgrammes')}</Empty>
      ) : (
        <ul className="qh-tal-list">
          {list.data.items.map((p) => (
            <li key={p.id}>
              <Card title={p.name} level={3}>
                <div className="qh-muted">
                  {p.orgName} · {labelOf(t, 'talent.eligibility', p.eligibility)}
                </div>
                {p.description ? <p className="qh-tal-text">{p.description}</p> : null}
                {p.sessions.length ? (
                  <ul className="qh-tal-sessions" aria-label={t('portal.talent.sessions')}>
                    {p.sessions.map((s, i) => (
                      <li key={i}>
                        {s.course} · {when(s.startsAt, lang)}
                        {s.venueName ? ` · ${s.venueName}` : ''}
                      </li>
                    ))}
                  </ul>
                ) : null}
                {me ? (
                  <Button className="qh-tal-after" block disabled={enrolledIn.has(p.id)} loading={busy === p.id} onClick={() => void enrol(p.id)}>
                    {enrolledIn.has(p.id) ? t('portal.talent.enrolled') : t('portal.talent.enrol')}
                  </Button>
                ) : me === null ? (
                  <ButtonLink className="qh-tal-after" block to="/portal/sign-in?next=/portal/talent">
                    {t('portal.talent.signInToEnrol')}
                  </ButtonLink>
                ) : null}
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
