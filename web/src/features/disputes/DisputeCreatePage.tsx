import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Col, Flex, Form, Input, InputNumber, Row, Select } from 'antd';
import { useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router-dom';
import { CLAIM_KINDS } from '@contracts/disputes.enums';
import type { ClaimInput } from '@contracts/disputes';
import { disputesApi } from '../../api/disputes';
import { applyFormError } from '../../components/form-errors';
import { FormAlert } from '../../components/FormAlert';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { useT } from '../../prefs';
import { useMe } from '../../session';

type Values = {
  requestId?: number | null;
  regionCode?: string;
  employerName: string;
  employerCreditCode?: string;
  facts?: string;
  workers: Array<{ name: string; phone?: string; idNumber?: string }>;
  claims: Array<{ kind: ClaimInput['kind']; amount: number; note?: string }>;
};

/** Opens a case (union, women's federation), optionally from a request (?requestId=). */
export function DisputeCreatePage() {
  const t = useT();
  const me = useMe();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const fromRequest = Number(params.get('requestId')) || undefined;
  const within = me.scope.regionPath.split('.').pop();
  const req = (label: string) => [{ required: true, message: t('common.required', { field: label }) }];

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const body = {
        requestId: v.requestId || undefined,
        regionCode: v.regionCode || undefined,
        employerName: v.employerName,
        employerCreditCode: v.employerCreditCode || undefined,
        facts: v.facts || undefined,
        workers: v.workers.map((w) => ({ name: w.name, phone: w.phone || undefined, idNumber: w.idNumber || undefined })),
        claims: v.claims.map((c) => ({ kind: c.kind, amount: c.amount, note: c.note || undefined })),
      };
      const d = await disputesApi.open.call({ body });
      void message.success(t('disputes.created', { number: d.number }));
      void nav(`/disputes/${d.id}`);
    } catch (err) {
      // Server fields such as workers.0.phone map onto the form list names.
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('disputes.newTitle')}</PageTitle>
      <Card>
        <FormAlert message={error} />
        <Form<Values>
          form={form}
          layout="vertical"
          name="dispute-new"
          onFinish={submit}
          initialValues={{ requestId: fromRequest, workers: [{ name: '' }], claims: [{ kind: 'wages' }] }}
          style={{ maxWidth: 960 }}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <Form.Item name="requestId" label={t('disputes.fromRequest')} extra={t('disputes.fromRequestHint')}>
                <InputNumber min={1} precision={0} style={{ width: '100%' }} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="regionCode" label={t('disputes.region')} extra={t('disputes.regionHint')}>
                <RegionSelect id="dispute-new_regionCode" within={within} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="employerName" label={t('disputes.employer')} rules={req(t('disputes.employer'))}>
                <Input maxLength={100} />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="employerCreditCode" label={t('disputes.creditCode')}>
                <Input maxLength={30} className="qh-mono" />
              </Form.Item>
            </Col>
            <Col span={24}>
              <Form.Item name="facts" label={t('disputes.facts')}>
                <Input.TextArea rows={4} maxLength={4000} showCount />
              </Form.Item>
            </Col>
          </Row>
          <SectionTitle level={3}>{t('disputes.workers')}</SectionTitle>
          <Form.List name="workers">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap="small" align="start" wrap>
                    <Form.Item name={[f.name, 'name']} label={t('disputes.workerName')} rules={req(t('disputes.workerName'))}>
                      <Input maxLength={60} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'phone']} label={t('disputes.workerPhone')}>
                      <Input maxLength={30} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'idNumber']} label={t('disputes.workerId')}>
                      <Input maxLength={30} style={{ width: 240 }} />
                    </Form.Item>
                    {fields.length > 1 ? (
                      <Button
                        type="text"
                        aria-label={`${t('disputes.remove')} ${f.name + 1}`}
                        icon={<MinusCircleOutlined aria-hidden />}
                        onClick={() => remove(f.name)}
                        style={{ marginTop: 30 }}
                      />
                    ) : null}
                  </Flex>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ name: '' })} style={{ marginBottom: 16 }}>
                  {t('disputes.addWorker')}
                </Button>
              </>
            )}
          </Form.List>
          <SectionTitle level={3}>{t('disputes.claims')}</SectionTitle>
          <Form.List name="claims">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap="small" align="start" wrap>
                    <Form.Item name={[f.name, 'kind']} label={t('disputes.claimKind')} rules={req(t('disputes.claimKind'))}>
                      <Select style={{ width: 160 }} options={CLAIM_KINDS.map((k) => ({ value: k, label: labelOf(t, 'dclaim', k) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'amount']} label={t('disputes.amount')} rules={req(t('disputes.amount'))}>
                      <InputNumber min={0} precision={2} style={{ width: 180 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'note']} label={t('disputes.note')}>
                      <Input maxLength={500} style={{ width: 260 }} />
                    </Form.Item>
                    {fields.length > 1 ? (
                      <Button
                        type="text"
                        aria-label={`${t('disputes.remove')} ${f.name + 1}`}
                        icon={<MinusCircleOutlined aria-hidden />}
                        onClick={() => remove(f.name)}
                        style={{ marginTop: 30 }}
                      />
                    ) : null}
                  </Flex>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ kind: 'wages' })} style={{ marginBottom: 16 }}>
                  {t('disputes.addClaim')}
                </Button>
              </>
            )}
          </Form.List>
          <Flex gap="small">
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.submit')}
            </Button>
            <Button onClick={() => nav('/disputes')}>{t('common.cancel')}</Button>
          </Flex>
        </Form>
      </Card>
    </>
  );
}
