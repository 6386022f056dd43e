import { Alert, App, Button, Card, Descriptions, Form, Input, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { ClaimRow, Voucher } from '@contracts/benefits';
import { benefitsApi } from '../../api/benefits';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useSession } from '../../session';
import { useT } from '../../prefs';
import { CardCheck } from '../members/CardCheck';

/** A provider's counter: type or scan a voucher code, check it, redeem it once; the organization's vouchers below. */
export function RedeemPage() {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const [code, setCode] = useState('');
  const [voucher, setVoucher] = useState<Voucher | null>(null);
  const [error, setError] = useState<string | null>(null);
  const list = useEndpoint(benefitsApi.vouchers, { query: { pageSize: 20 } });
  const clean = code.replace(/\s+/g, '').toUpperCase();
  const run = async (fn: () => Promise<Voucher>) => {
    setError(null);
    try {
      setVoucher(await fn());
      list.reload();
    } catch (e) {
      setVoucher(null);
      setError((e as Error).message);
    }
  };
  return (
    <>
      <PageTitle>{t('benefits.redeem.title')}</PageTitle>
      <Card style={{ maxWidth: 560, marginBottom: 16 }}>
        <Form layout="vertical" onFinish={() => void run(() => benefitsApi.lookup.call({ body: { code: clean } }))}>
          <Form.Item label={t('benefits.redeem.code')} htmlFor="voucher-code">
            <Input id="voucher-code" autoComplete="off" value={code} onChange={(e) => setCode(e.target.value)} maxLength={16} style={{ letterSpacing: 2 }} />
          </Form.Item>
          <Button htmlType="submit" disabled={clean.length !== 12}>
            {t('benefits.redeem.lookup')}
          </Button>
        </Form>
        {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 12 }} /> : null}
        {voucher ? (
          <>
            <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
              <Descriptions.Item label={t('benefits.col.title')}>{voucher.offerTitle}</Descriptions.Item>
              <Descriptions.Item label={t('benefits.col.status')}>
                <Tag className={voucher.status === 'issued' ? 'qh-tag-ok' : ''}>{t(`benefits.claim.${voucher.status}`)}</Tag>
              </Descriptions.Item>
            </Descriptions>
            {voucher.status === 'issued' ? (
              <Button
                type="primary"
                onClick={() =>
                  void run(async () => {
                    const v = await benefitsApi.redeem.call({ body: { code: clean } });
                    void message.success(t('benefits.redeem.done'));
                    return v;
                  })
                }
              >
                {t('benefits.redeem.submit')}
              </Button>
            ) : null}
          </>
        ) : null}
      </Card>
      {can('member.verify') ? <CardCheck /> : null}
      <Card title={t('benefits.redeem.recent')}>
        {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
        <Table<ClaimRow>
          rowKey="id"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: list.loading ? ' ' : <EmptyState /> }}
          columns={[
            { title: t('benefits.col.title'), dataIndex: 'offerTitle' },
            { title: t('benefits.col.code'), dataIndex: 'codeMasked' },
            { title: t('benefits.col.status'), dataIndex: 'status', render: (v: ClaimRow['status']) => t(`benefits.claim.${v}`) },
          ]}
        />
      </Card>
    </>
  );
}
