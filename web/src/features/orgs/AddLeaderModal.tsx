import { App, Checkbox, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import type { Leader, OrgDetail } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf, todayIso } from '../../components/labels';
import { PERSON_FIELD_MAP, PersonFields, personRef, type PersonValues } from '../../components/PersonFields';
import { useT } from '../../prefs';
import { LEADER_EDUCATION, STAFFING_MODES, type LeaderEducation, type StaffingMode } from '../../types';
import { DateField } from '../../components/DateField';
import { useClearable } from '../../components/clearable';

type Values = PersonValues & {
  post: string;
  termStart: string;
  termEnd?: string;
  staffingMode: StaffingMode;
  frontline?: boolean;
  modelWorker?: boolean;
  education?: LeaderEducation;
};

/** Adds a leadership-team member, or (given `leader`) changes one's post, term end, staffing mode, flags and education. */
export function AddLeaderModal({ org, leader, onClose, onAdded }: { org: OrgDetail; leader?: Leader; onClose: () => void; onAdded: () => void }) {
  const clearable = useClearable();
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const common = {
        post: v.post.trim(),
        staffingMode: v.staffingMode,
        frontline: v.frontline ?? false,
        modelWorker: v.modelWorker ?? false,
        education: v.education ?? null,
      };
      if (leader) {
        await orgsApi.editLeader.call({ params: { id: leader.id }, body: { ...common, termEnd: v.termEnd || null } });
        void message.success(t('common.saved'));
      } else {
        await orgsApi.addLeader.call({ params: { id: org.id }, body: { ...personRef(v), ...common, termStart: v.termStart, termEnd: v.termEnd || undefined } });
        void message.success(t('common.created'));
      }
      onAdded();
    } catch (err) {
      setError(applyFormError(form, err, PERSON_FIELD_MAP));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={leader ? t('leaders.edit') : t('leaders.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={620}
    >
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        name="add-leader"
        layout="vertical"
        initialValues={
          leader
            ? {
                post: leader.post,
                termStart: leader.termStart,
                termEnd: leader.termEnd ?? undefined,
                staffingMode: leader.staffingMode,
                frontline: leader.frontline,
                modelWorker: leader.modelWorker,
                education: leader.education ?? undefined,
              }
            : { termStart: todayIso(), staffingMode: 'full_time', personSource: 'new' }
        }
        onFinish={(v) => void submit(v)}
      >
        {leader ? null : <PersonFields regionWithin={org.regionCode} />}
        <Form.Item
          label={t('leaders.post')}
          name="post"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('leaders.post') }) }]}
        >
          <Input maxLength={60} />
        </Form.Item>
        <Form.Item label={t('leaders.staffingMode')} name="staffingMode" rules={[{ required: true }]}>
          <Select options={STAFFING_MODES.map((m) => ({ value: m, label: labelOf(t, 'staffing', m) }))} />
        </Form.Item>
        <Form.Item label={t('leaders.education')} name="education">
          <Select allowClear={clearable} placeholder={t('lead.bd.unknown')} options={LEADER_EDUCATION.map((e) => ({ value: e, label: t(`lead.bd.${e}`) }))} />
        </Form.Item>
        <Form.Item
          label={t('leaders.termStart')}
          name="termStart"
          rules={[{ required: true, message: t('common.required', { field: t('leaders.termStart') }) }]}
        >
          <DateField disabled={!!leader} />
        </Form.Item>
        <Form.Item label={t('leaders.termEnd')} name="termEnd">
          <DateField />
        </Form.Item>
        <Form.Item name="frontline" valuePropName="checked" style={{ marginBottom: 8 }}>
          <Checkbox>{t('leaders.frontline')}</Checkbox>
        </Form.Item>
        <Form.Item name="modelWorker" valuePropName="checked">
          <Checkbox>{t('leaders.modelWorker')}</Checkbox>
        </Form.Item>
      </Form>
    </Modal>
  );
}
