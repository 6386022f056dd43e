import { Checkbox, Flex, Form, Input, InputNumber, Modal, Select } from 'antd';
import { useState } from 'react';
import type { Activity, ActivityType } from '@contracts/activities';
import type { PersonGroup } from '@contracts/people.enums';
import { activitiesApi } from '../../api/activities';
import { FormAlert } from '../../components/FormAlert';
import { OrgMultiSelect } from '../../components/OrgMultiSelect';
import { OrgSelect } from '../../components/OrgSelect';
import { applyFormError } from '../../components/form-errors';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { ACTIVITY_TYPES } from '@contracts/activities.enums';
import { DateField } from '../../components/DateField';
import { useClearable } from '../../components/clearable';
import { dateTimeValue, instantOf } from '../../components/date-values';

type Values = {
  title: string;
  type: ActivityType;
  campaignId?: number | null;
  hostOrgId: number;
  cohostOrgIds?: number[];
  description?: string;
  venueName?: string;
  roomId?: number | null;
  address?: string;
  onlineUrl?: string;
  targetGroups?: string[];
  capacity: number;
  startsAt: string;
  endsAt: string;
  regOpensAt: string;
  regClosesAt: string;
  needsApproval?: boolean;
  waitlistEnabled?: boolean;
  cancelHours?: number;
};

const GROUPS = ['worker', 'youth', 'woman', 'child', 'disabled', 'elderly', 'volunteer'] as const satisfies readonly PersonGroup[];
/** An instant as the value of a datetime-local input, in the browser's time zone. */

/** Create or edit an activity (edit keeps type and host). */
export function ActivityFormModal({
  open,
  activity,
  onClose,
  onSaved,
}: {
  open: boolean;
  activity?: Activity;
  onClose: () => void;
  onSaved: (a: Activity) => void;
}) {
  const clearable = useClearable();
  const t = useT();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const campaigns = useEndpoint(activitiesApi.campaigns, open ? {} : null);
  const type = Form.useWatch('type', form);
  const initial: Partial<Values> = activity
    ? {
        ...activity,
        // The answer names the type as a string; an activity's type is one of the contract's.
        type: activity.type as ActivityType,
        cohostOrgIds: activity.cohosts.map((c) => c.id),
        description: activity.description,
        venueName: activity.venueName ?? undefined,
        address: activity.address ?? undefined,
        onlineUrl: activity.onlineUrl ?? undefined,
        startsAt: dateTimeValue(activity.startsAt),
        endsAt: dateTimeValue(activity.endsAt),
        regOpensAt: dateTimeValue(activity.regOpensAt),
        regClosesAt: dateTimeValue(activity.regClosesAt),
      }
    : { type: 'lecture', hostOrgId: me?.orgId, capacity: 50, waitlistEnabled: true, needsApproval: false, cancelHours: 2, targetGroups: [] };

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const body = {
      title: v.title,
      campaignId: v.campaignId ?? null,
      cohostOrgIds: v.cohostOrgIds ?? [],
      description: v.description ?? '',
      targetGroups: v.targetGroups ?? [],
      capacity: v.capacity,
      startsAt: instantOf(v.startsAt),
      endsAt: instantOf(v.endsAt),
      regOpensAt: instantOf(v.regOpensAt),
      regClosesAt: instantOf(v.regClosesAt),
      needsApproval: Boolean(v.needsApproval),
      waitlistEnabled: Boolean(v.waitlistEnabled),
      cancelHours: v.cancelHours ?? 2,
      ...(v.type === 'online' ? { onlineUrl: v.onlineUrl || null } : { venueName: v.venueName || null, address: v.address || null }),
    };
    try {
      const saved = activity
        ? await activitiesApi.update.call({ params: { id: activity.id }, body: { ...body, version: activity.version } })
        : await activitiesApi.create.call({ body: { ...body, type: v.type, hostOrgId: v.hostOrgId, ...(v.roomId ? { roomId: v.roomId } : {}) } });
      onSaved(saved);
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={activity ? t('act.edit') : t('act.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <FormAlert message={error} />
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} preserve={false}>
        <Form.Item name="title" label={t('act.field.title')} rules={[{ required: true, max: 120 }]}>
          <Input maxLength={120} />
        </Form.Item>
        <Form.Item name="type" label={t('act.field.type')} rules={[{ required: true }]}>
          <Select disabled={Boolean(activity)} options={ACTIVITY_TYPES.map((x) => ({ value: x, label: t(`act.type.${x}`) }))} />
        </Form.Item>
        <Form.Item name="campaignId" label={t('act.field.campaign')}>
          <Select allowClear={clearable} options={(campaigns.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))} />
        </Form.Item>
        {!activity ? (
          <Form.Item name="hostOrgId" label={t('act.field.host')} rules={[{ required: true }]}>
            <OrgSelect initialLabel={me?.orgName} aria-label={t('act.field.host')} />
          </Form.Item>
        ) : null}
        <Form.Item name="cohostOrgIds" label={t('act.field.cohosts')} extra={t('act.field.cohostsHint')}>
          <OrgMultiSelect initial={activity?.cohosts} aria-label={t('act.field.cohosts')} />
        </Form.Item>
        {type === 'online' ? (
          <Form.Item name="onlineUrl" label={t('act.field.onlineUrl')} rules={[{ required: true, type: 'url' }]}>
            <Input maxLength={500} />
          </Form.Item>
        ) : (
          <>
            <Form.Item name="venueName" label={t('act.field.venueName')}>
              <Input maxLength={120} />
            </Form.Item>
            {!activity ? (
              <Form.Item name="roomId" label={t('act.field.roomId')}>
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            ) : null}
            <Form.Item name="address" label={t('act.field.address')}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>{t('act.field.time')}</legend>
          <Flex gap="small" wrap>
            <Form.Item name="startsAt" label={t('act.totals.from')} rules={[{ required: true }]}>
              <DateField kind="datetime" />
            </Form.Item>
            <Form.Item name="endsAt" label={t('act.totals.to')} rules={[{ required: true }]}>
              <DateField kind="datetime" />
            </Form.Item>
          </Flex>
        </fieldset>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend>{t('act.field.regWindow')}</legend>
          <Flex gap="small" wrap>
            <Form.Item name="regOpensAt" label={t('act.totals.from')} rules={[{ required: true }]}>
              <DateField kind="datetime" />
            </Form.Item>
            <Form.Item name="regClosesAt" label={t('act.totals.to')} rules={[{ required: true }]}>
              <DateField kind="datetime" />
            </Form.Item>
          </Flex>
        </fieldset>
        <Form.Item name="capacity" label={t('act.field.capacity')} rules={[{ required: true }]}>
          <InputNumber min={1} max={100000} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="targetGroups" label={t('act.field.targetGroups')}>
          <Select mode="multiple" options={GROUPS.map((g) => ({ value: g, label: t(`group.${g}` as never) }))} />
        </Form.Item>
        <Form.Item name="description" label={t('act.field.description')}>
          <Input.TextArea rows={3} maxLength={4000} />
        </Form.Item>
        <Form.Item name="needsApproval" valuePropName="checked">
          <Checkbox>{t('act.field.needsApproval')}</Checkbox>
        </Form.Item>
        <Form.Item name="waitlistEnabled" valuePropName="checked">
          <Checkbox>{t('act.field.waitlist')}</Checkbox>
        </Form.Item>
        <Form.Item name="cancelHours" label={t('act.field.cancelHours')}>
          <InputNumber min={0} max={720} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
