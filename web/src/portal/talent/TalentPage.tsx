import type { MyEnrolment, PublicProgramme } from '@contracts/talent';
import { App, Button, Card, Empty, Flex, Tag, Typography } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { talentApi } from '../../api/talent';
import { labelOf } from '../../components/labels';
import { ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import { citizenRequest, useCitizen, useCitizenApi, when } from '../activities/citizen';
import { TAG } from '../activities/tags';

/** Talent programmes open for enrolment; the signed-in citizen enrols, follows attendance and downloads the certificate. */
export function PortalTalentPage() {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const { me } = useCitizen();
  const list = useCitizenApi<{ items: PublicProgramme[] }>(talentApi.portalList.path());
  const mine = useCitizenApi<{ items: MyEnrolment[] }>(me ? talentApi.portalMine.path() : null);
  const [busy, setBusy] = useState<number | null>(null);

  const enrol = async (id: number) => {
    setBusy(id);
    try {
      await citizenRequest('POST', talentApi.portalEnrol.path({ params: { id }, body: {} }), lang);
      void message.success(t('portal.talent.enrolled'));
      mine.reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(null);
    }
  };
  const enrolledIn = new Set((mine.data?.items ?? []).map((e) => e.programmeId));

  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {t('portal.talent.title')}
      </Typography.Title>
      <Typography.Paragraph className="qh-muted">{t('portal.talent.intro')}</Typography.Paragraph>

      {me && mine.data && mine.data.items.length > 0 ? (
        <>
          <Typography.Title level={2} style={{ fontSize: '1.3em' }}>
            {t('portal.talent.mine')}
          </Typography.Title>
          <Flex vertical gap="small" style={{ marginBottom: 20 }}>
            {mine.data.items.map((e) => (
              <Card key={e.id} size="small">
                <Flex justify="space-between" gap="small">
                  <Typography.Text strong>{e.programmeName}</Typography.Text>
                  <Tag style={e.status === 'completed' ? TAG.ok : TAG.muted}>{labelOf(t, 'talent.enrolmentStatus', e.status)}</Tag>
                </Flex>
                <div className="qh-muted">{e.orgName}</div>
                <div>{t('portal.talent.progress', { a: e.attended, n: e.sessionCount, r: e.requiredSessions })}</div>
                {e.score !== null ? <div>{t('portal.talent.score', { s: e.score })}</div> : null}
                {e.status === 'completed' ? (
                  <Button style={{ marginTop: 8 }} block type="primary" href={talentApi.portalCertificate.path({ params: { id: e.id } })}>
                    {t('portal.talent.certificate')}
                  </Button>
                ) : null}
              </Card>
            ))}
          </Flex>
        </>
      ) : null}

      <Typography.Title level={2} style={{ fontSize: '1.3em' }}>
        {t('portal.talent.open')}
      </Typography.Title>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : !list.data ? (
        <LoadingState />
      ) : list.data.items.length === 0 ? (
        <Empty description={t('portal.talent.noProgrammes')} />
      ) : (
        <Flex vertical gap="small">
          {list.data.items.map((p) => (
            <Card key={p.id} size="small">
              <Typography.Title level={3} style={{ fontSize: '1.15em', margin: 0 }}>
                {p.name}
              </Typography.Title>
              <div className="qh-muted">
                {p.orgName} · {labelOf(t, 'talent.eligibility', p.eligibility)}
              </div>
              {p.description ? <Typography.Paragraph style={{ margin: '4px 0' }}>{p.description}</Typography.Paragraph> : null}
              {p.sessions.length ? (
                <ul style={{ margin: '4px 0', paddingInlineStart: 20 }} aria-label={t('portal.talent.sessions')}>
                  {p.sessions.map((s, i) => (
                    <li key={i}>
                      {s.course} · {when(s.startsAt, lang)}
                      {s.venueName ? ` · ${s.venueName}` : ''}
                    </li>
                  ))}
                </ul>
              ) : null}
              {me ? (
                <Button style={{ marginTop: 8 }} block disabled={enrolledIn.has(p.id)} loading={busy === p.id} onClick={() => void enrol(p.id)}>
                  {enrolledIn.has(p.id) ? t('portal.talent.enrolled') : t('portal.talent.enrol')}
                </Button>
              ) : me === null ? (
                <Button style={{ marginTop: 8 }} block href="/portal/sign-in?next=/portal/talent">
                  {t('portal.talent.signInToEnrol')}
                </Button>
              ) : null}
            </Card>
          ))}
        </Flex>
      )}
    </>
  );
}
