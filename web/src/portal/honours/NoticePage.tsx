import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import type { PublicNominee as Nominee, PublicNotice } from '@contracts/honours';
import { honoursApi } from '../../api/honours';
import { usePrefs } from '../../prefs';
import { citizenRequest, useCitizen, useCitizenApi } from '../activities/citizen';
import { Alert, Button, Card, Dialog, ErrorView, Field, FormAlert, Loading, PageTitle, Tag, TextArea, useLightForm, useToast } from '../ui';
import './honours.css';

/** One public notice: the nominees' names, units and deeds; a signed-in citizen may object with evidence while it is open. */
export function PortalNoticePage() {
  const { t, lang } = usePrefs();
  const { id } = useParams();
  const nav = useNavigate();
  const toast = useToast();
  const { me } = useCitizen();
  const s = useCitizenApi<PublicNotice>(honoursApi.portalNotice.path({ params: { id: Number(id) } }));
  const [target, setTarget] = useState<Nominee | null>(null);
  const form = useLightForm<{ evidence: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (s.error) return <ErrorView error={s.error} onRetry={s.reload} />;
  if (s.loading || !s.data) return <Loading />;
  const notice = s.data;
  const object = (n: Nominee) => {
    if (!me) {
      void nav(`/portal/sign-in?next=/portal/honours/${notice.id}`);
      return;
    }
    setError(null);
    setTarget(n);
  };
  const submit = async () => {
    if (!target || busy) return;
    setBusy(true);
    setError(null);
    try {
      const body = { evidence: (form.valuesRef.current.evidence ?? '').trim() };
      await citizenRequest('POST', honoursApi.portalObject.path({ params: { id: target.id }, body }), lang, body);
      setTarget(null);
      form.reset();
      toast.success(t('portal.honours.objectionSent'));
    } catch (e) {
      setError(form.serverError(e));
    } finally {
      setBusy(false);
    }
  };
  const evidence = form.field('evidence');
  return (
    <>
      <PageTitle>{notice.title}</PageTitle>
      <Alert
        type={notice.open ? 'info' : 'success'}
        title={
          notice.status === 'announced'
            ? t('portal.honours.announcedHint', { org: notice.orgName })
            : t('portal.honours.noticeHint', { from: notice.noticeFrom, to: notice.noticeTo, org: notice.orgName })
        }
      />
      <ul className="qh-hon-list">
        {notice.nominees.map((n) => (
          <li key={n.id}>
            <Card title={n.name}>
              <div className="qh-hon-tags" style={{ marginTop: 0 }}>
                <Tag tone="plain">{t(n.kind === 'collective' ? 'portal.honours.collective' : 'portal.honours.individual')}</Tag>
                <Tag tone="plain">{n.districtName}</Tag>
              </div>
              <p className="qh-hon-text">{[n.unitName, n.position].filter(Boolean).join(' · ')}</p>
              <p className="qh-muted" style={{ marginBottom: notice.open ? 8 : 0 }}>
                {n.deeds}
              </p>
              {notice.open ? (
                <Button block onClick={() => object(n)} aria-label={t('portal.honours.objectTo', { name: n.name })}>
                  {t('portal.honours.object')}
                </Button>
              ) : null}
            </Card>
          </li>
        ))}
      </ul>
      <Dialog
        open={target !== null}
        onClose={() => setTarget(null)}
        title={t('portal.honours.objectTo', { name: target?.name ?? '' })}
        footer={
          <>
            <Button onClick={() => setTarget(null)} disabled={busy}>
              {t('common.cancel')}
            </Button>
            <Button variant="primary" loading={busy} onClick={() => void submit()}>
              {t('common.submit')}
            </Button>
          </>
        }
      >
        <FormAlert message={error} />
        <p className="qh-muted">{t('portal.honours.objectionHint')}</p>
        <Field label={t('portal.honours.evidence')} field={evidence}>
          <TextArea field={evidence} maxLength={2000} rows={5} />
        </Field>
      </Dialog>
    </>
  );
}
