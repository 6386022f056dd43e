import type { ClaimRow, ClaimStatus, Offer } from '@contracts/benefits';
import { CLAIM_STATUSES } from '@contracts/benefits.enums';
import { App, Button, Descriptions, Flex, Form, Input, InputNumber, Modal, Select, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { benefitsApi } from '../../api/benefits';
import { DateField } from '../../components/DateField';
import { FormAlert } from '../../components/FormAlert';
import { SectionTitle } from '../../components/PageTitle';
import { Table } from '../../components/Table';
import { useClearable } from '../../components/clearable';
import { dateTimeValue, instantOf } from '../../components/date-values';
import { useFormSave } from '../../components/form-errors';
import { dateTime, labelOf } from '../../components/labels';
import { useRegionNames } from '../../components/region-names';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { errorMessage } from '../../api';
import { useT } from '../../prefs';
import { useSession } from '../../session';

export function OfferStatusTag({ status }: { status: Offer['status'] }) {
  const t = useT();
  return <Tag className={status === 'open' ? 'qh-tag-ok' : ''}>{t(`benefits.status.${status}`)}</Tag>;
}

function ClaimStatusTag({ status }: { status: ClaimStatus }) {
  const t = useT();
  const look = status === 'issued' || status === 'redeemed' ? { className: 'qh-tag-ok' } : status === 'applied' ? { color: 'processing' } : {};
  return <Tag {...look}>{t(`benefits.claim.${status}`)}</Tag>;
}

/**
 * One offer for its publishing union (and, read-only, its provider): figures by claim status and person-times, the
 * window extended and quota added (each after a confirmation), and its claims, where a review offer's applications
 * are approved or rejected.
 */
export function OfferDetail({ id, onChanged }: { id: number; onChanged: () => void }) {
  const t = useT();
  const { can } = useSession();
  const state = useEndpoint(benefitsApi.get, { params: { id } });
  const [claimsTick, setClaimsTick] = useState(0);
  const [extending, setExtending] = useState(false);
  const [adding, setAdding] = useState(false);
  const offer = state.data?.offer;
  const regionNames = useRegionNames(offer?.eligibleRegionCodes ?? []);
  if (state.error) return <ErrorState error={state.error} onRetry={state.reload} />;
  if (!state.data || !offer) return <LoadingState />;
  const { counts, personTimes } = state.data;
  const changed = () => {
    state.reload();
    setClaimsTick((n) => n + 1);
    onChanged();
  };
  const manage = can('benefit.manage') && offer.status !== 'drawn';
  const shown = CLAIM_STATUSES.filter((s) => (counts[s] ?? 0) > 0);
  const total = shown.reduce((n, s) => n + (counts[s] ?? 0), 0);
  return (
    <Flex vertical gap="middle">
      <Descriptions size="small" column={{ xs: 1, sm: 2 }} bordered>
        <Descriptions.Item label={t('benefits.col.status')}>
          <OfferStatusTag status={offer.status} />
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.col.quota')}>{`${offer.remaining} / ${offer.quota}`}</Descriptions.Item>
        <Descriptions.Item label={t('benefits.form.org')}>{offer.orgName}</Descriptions.Item>
        <Descriptions.Item label={t('benefits.col.provider')}>{offer.providerName}</Descriptions.Item>
        <Descriptions.Item label={t('benefits.col.kind')}>{t(`benefits.kind.${offer.kind}`)}</Descriptions.Item>
        <Descriptions.Item label={t('benefits.form.brand')}>{offer.brand || t('common.none')}</Descriptions.Item>
        <Descriptions.Item label={t('benefits.col.mode')}>{t(`benefits.mode.${offer.mode}`)}</Descriptions.Item>
        <Descriptions.Item label={t('benefits.detail.limit')}>
          {t('benefits.detail.limitValue', { period: t(`benefits.period.${offer.limitPeriod}`), n: offer.perMemberLimit })}
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.detail.window')} span={2}>
          {`${dateTime(offer.claimFrom)} – ${dateTime(offer.claimTo)}`}
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.form.voucherDays')}>{t('benefits.detail.days', { n: offer.voucherDays })}</Descriptions.Item>
        <Descriptions.Item label={t('benefits.detail.personTimes')}>{personTimes}</Descriptions.Item>
        {offer.mode === 'fcfs' ? (
          <>
            <Descriptions.Item label={t('benefits.form.slices')}>{offer.slices}</Descriptions.Item>
            <Descriptions.Item label={t('benefits.detail.waitlist')}>{offer.waitlist ? t('common.yes') : t('common.no')}</Descriptions.Item>
          </>
        ) : null}
        <Descriptions.Item label={t('benefits.form.regions')} span={2}>
          {offer.eligibleRegionCodes.length ? offer.eligibleRegionCodes.map((c) => regionNames[c] ?? c).join('、') : t('benefits.detail.anyRegion')}
        </Descriptions.Item>
        <Descriptions.Item label={t('benefits.form.tags')} span={2}>
          {offer.eligibleTags.length ? offer.eligibleTags.map((x) => <Tag key={x}>{labelOf(t, 'members.tag', x)}</Tag>) : t('benefits.detail.anyTag')}
        </Descriptions.Item>
      </Descriptions>
      {offer.description ? <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{offer.description}</Typography.Paragraph> : null}
      {manage ? (
        <Space wrap>
          <Button onClick={() => setExtending(true)}>{t('benefits.extend')}</Button>
          <Button onClick={() => setAdding(true)}>{t('benefits.addQuota')}</Button>
        </Space>
      ) : null}

      <section aria-labelledby="offer-counts">
        <SectionTitle level={3} id="offer-counts">
          {t('benefits.detail.counts')}
        </SectionTitle>
        {shown.length ? (
          <dl className="qh-offer-counts" style={{ display: 'flex', flexWrap: 'wrap', gap: '8px 24px', margin: 0 }}>
            {shown.map((s) => (
              <div key={s} style={{ display: 'flex', gap: 6, alignItems: 'baseline' }}>
                <dt>{t(`benefits.claim.${s}`)}</dt>
                <dd style={{ margin: 0, fontWeight: 600 }}>{counts[s]}</dd>
              </div>
            ))}
            <div style={{ display: 'flex', gap: 6, alignItems: 'baseline' }}>
              <dt>{t('benefits.detail.total')}</dt>
              <dd style={{ margin: 0, fontWeight: 600 }}>{total}</dd>
            </div>
          </dl>
        ) : (
          <Typography.Text className="qh-muted">{t('benefits.detail.noClaims')}</Typography.Text>
        )}
      </section>

      <Claims offer={offer} tick={claimsTick} onChanged={changed} onBrowse={state.reload} />

      <ExtendModal offer={offer} open={extending} onClose={() => setExtending(false)} onDone={changed} />
      <QuotaModal offer={offer} open={adding} onClose={() => setAdding(false)} onDone={changed} />
    </Flex>
  );
}

/** The claims of an offer, by status, a page at a time; a review offer's applications with approve and reject. */
function Claims({ offer, tick, onChanged, onBrowse }: { offer: Offer; tick: number; onChanged: () => void; onBrowse: () => void }) {
  const t = useT();
  const clearable = useClearable();
  const { can } = useSession();
  const { modal, message } = App.useApp();
  const [status, setStatus] = useState<ClaimStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [rejecting, setRejecting] = useState<ClaimRow | null>(null);
  const list = useEndpoint(benefitsApi.claims, { params: { id: offer.id }, query: { status, page, pageSize: 10 } });
  const decides = can('benefit.manage') && offer.mode === 'review';
  const reload = list.reload;
  // A decision, more quota or a longer window changes the claims: read them again, keeping the filter and page.
  useEffect(() => {
    if (tick > 0) reload();
  }, [tick, reload]);
  const approve = (c: ClaimRow) =>
    modal.confirm({
      title: t('benefits.approve.title', { id: c.id }),
      content: t('benefits.approve.text'),
      okText: t('benefits.approve'),
      cancelText: t('common.cancel'),
      autoFocusButton: 'cancel',
      onOk: async () => {
        try {
          await benefitsApi.decide.call({ params: { id: c.id }, body: { approve: true } });
          void message.success(t('benefits.approved'));
          onChanged();
        } catch (e) {
          void message.error(errorMessage(e));
        }
      },
    });
  return (
    <section aria-labelledby="offer-claims">
      <Flex justify="space-between" align="center" wrap gap="small" style={{ marginBottom: 8 }}>
        <SectionTitle level={3} id="offer-claims">
          {t('benefits.claims')}
        </SectionTitle>
        <Space>
          <label htmlFor="offer-claims-status">{t('benefits.claims.filter')}</label>
          <Select<ClaimStatus>
            id="offer-claims-status"
            allowClear={clearable}
            placeholder={t('common.all')}
            value={status}
            onChange={(v) => {
              setStatus(v);
              setPage(1);
              // The figures above are read again with the list, so both tell the same story.
              onBrowse();
            }}
            style={{ width: 160 }}
            options={CLAIM_STATUSES.map((s) => ({ value: s, label: t(`benefits.claim.${s}`) }))}
          />
        </Space>
      </Flex>
      {decides ? <Typography.Paragraph className="qh-muted">{t('benefits.reviewHint')}</Typography.Paragraph> : null}
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      <Table<ClaimRow>
        rowKey="id"
        size="small"
        loading={list.loading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 720 }}
        locale={{ emptyText: list.loading ? ' ' : <EmptyState description={t('benefits.detail.noClaims')} /> }}
        pagination={{
          current: page,
          pageSize: 10,
          total: list.data?.total ?? 0,
          onChange: (p) => {
            setPage(p);
            onBrowse();
          },
          showSizeChanger: false,
          hideOnSinglePage: true,
        }}
        columns={[
          { title: t('benefits.claim.id'), dataIndex: 'id', width: 70 },
          { title: t('benefits.col.status'), dataIndex: 'status', width: 100, render: (v: ClaimStatus) => <ClaimStatusTag status={v} /> },
          { title: t('benefits.claim.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => dateTime(v) },
          { title: t('benefits.col.code'), dataIndex: 'codeMasked', width: 130, render: (v: string | null) => v ?? t('common.none') },
          { title: t('benefits.claim.expiresAt'), dataIndex: 'expiresAt', width: 140, render: (v: string | null) => dateTime(v) },
          { title: t('benefits.claim.note'), dataIndex: 'note', render: (v: string) => v || t('common.none') },
          ...(decides
            ? [
                {
                  title: t('common.actions'),
                  key: 'decide',
                  width: 150,
                  render: (_: unknown, c: ClaimRow) =>
                    c.status === 'applied' ? (
                      <Space>
                        <Button size="small" type="primary" aria-label={t('benefits.approve.label', { id: c.id })} onClick={() => approve(c)}>
                          {t('benefits.approve')}
                        </Button>
                        <Button size="small" danger aria-label={t('benefits.reject.label', { id: c.id })} onClick={() => setRejecting(c)}>
                          {t('benefits.reject')}
                        </Button>
                      </Space>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      <RejectModal claim={rejecting} onClose={() => setRejecting(null)} onDone={onChanged} />
    </section>
  );
}

/** Rejecting an application asks for the reason; the dialog's danger button is the confirmation. */
function RejectModal({ claim, onClose, onDone }: { claim: ClaimRow | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ note: string }>();
  const { busy, error, save } = useFormSave(form);
  return (
    <Modal
      open={claim !== null}
      title={claim ? t('benefits.reject.title', { id: claim.id }) : ''}
      okText={t('benefits.reject')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <Form
        form={form}
        layout="vertical"
        preserve={false}
        onFinish={(v) => {
          if (!claim) return;
          void save(() => benefitsApi.decide.call({ params: { id: claim.id }, body: { approve: false, note: v.note.trim() } }), {
            success: t('benefits.rejected'),
            then: () => {
              onClose();
              onDone();
            },
          });
        }}
      >
        <Typography.Paragraph>{t('benefits.reject.text')}</Typography.Paragraph>
        <Form.Item
          name="note"
          label={t('benefits.reject.note')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('benefits.reject.note') }) }]}
        >
          <Input.TextArea rows={3} maxLength={500} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Moves the end of the claim window later: the form, then a confirmation naming the new end. */
function ExtendModal({ offer, open, onClose, onDone }: { offer: Offer; open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ claimTo: string }>();
  const { error, save } = useFormSave(form);
  const current = dateTimeValue(offer.claimTo);
  const submit = (v: { claimTo: string }) =>
    modal.confirm({
      title: t('benefits.extend.confirm', { date: v.claimTo.replace('T', ' ') }),
      okText: t('benefits.extend'),
      cancelText: t('common.cancel'),
      autoFocusButton: 'cancel',
      onOk: () =>
        save(() => benefitsApi.extend.call({ params: { id: offer.id }, body: { claimTo: instantOf(v.claimTo), version: offer.version } }), {
          success: t('benefits.extended'),
          then: () => {
            onClose();
            onDone();
          },
        }),
    });
  return (
    <Modal
      open={open}
      title={t('benefits.extend')}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <FormAlert message={error} />
      {/* No <form> element: Enter confirming a typed date must not submit as well. */}
      <Form
        form={form}
        component={false}
        layout="vertical"
        preserve={false}
        initialValues={{ claimTo: dayjs(current).add(7, 'day').format('YYYY-MM-DDTHH:mm') }}
        onFinish={submit}
      >
        <Typography.Paragraph>{t('benefits.extend.current', { date: current.replace('T', ' ') })}</Typography.Paragraph>
        <Form.Item
          name="claimTo"
          label={t('benefits.extend.to')}
          rules={[
            { required: true, message: t('common.required', { field: t('benefits.extend.to') }) },
            { validator: (_, v: string | undefined) => (!v || v > current ? Promise.resolve() : Promise.reject(new Error(t('benefits.extend.later')))) },
          ]}
        >
          <DateField kind="datetime" allowClear={false} min={current} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Adds quota: the form, then a confirmation naming the number (waiting members are served first). */
function QuotaModal({ offer, open, onClose, onDone }: { offer: Offer; open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const { modal } = App.useApp();
  const [form] = Form.useForm<{ add: number }>();
  const { error, save } = useFormSave(form);
  const submit = (v: { add: number }) =>
    modal.confirm({
      title: t('benefits.addQuota.confirm', { n: v.add, total: offer.quota + v.add }),
      content: offer.waitlist ? t('benefits.addQuota.waitlist') : undefined,
      okText: t('benefits.addQuota'),
      cancelText: t('common.cancel'),
      autoFocusButton: 'cancel',
      onOk: () =>
        save(() => benefitsApi.addQuota.call({ params: { id: offer.id }, body: { add: v.add, version: offer.version } }), {
          success: t('benefits.quotaAdded'),
          then: () => {
            onClose();
            onDone();
          },
        }),
    });
  return (
    <Modal
      open={open}
      title={t('benefits.addQuota')}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <Form form={form} layout="vertical" preserve={false} initialValues={{ add: 10 }} onFinish={submit}>
        <Typography.Paragraph>{t('benefits.addQuota.current', { remaining: offer.remaining, quota: offer.quota })}</Typography.Paragraph>
        <Form.Item
          name="add"
          label={t('benefits.addQuota.add')}
          rules={[{ required: true, message: t('common.required', { field: t('benefits.addQuota.add') }) }]}
        >
          <InputNumber min={1} max={1_000_000} precision={0} style={{ width: 200 }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
