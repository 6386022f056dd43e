import { Alert, App, Button, Card, Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { FormAlert } from '../../components/FormAlert';
import { ErrorState, LoadingState } from '../../components/states';
import { usePrefs } from '../../prefs';
import type { PublicNominee as Nominee, PublicNotice } from '@contracts/honours';
import { honoursApi } from '../../api/honours';
import { citizenRequest, useCitizen, useCitizenApi } from '../activities/citizen';

/** One public notice: the nominees' names, units and deeds; a signed-in citizen may object with evidence while it is open. */
export function PortalNoticePage() {
  const { t, lang } = usePrefs();
  const { id } = useParams();
  const nav = useNavigate();
  const { message } = App.useApp();
  const { me } = useCitizen();
  const s = useCitizenApi<PublicNotice>(honoursApi.portalNotice.path({ params: { id: Number(id) } }));
  const [target, setTarget] = useState<Nominee | null>(null);
  const [evidence, setEvidence] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  if (s.error) return <ErrorState error={s.error} onRetry={s.reload} />;
  if (s.loading || !s.data) return <LoadingState />;
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
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      const body = { evidence: evidence.trim() };
      await citizenRequest('POST', honoursApi.portalObject.path({ params: { id: target.id }, body }), lang, body);
      setTarget(null);
      setEvidence('');
      void message.success(t('portal.honours.objectionSent'));
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Typography.Title level={1} className="qh-portal-title">
        {notice.title}
      </Typography.Title>
      <Alert
        type={notice.open ? 'info' : 'success'}
        showIcon
        style={{ marginBottom: 12 }}
        title={
          notice.status === 'announced'
            ? t('portal.honours.announcedHint', { org: notice.orgName })
            : t('portal.honours.noticeHint', { from: notice.noticeFrom, to: notice.noticeTo, org: notice.orgName })
        }
      />
      <Flex vertical gap="small">
        {notice.nominees.map((n) => (
          <Card key={n.id} size="small">
            <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
              {n.name}
            </Typography.Title>
            <Flex gap={4} wrap style={{ margin: '6px 0' }}>
              <Tag>{t(n.kind === 'collective' ? 'portal.honours.collective' : 'portal.honours.individual')}</Tag>
              <Tag>{n.districtName}</Tag>
            </Flex>
            <Typography.Paragraph style={{ marginBottom: 4 }}>{[n.unitName, n.position].filter(Boolean).join(' · ')}</Typography.Paragraph>
            <Typography.Paragraph className="qh-muted" style={{ marginBottom: notice.open ? 8 : 0 }}>
              {n.deeds}
            </Typography.Paragraph>
            {notice.open ? (
              <Button block onClick={() => object(n)} aria-label={t('portal.honours.objectTo', { name: n.name })}>
                {t('portal.honours.object')}
              </Button>
            ) : null}
          </Card>
        ))}
      </Flex>
      <Modal
        open={target !== null}
        title={t('portal.honours.objectTo', { name: target?.name ?? '' })}
        onCancel={() => setTarget(null)}
        onOk={() => void submit()}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
      >
        <FormAlert message={error} />
        <Typography.Paragraph className="qh-muted">{t('portal.honours.objectionHint')}</Typography.Paragraph>
        <Form layout="vertical" component="div">
          <Form.Item label={t('portal.honours.evidence')} htmlFor="honour-evidence">
            <Input.TextArea id="honour-evidence" value={evidence} onChange={(e) => setEvidence(e.target.value)} maxLength={2000} rows={5} showCount />
          </Form.Item>
        </Form>
      </Modal>
    </>
  );
}
