import { App, Checkbox, Form, Input, Modal, Radio } from 'antd';
import { useState } from 'react';
import { peopleApi } from '../../api/people';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { OrgSelect } from '../../components/OrgSelect';
import { RegionSelect } from '../../components/RegionSelect';
import { useT } from '../../prefs';
import { useMe } from '../../session';
import { PERSON_GROUPS, type Gender, type Person, type PersonGroup } from '../../types';
import { DateField } from '../../components/DateField';

type Values = {
  name: string;
  idNumber?: string;
  phone?: string;
  gender?: Gender;
  birthDate?: string;
  groups: PersonGroup[];
  regionCode: string;
  orgId?: number;
};

/** Registers a person, or edits one (ID and phone are replaced only when typed). */
export function PersonFormModal({ person, onClose, onSaved }: { person: Person | null; onClose: () => void; onSaved: (p: Person) => void }) {
  const t = useT();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const within = me.scope.regionPath.split('.').pop();

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const common = {
      name: v.name.trim(),
      gender: v.gender ?? null,
      birthDate: v.birthDate || null,
      groups: v.groups ?? [],
      regionCode: v.regionCode,
      ...(v.idNumber?.trim() ? { idNumber: v.idNumber.trim() } : {}),
      ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
    };
    try {
      const saved = person
        ? await peopleApi.update.call({ params: { id: person.id }, body: common })
        : await peopleApi.create.call({ body: { ...common, orgId: v.orgId ?? undefined } });
      void message.success(person ? t('common.saved') : t('common.created'));
      onSaved(saved);
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={person ? t('people.editTitle') : t('people.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={640}
    >
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        name={person ? 'person-edit' : 'person-create'}
        layout="vertical"
        initialValues={{
          name: person?.name,
          gender: person?.gender ?? undefined,
          birthDate: person?.birthDate ?? undefined,
          groups: person?.groups ?? [],
          regionCode: person?.regionCode,
        }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          label={t('person.name')}
          name="name"
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('person.name') }) }]}
        >
          <Input maxLength={60} autoComplete="off" />
        </Form.Item>
        <Form.Item label={person ? t('people.idNumberEdit') : t('person.idNumber')} name="idNumber">
          <Input maxLength={18} autoComplete="off" className="qh-mono" />
        </Form.Item>
        <Form.Item label={person ? t('people.phoneEdit') : t('person.phone')} name="phone">
          <Input maxLength={20} autoComplete="off" inputMode="tel" />
        </Form.Item>
        <Form.Item label={t('person.gender')} name="gender">
          <Radio.Group
            options={[
              { value: 'female', label: t('person.female') },
              { value: 'male', label: t('person.male') },
            ]}
          />
        </Form.Item>
        <Form.Item label={t('person.birthDate')} name="birthDate">
          <DateField />
        </Form.Item>
        <Form.Item label={t('person.groups')} name="groups">
          <Checkbox.Group options={PERSON_GROUPS.map((g) => ({ value: g, label: labelOf(t, 'group', g) }))} />
        </Form.Item>
        <Form.Item label={t('person.region')} name="regionCode" rules={[{ required: true, message: t('common.required', { field: t('person.region') }) }]}>
          <RegionSelect within={within} initialLabel={person?.regionName} />
        </Form.Item>
        {person ? null : (
          <Form.Item label={t('acc.org')} name="orgId">
            <OrgSelect />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
