import type { ClaimMode, LimitPeriod, Offer, OfferInput, OfferKind } from '@contracts/benefits';
import { CLAIM_MODES, LIMIT_PERIODS, MEMBER_TAGS, OFFER_KINDS } from '@contracts/benefits.enums';
import { Button, Checkbox, Col, Flex, Form, Input, InputNumber, Row, Select } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { benefitsApi } from '../../api/benefits';
import { DateField } from '../../components/DateField';
import { FormAlert } from '../../components/FormAlert';
import { useFormSave } from '../../components/form-errors';
import { instantOf } from '../../components/date-values';
import { labelOf } from '../../components/labels';
import { OrgSelect } from '../../components/OrgSelect';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { RegionCodesField } from './RegionCodesField';

type MemberTag = (typeof MEMBER_TAGS)[number];

type Values = {
  title: string;
  brand?: string;
  description?: string;
  kind: OfferKind;
  orgId: number;
  providerOrgId: number;
  eligibleOrgId?: number;
  eligibleRegionCodes?: string[];
  eligibleTags?: MemberTag[];
  quota: number;
  perMemberLimit: number;
  limitPeriod: LimitPeriod;
  claimFrom: string;
  claimTo: string;
  voucherDays: number;
  mode: ClaimMode;
  slices?: number;
  waitlist?: boolean;
};

const fieldset = { border: 0, padding: 0, margin: 0, minWidth: 0 } as const;
const legend = { fontSize: 16, fontWeight: 600, marginBottom: 12, width: '100%' } as const;

