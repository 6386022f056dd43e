import type { CardVerification } from '@contracts/members';
import { Alert, Button, Card, Descriptions, Form, Input, Tag } from 'antd';
import { useState } from 'react';
import { membersApi } from '../../api/members';
import { dateTime, labelOf } from '../../components/labels';
import { useT } from '../../prefs';

/**
 * Checks an electronic member card at a counter: the scanner types the QR's text into the field (or staff paste it),
 * and the answer says whether the card is valid, with the member number, the masked name and the union only.
 */
export function CardCheck() {
  const t = useT();
  const [token, setToken] = useState('');
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<CardVerification | null>(null);
  const [error, setError] = useState<string | null>(null);
  const clean = token.trim();
  const check = async () => {
    if (busy || !clean) return;
    setBusy(true);
    setError(null);
    try {
      setResult(await membersApi.verifyCard.call({ body: { token: clean } }));
      setToken('');
    } catch (e) {
      setResult(null);
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card title={t('members.card.title')} style={{ maxWidth: 560, marginBottom: 16 }}>
      <Form layout="vertical" onFinish={() => void check()}>
        <Form.Item label={t('members.card.token')} htmlFor="member-card-token" extra={t('members.card.help')}>
          <Input id="member-card-token" autoComplete="off" value={token} onChange={(e) => setToken(e.target.value)} maxLength={200} />
        </Form.Item>
        <Button htmlType="submit" loading={busy ? { delay: 300 } : false} disabled={!clean}>
          {t('members.card.check')}
        </Button>
      </Form>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
      {result ? (
        <div role="status" style={{ marginTop: 12 }}>
          {result.valid ? (
            <Alert type="success" showIcon title={t('members.card.valid')} />
          ) : (
            <Alert type="warning" showIcon title={t(`members.card.${result.reason ?? 'not_member'}`)} />
          )}
          {result.memberNo ? (
            <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('members.memberNo')}>{result.memberNo}</Descriptions.Item>
              <Descriptions.Item label={t('members.name')}>{result.nameMasked}</Descriptions.Item>
              <Descriptions.Item label={t('members.union')}>{result.orgName}</Descriptions.Item>
              <Descriptions.Item label={t('members.status')}>
                <Tag className={result.valid ? 'qh-tag-ok' : ''}>{labelOf(t, 'members.status', result.status ?? 'left')}</Tag>
              </Descriptions.Item>
              {result.expiresAt ? <Descriptions.Item label={t('members.card.expires')}>{dateTime(result.expiresAt)}</Descriptions.Item> : null}
            </Descriptions>
          ) : null}
        </div>
      ) : null}
    </Card>
  );
}
