import { App, Alert, Button, Card, Col, Descriptions, Flex, Form, Input, InputNumber, Modal, Row, Select, Tag, Timeline } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { CLOSE_OUTCOMES, REFERRAL_KINDS, type DisputeStatus } from '@contracts/disputes.enums';
import type { CaseDetail, CloseInput, ReferInput, Revealed } from '@contracts/disputes';
import { disputesApi } from '../../api/disputes';
import { useConfirm } from '../../components/confirm';
import { applyFormError } from '../../components/form-errors';
import { FormAlert } from '../../components/FormAlert';
import { dateTime, labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState, EmptyState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { StatusTag } from './DisputesPage';
import { yuan } from './format';
import { DateField } from '../../components/DateField';

type Kind = 'invite' | 'decline' | 'session' | 'agreement' | 'confirm' | 'refer' | 'close' | 'reveal';

const ACTIVE: readonly string[] = ['open', 'mediating'] satisfies readonly DisputeStatus[];

/** The steps the caller may take now, from its sides on the case and the case's status (the server checks again). */
function available(d: CaseDetail): Kind[] {
  const s = new Set(d.sides);
  const out: Kind[] = [];
  if (s.has('opener') && ['open', 'mediating', 'agreed'].includes(d.status)) out.push('invite');
  if ((s.has('opener') || s.has('partner_accepted')) && ACTIVE.includes(d.status)) out.push('session', 'agreement');
  if (s.has('court_accepted') && d.status === 'agreed') out.push('confirm');
  if (s.has('opener') && ACTIVE.includes(d.status)) out.push('refer');
  if (s.has('opener') && d.status !== 'closed') out.push('close');
  return out;
}

const LABEL: Record<Kind, string> = {
  invite: 'disputes.invite',
  decline: 'disputes.decline',
  session: 'disputes.addSession',
  agreement: 'disputes.recordAgreement',
  confirm: 'disputes.confirm',
  refer: 'disputes.refer',
  close: 'disputes.close',
  reveal: 'disputes.revealTitle',
};

function ActionModal({ kind, d, onClose, onDone }: { kind: Kind; d: CaseDetail; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const partners = useEndpoint(disputesApi.partnerOrgs, kind === 'invite' ? {} : null);
  const confirm = useConfirm();

  const send = async (v: Record<string, unknown>) => {
    const params = { id: d.id };
    const version = d.version;
    const text = (x: unknown) => (x ? String(x) : undefined);
    switch (kind) {
      case 'invite':
        return disputesApi.invite.call({ params, body: { version, orgId: Number(v.orgId), note: text(v.note) } });
      case 'decline':
        return disputesApi.decline.call({ params: { ...params, invitationId: Number(d.myInvitationId) }, body: { version, reason: String(v.reason ?? '') } });
      case 'session':
        return disputesApi.addSession.call({
          params,
          body: {
            version,
            heldAt: new Date(String(v.heldAt)).toISOString(),
            place: String(v.place ?? ''),
            mediators: String(v.mediators ?? '')
              .split(/[,，、]/)
              .map((x) => x.trim())
              .filter(Boolean),
            notes: text(v.notes),
          },
        });
      case 'agreement':
        return disputesApi.agreement.call({ params, body: { version, amount: Number(v.amount), terms: String(v.terms ?? '') } });
      case 'confirm':
        return disputesApi.confirm.call({ params, body: { version, ref: text(v.ref) } });
      case 'refer':
        return disputesApi.refer.call({ params, body: { version, kind: v.kind as ReferInput['kind'], note: text(v.note) } });
      case 'close':
        return disputesApi.close.call({ params, body: { version, outcome: v.outcome as CloseInput['outcome'], note: text(v.note) } });
      case 'reveal':
        setRevealed(await disputesApi.reveal.call({ params, body: { purpose: String(v.purpose ?? '') } }));
        return null;
    }
  };

  const submit = async () => {
    const v = (await form.validateFields()) as Record<string, unknown>;
    const run = async () => {
      setBusy(true);
      setError(null);
      try {
        await send(v);
        if (kind !== 'reveal') {
          void message.success(t('common.done'));
          onDone();
        }
      } catch (err) {
        setError(applyFormError(form, err));
      } finally {
        setBusy(false);
      }
    };
    if (kind === 'close') {
      confirm({
        title: t('disputes.close'),
        content: t('disputes.closeConfirm', { outcome: labelOf(t, 'doutcome', String(v.outcome)) }),
        danger: true,
        onOk: run,
      });
    } else await run();
  };

  const req = (label: string) => [{ required: true, message: t('common.required', { field: label }) }];
  const outcomes = CLOSE_OUTCOMES[d.status] ?? [];
  return (
    <Modal
      open
      title={t(LABEL[kind] as 'disputes.invite')}
      onCancel={onClose}
      onOk={revealed ? onClose : submit}
      okText={revealed ? t('common.close') : t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <FormAlert message={error} />
      {revealed ? (
        <>
          <SectionTitle level={3}>{t('disputes.facts')}</SectionTitle>
          <p style={{ whiteSpace: 'pre-wrap' }}>{revealed.facts ?? t('common.none')}</p>
          <SectionTitle level={3}>{t('disputes.sessions')}</SectionTitle>
          {revealed.sessions.length === 0 ? <EmptyState /> : revealed.sessions.map((s, i) => <p key={s.id}>{`${i + 1}. ${s.notes ?? t('common.none')}`}</p>)}
        </>
      ) : (
        <Form form={form} layout="vertical" name={`dispute-${kind}`} initialValues={{ outcome: outcomes[0], kind: 'arbitration' }}>
          {kind === 'invite' ? (
            <>
              <Form.Item name="orgId" label={t('disputes.partnerOrg')} rules={req(t('disputes.partnerOrg'))}>
                <Select
                  loading={partners.loading}
                  showSearch={{ optionFilterProp: 'label' }}
                  options={(partners.data?.items ?? []).map((o) => ({ value: o.id, label: `${o.name}（${labelOf(t, 'dorg', o.typeCode)}）` }))}
                />
              </Form.Item>
              <Form.Item name="note" label={t('disputes.note')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          ) : null}
          {kind === 'decline' ? (
            <Form.Item name="reason" label={t('disputes.reason')} rules={req(t('disputes.reason'))}>
              <Input.TextArea rows={3} maxLength={1000} />
            </Form.Item>
          ) : null}
          {kind === 'session' ? (
            <>
              <Form.Item name="heldAt" label={t('disputes.heldAt')} rules={req(t('disputes.heldAt'))}>
                <DateField kind="datetime" />
              </Form.Item>
              <Form.Item name="place" label={t('disputes.place')} rules={req(t('disputes.place'))}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name="mediators" label={t('disputes.mediators')} rules={req(t('disputes.mediators'))}>
                <Input maxLength={300} />
              </Form.Item>
              <Form.Item name="notes" label={t('disputes.notes')}>
                <Input.TextArea rows={3} maxLength={4000} />
              </Form.Item>
            </>
          ) : null}
          {kind === 'agreement' ? (
            <>
              <Form.Item name="amount" label={t('disputes.agreedAmount')} rules={req(t('disputes.agreedAmount'))}>
                <InputNumber min={0} precision={2} style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="terms" label={t('disputes.terms')} rules={req(t('disputes.terms'))}>
                <Input.TextArea rows={4} maxLength={4000} />
              </Form.Item>
            </>
          ) : null}
          {kind === 'confirm' ? (
            <Form.Item name="ref" label={t('disputes.confirmationRef')}>
              <Input maxLength={100} />
            </Form.Item>
          ) : null}
          {kind === 'refer' ? (
            <>
              <Form.Item name="kind" label={t('disputes.referKind')} rules={req(t('disputes.referKind'))}>
                <Select options={REFERRAL_KINDS.map((k) => ({ value: k, label: labelOf(t, 'dref', k) }))} />
              </Form.Item>
              <Form.Item name="note" label={t('disputes.note')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          ) : null}
          {kind === 'close' ? (
            <>
              <Form.Item name="outcome" label={t('disputes.outcome')} rules={req(t('disputes.outcome'))}>
                <Select options={outcomes.map((k) => ({ value: k, label: labelOf(t, 'doutcome', k) }))} />
              </Form.Item>
              <Form.Item name="note" label={t('disputes.note')}>
                <Input.TextArea rows={2} maxLength={1000} />
              </Form.Item>
            </>
          ) : null}
          {kind === 'reveal' ? (
            <>
              <Alert type="warning" showIcon title={t('disputes.revealHint')} style={{ marginBottom: 12 }} />
              <Form.Item name="purpose" label={t('disputes.revealPurpose')} rules={[...req(t('disputes.revealPurpose')), { min: 2 }]}>
                <Input maxLength={200} />
              </Form.Item>
            </>
          ) : null}
        </Form>
      )}
    </Modal>
  );
}

/** One case: parties, claims, partner agencies, sessions, agreement, timeline and the steps the caller may take. */
export function DisputeDetailPage() {
  const t = useT();
  const { id } = useParams();
  const state = useEndpoint(disputesApi.get, { params: { id: Number(id) } });
  const [kind, setKind] = useState<Kind | null>(null);
  const confirm = useConfirm();

  return (
    <DataState state={state} title={t('disputes.title')}>
      {(d) => {
        const actions = available(d);
        const canReveal = d.sides.includes('opener') || d.sides.includes('partner_accepted') || d.access === 'opener';
        const done = () => {
          setKind(null);
          state.reload();
        };
        return (
          <>
            <PageTitle tags={<StatusTag status={d.status} />}>{t('disputes.detail', { number: d.number })}</PageTitle>
            {d.sides.includes('partner_pending') && d.myInvitationId ? (
              <Alert
                type="info"
                showIcon
                title={t('disputes.pendingHint')}
                style={{ marginBottom: 16 }}
                action={
                  <Flex gap="small" wrap>
                    <Button
                      type="primary"
                      onClick={() =>
                        confirm({
                          title: t('disputes.accept'),
                          content: t('disputes.acceptConfirm'),
                          onOk: async () => {
                            await disputesApi.accept.call({ params: { id: d.id, invitationId: Number(d.myInvitationId) }, body: { version: d.version } });
                            state.reload();
                          },
                        })
                      }
                    >
                      {t('disputes.accept')}
                    </Button>
                    <Button danger onClick={() => setKind('decline')}>
                      {t('disputes.decline')}
                    </Button>
                  </Flex>
                }
              />
            ) : null}
            <Card style={{ marginBottom: 16 }}>
              <SectionTitle>{t('disputes.actions')}</SectionTitle>
              {actions.length === 0 ? (
                <p className="qh-muted" style={{ margin: 0 }}>
                  {t('disputes.noActions')}
                </p>
              ) : (
                <Flex gap="small" wrap>
                  {actions.map((k) => (
                    <Button
                      key={k}
                      type={k === 'close' ? 'default' : 'primary'}
                      danger={k === 'close'}
                      ghost={k !== 'close' && k !== 'session'}
                      onClick={() => setKind(k)}
                    >
                      {t(LABEL[k] as 'disputes.invite')}
                    </Button>
                  ))}
                </Flex>
              )}
            </Card>
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Card style={{ marginBottom: 16 }}>
                  <SectionTitle>{t('disputes.parties')}</SectionTitle>
                  <Descriptions
                    column={{ xs: 1, md: 2 }}
                    size="small"
                    items={[
                      { key: 'e', label: t('disputes.employer'), children: d.employerName },
                      { key: 'c', label: t('disputes.creditCode'), children: <span className="qh-mono">{d.employerCreditCode ?? t('common.none')}</span> },
                      { key: 'o', label: t('disputes.opener'), children: d.openerOrgName },
                      { key: 'r', label: t('disputes.region'), children: `${d.districtName ?? ''} ${d.regionName}` },
                      { key: 'd', label: t('disputes.openedOn'), children: d.openedOn },
                      { key: 't', label: t('disputes.claimed'), children: yuan(d.claimedTotal) },
                      {
                        key: 'q',
                        label: t('disputes.request'),
                        children: d.requestId ? <Link to={`/requests/${d.requestId}`}>{`#${d.requestId}`}</Link> : t('common.none'),
                      },
                      {
                        key: 'f',
                        label: t('disputes.facts'),
                        children: (
                          <Flex gap="small" align="center" wrap>
                            <span>{d.factsMasked ?? t('common.none')}</span>
                            {canReveal && (d.factsMasked || d.sessions.some((s) => s.hasNotes)) ? (
                              <Button size="small" onClick={() => setKind('reveal')}>
                                {t('disputes.reveal')}
                              </Button>
                            ) : null}
                          </Flex>
                        ),
                      },
                    ]}
                  />
                  <div style={{ marginTop: 16 }}>
                    <SectionTitle level={3}>{t('disputes.workers')}</SectionTitle>
                  </div>
                  <Table
                    rowKey="personId"
                    size="small"
                    pagination={false}
                    dataSource={d.workers}
                    columns={[
                      { title: t('disputes.workerName'), dataIndex: 'nameMasked' },
                      {
                        title: t('disputes.workerPhone'),
                        dataIndex: 'phoneMasked',
                        render: (v: string | null) => <span className="qh-mono">{v ?? t('common.none')}</span>,
                      },
                      {
                        title: t('disputes.workerId'),
                        dataIndex: 'idNumberMasked',
                        render: (v: string | null) => <span className="qh-mono">{v ?? t('common.none')}</span>,
                      },
                    ]}
                  />
                  <div style={{ marginTop: 16 }}>
                    <SectionTitle level={3}>{t('disputes.claims')}</SectionTitle>
                  </div>
                  <Table
                    rowKey={(_r, i) => String(i)}
                    size="small"
                    pagination={false}
                    dataSource={d.claims}
                    columns={[
                      { title: t('disputes.claimKind'), dataIndex: 'kind', render: (v: string) => labelOf(t, 'dclaim', v) },
                      { title: t('disputes.amount'), dataIndex: 'amount', align: 'right', render: (v: number) => yuan(v) },
                      { title: t('disputes.note'), dataIndex: 'note', render: (v: string) => v || t('common.none') },
                    ]}
                  />
                </Card>
                <Card style={{ marginBottom: 16 }}>
                  <SectionTitle>{t('disputes.invitations')}</SectionTitle>
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={d.invitations}
                    locale={{ emptyText: <EmptyState description={t('disputes.none')} /> }}
                    columns={[
                      { title: t('disputes.partnerOrg'), dataIndex: 'orgName', render: (v: string, r) => `${v}（${labelOf(t, 'dorg', r.orgType)}）` },
                      {
                        title: t('disputes.status'),
                        dataIndex: 'status',
                        render: (v: string) => (
                          <Tag className={v === 'accepted' ? 'qh-tag-ok' : v === 'pending' ? 'qh-tag-workday' : 'qh-tag-archived'}>{labelOf(t, 'dinv', v)}</Tag>
                        ),
                      },
                      { title: t('disputes.invitedAt'), dataIndex: 'invitedAt', render: (v: string) => dateTime(v) },
                      { title: t('disputes.reason'), dataIndex: 'reason', render: (v: string, r) => v || r.note || t('common.none') },
                      ...(d.sides.includes('opener') && d.status !== 'closed'
                        ? [
                            {
                              title: t('common.actions'),
                              key: 'a',
                              render: (_: unknown, r: CaseDetail['invitations'][number]) =>
                                r.status === 'pending' || r.status === 'accepted' ? (
                                  <Button
                                    size="small"
                                    danger
                                    onClick={() =>
                                      confirm({
                                        title: t('disputes.withdraw'),
                                        content: t('disputes.withdrawConfirm', { org: r.orgName }),
                                        danger: true,
                                        onOk: async () => {
                                          await disputesApi.withdraw.call({ params: { id: d.id, invitationId: r.id }, body: { version: d.version } });
                                          state.reload();
                                        },
                                      })
                                    }
                                  >
                                    {t('disputes.withdraw')}
                                  </Button>
                                ) : null,
                            },
                          ]
                        : []),
                    ]}
                  />
                </Card>
                <Card style={{ marginBottom: 16 }}>
                  <SectionTitle>{t('disputes.sessions')}</SectionTitle>
                  <Table
                    rowKey="id"
                    size="small"
                    pagination={false}
                    dataSource={d.sessions}
                    locale={{ emptyText: <EmptyState description={t('disputes.none')} /> }}
                    columns={[
                      { title: t('disputes.heldAt'), dataIndex: 'heldAt', render: (v: string) => dateTime(v) },
                      { title: t('disputes.place'), dataIndex: 'place' },
                      { title: t('disputes.mediators'), dataIndex: 'mediators', render: (v: string[]) => v.join('、') },
                      { title: t('disputes.notes'), dataIndex: 'hasNotes', render: (v: boolean) => (v ? t('disputes.notesHidden') : t('common.none')) },
                    ]}
                  />
                </Card>
                <Card>
                  <SectionTitle>{t('disputes.agreementTitle')}</SectionTitle>
                  <Descriptions
                    column={{ xs: 1, md: 2 }}
                    size="small"
                    items={[
                      { key: 'a', label: t('disputes.agreedAmount'), children: yuan(d.agreedAmount) },
                      { key: 't', label: t('disputes.terms'), children: d.agreementTerms ?? t('common.none') },
                      { key: 'c', label: t('disputes.confirmedBy'), children: d.confirmedByOrgName ?? t('common.none') },
                      { key: 'r', label: t('disputes.confirmationRef'), children: d.confirmationRef || t('common.none') },
                      { key: 'f', label: t('disputes.referral'), children: d.referralKind ? labelOf(t, 'dref', d.referralKind) : t('common.none') },
                      { key: 'o', label: t('disputes.outcome'), children: d.outcome ? labelOf(t, 'doutcome', d.outcome) : t('common.none') },
                    ]}
                  />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card>
                  <SectionTitle>{t('disputes.timeline')}</SectionTitle>
                  <Timeline
                    items={d.events.map((e) => ({
                      key: e.version,
                      content: (
                        <div>
                          <strong>{labelOf(t, 'devent', e.kind)}</strong>
                          {e.targetOrgName ? ` · ${e.targetOrgName}` : ''}
                          <div className="qh-muted">{`${dateTime(e.at)} · ${e.actorName ?? e.orgName ?? ''}`}</div>
                          {e.note ? <div>{e.note}</div> : null}
                        </div>
                      ),
                    }))}
                  />
                </Card>
              </Col>
            </Row>
            {kind ? <ActionModal kind={kind} d={d} onClose={() => setKind(null)} onDone={done} /> : null}
          </>
        );
      }}
    </DataState>
  );
}