/** The publishing form of an offer (every field of `OfferInput`); the caller puts it in a drawer. */
export function OfferForm({ onSaved, onCancel }: { onSaved: (o: Offer) => void; onCancel: () => void }) {
  const t = useT();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const { busy, error, save } = useFormSave(form);
  const providers = useEndpoint(benefitsApi.providers, {});
  const mode = Form.useWatch('mode', form) ?? 'fcfs';
  const required = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  const [initial] = useState<Partial<Values>>(() => {
    const now = dayjs().second(0);
    return {
      kind: 'voucher',
      orgId: me?.orgId,
      eligibleRegionCodes: [],
      eligibleTags: [],
      quota: 100,
      perMemberLimit: 1,
      limitPeriod: 'offer',
      claimFrom: now.format('YYYY-MM-DDTHH:mm'),
      claimTo: now.add(14, 'day').format('YYYY-MM-DDTHH:mm'),
      voucherDays: 30,
      mode: 'fcfs',
      slices: 1,
      waitlist: false,
    };
  });
  const within = me?.scope.regionPath.split('.').pop();

  const submit = (v: Values) => {
    const fcfs = v.mode === 'fcfs';
    const body: OfferInput = {
      title: v.title.trim(),
      brand: v.brand?.trim() || undefined,
      description: v.description?.trim() || undefined,
      kind: v.kind,
      orgId: v.orgId,
      providerOrgId: v.providerOrgId,
      eligibleOrgId: v.eligibleOrgId ?? undefined,
      eligibleRegionCodes: v.eligibleRegionCodes ?? [],
      eligibleTags: v.eligibleTags ?? [],
      quota: v.quota,
      perMemberLimit: v.perMemberLimit,
      limitPeriod: v.limitPeriod,
      claimFrom: instantOf(v.claimFrom),
      claimTo: instantOf(v.claimTo),
      voucherDays: v.voucherDays,
      mode: v.mode,
      // Slices and a waitlist are for first come, first served only; the server refuses a waitlist otherwise.
      slices: fcfs ? (v.slices ?? 1) : undefined,
      waitlist: fcfs ? Boolean(v.waitlist) : false,
    };
    return save(() => benefitsApi.create.call({ body }), { success: (saved) => t('benefits.published', { title: saved.title }), then: onSaved });
  };

  return (
    // No <form> element: Enter confirming a typed date must not publish the offer; the button submits.
    <Form
      form={form}
      component={false}
      layout="vertical"
      name="offer"
      initialValues={initial}
      onFinish={(v) => void submit(v)}
      preserve={false}
      scrollToFirstError
    >
      <FormAlert message={error} />
      <fieldset style={fieldset}>
        <legend style={legend}>{t('benefits.form.about')}</legend>
        <Form.Item
          name="title"
          label={t('benefits.form.title')}
          rules={[...required(t('benefits.form.title')), { whitespace: true, message: t('common.required', { field: t('benefits.form.title') }) }]}
        >
          <Input maxLength={100} showCount />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="kind" label={t('benefits.form.kind')} rules={required(t('benefits.form.kind'))}>
              <Select options={OFFER_KINDS.map((k) => ({ value: k, label: t(`benefits.kind.${k}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="brand" label={t('benefits.form.brand')}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="description" label={t('benefits.form.description')}>
          <Input.TextArea rows={3} maxLength={2000} showCount />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="orgId" label={t('benefits.form.org')} rules={required(t('benefits.form.org'))}>
              <OrgSelect type="union" initialLabel={me?.orgName} aria-label={t('benefits.form.org')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="providerOrgId"
              label={t('benefits.form.provider')}
              rules={required(t('benefits.form.provider'))}
              help={providers.error ? t('benefits.form.providersFailed') : undefined}
              validateStatus={providers.error ? 'error' : undefined}
            >
              <Select
                loading={providers.loading}
                showSearch={{ optionFilterProp: 'label' }}
                notFoundContent={providers.loading ? t('common.loading') : t('benefits.form.providerNone')}
                options={(providers.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </fieldset>

      <fieldset style={fieldset}>
        <legend style={legend}>{t('benefits.form.eligibility')}</legend>
        <Form.Item name="eligibleOrgId" label={t('benefits.form.eligibleOrg')} extra={t('benefits.form.eligibleOrgHint')}>
          <OrgSelect type="union" aria-label={t('benefits.form.eligibleOrg')} placeholder={t('benefits.form.eligibleOrgPlaceholder')} />
        </Form.Item>
        <Form.Item name="eligibleRegionCodes" label={t('benefits.form.regions')} extra={t('benefits.form.regionsHint')}>
          <RegionCodesField within={within} />
        </Form.Item>
        <Form.Item name="eligibleTags" label={t('benefits.form.tags')} extra={t('benefits.form.tagsHint')}>
          <Select
            mode="multiple"
            maxCount={10}
            placeholder={t('benefits.detail.anyTag')}
            options={MEMBER_TAGS.map((x) => ({ value: x, label: labelOf(t, 'members.tag', x) }))}
          />
        </Form.Item>
      </fieldset>

      <fieldset style={fieldset}>
        <legend style={legend}>{t('benefits.form.quotaAndLimits')}</legend>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="quota" label={t('benefits.form.quota')} rules={required(t('benefits.form.quota'))}>
              <InputNumber min={1} max={10_000_000} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="perMemberLimit" label={t('benefits.form.perMemberLimit')} rules={required(t('benefits.form.perMemberLimit'))}>
              <InputNumber min={1} max={100} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="limitPeriod" label={t('benefits.form.limitPeriod')} rules={required(t('benefits.form.limitPeriod'))}>
              <Select options={LIMIT_PERIODS.map((p) => ({ value: p, label: t(`benefits.period.${p}`) }))} />
            </Form.Item>
          </Col>
        </Row>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="claimFrom" label={t('benefits.form.claimFrom')} rules={required(t('benefits.form.claimFrom'))}>
              <DateField kind="datetime" allowClear={false} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="claimTo"
              label={t('benefits.form.claimTo')}
              dependencies={['claimFrom']}
              rules={[
                ...required(t('benefits.form.claimTo')),
                ({ getFieldValue }) => ({
                  validator: (_, v: string | undefined) => {
                    const from = getFieldValue('claimFrom') as string | undefined;
                    return !v || !from || v > from ? Promise.resolve() : Promise.reject(new Error(t('benefits.form.toAfterFrom')));
                  },
                }),
              ]}
            >
              <DateField kind="datetime" allowClear={false} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="voucherDays"
          label={t('benefits.form.voucherDays')}
          extra={t('benefits.form.voucherDaysHint')}
          rules={required(t('benefits.form.voucherDays'))}
        >
          <InputNumber min={1} max={366} precision={0} style={{ width: 200 }} />
        </Form.Item>
      </fieldset>

      <fieldset style={fieldset}>
        <legend style={legend}>{t('benefits.form.claiming')}</legend>
        <Form.Item name="mode" label={t('benefits.form.mode')} extra={t(`benefits.mode.help.${mode}`)} rules={required(t('benefits.form.mode'))}>
          <Select options={CLAIM_MODES.map((m) => ({ value: m, label: t(`benefits.mode.${m}`) }))} />
        </Form.Item>
        <Form.Item name="slices" label={t('benefits.form.slices')} extra={t('benefits.form.slicesHint')}>
          <InputNumber min={1} max={64} precision={0} disabled={mode !== 'fcfs'} style={{ width: 200 }} />
        </Form.Item>
        <Form.Item name="waitlist" valuePropName="checked" extra={t('benefits.form.waitlistHint')}>
          <Checkbox disabled={mode !== 'fcfs'}>{t('benefits.form.waitlist')}</Checkbox>
        </Form.Item>
      </fieldset>

      <Flex justify="end" gap="small">
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" loading={busy} onClick={() => form.submit()}>
          {t('benefits.publishSubmit')}
        </Button>
      </Flex>
    </Form>
  );
}
