import type { EnrolInput, Member } from '@contracts/members';
import { HARDSHIP_LEVELS, MEMBER_TAGS, NEW_FORM_KINDS } from '@contracts/members.enums';
import { Button, Col, Flex, Form, Input, Row, Select } from 'antd';
import { membersApi } from '../../api/members';
import { DateField } from '../../components/DateField';
import { FormAlert } from '../../components/FormAlert';
import { useFormSave } from '../../components/form-errors';
import { labelOf, todayIso } from '../../components/labels';
import { OrgSelect } from '../../components/OrgSelect';
import { RegionSelect } from '../../components/RegionSelect';
import { useClearable } from '../../components/clearable';
import { useT } from '../../prefs';
import { useSession } from '../../session';

type Tag = (typeof MEMBER_TAGS)[number];
type HardshipLevel = (typeof HARDSHIP_LEVELS)[number];
type NewFormKind = (typeof NEW_FORM_KINDS)[number];

type Values = {
  orgId: number;
  name: string;
  idNumber: string;
  phone?: string;
  regionCode?: string;
  joinedOn?: string;
  tags?: Tag[];
  hardshipLevel?: HardshipLevel;
  hardshipReviewOn?: string;
  newFormKind?: NewFormKind;
};

/** 入会登记: staff enrol a worker in a union of their subtree (real name, ID number, optional phone and tags). */
export function EnrolForm({ onSaved, onCancel }: { onSaved: (m: Member) => void; onCancel: () => void }) {
  const t = useT();
  const clearable = useClearable();
  const { me } = useSession();
  const [form] = Form.useForm<Values>();
  const { busy, error, save } = useFormSave(form);
  const tags = Form.useWatch('tags', form) ?? [];
  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  const today = todayIso();

  const submit = (v: Values) => {
    const hardship = v.tags?.includes('hardship');
    const newForm = v.tags?.includes('new_form');
    const body: EnrolInput = {
      orgId: v.orgId,
      name: v.name.trim(),
      idNumber: v.idNumber.replace(/\s+/g, '').toUpperCase(),
      phone: v.phone?.trim() || null,
      regionCode: v.regionCode || undefined,
      joinedOn: v.joinedOn || undefined,
      tags: v.tags ?? [],
      hardshipLevel: hardship ? (v.hardshipLevel ?? null) : null,
      hardshipReviewOn: hardship ? v.hardshipReviewOn || null : null,
      newFormKind: newForm ? (v.newFormKind ?? null) : null,
    };
    return save(() => membersApi.enrol.call({ body }), { success: (m) => t('members.enrol.done', { no: m.memberNo }), then: onSaved });
  };

  return (
    // No <form> element: Enter confirming a typed date must not enrol anyone; the button submits.
    <Form
      form={form}
      component={false}
      layout="vertical"
      name="member-enrol"
      preserve={false}
      scrollToFirstError
      initialValues={{ orgId: me?.orgId, joinedOn: today, tags: [] }}
      onFinish={(v) => void submit(v)}
    >
      <FormAlert message={error} />
      <Form.Item
        name="orgId"
        label={t('members.union')}
        extra={t('members.enrol.unionHint')}
        rules={[{ required: true, message: t('common.required', { field: t('members.union') }) }]}
      >
        <OrgSelect type="union" initialLabel={me?.orgName} aria-label={t('members.union')} />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="name" label={t('members.enrol.name')} rules={required(t('members.enrol.name'))}>
            <Input maxLength={40} autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item
            name="idNumber"
            label={t('members.idNumber')}
            rules={[...required(t('members.idNumber')), { pattern: /^\s*(\d{15}|\d{17}[\dXx])\s*$/, message: t('members.enrol.idFormat') }]}
          >
            <Input maxLength={18} autoComplete="off" spellCheck={false} />
          </Form.Item>
        </Col>
      </Row>
      <Row gutter={12}>
        <Col xs={24} sm={12}>
          <Form.Item name="phone" label={t('members.phone')}>
            <Input maxLength={20} inputMode="tel" autoComplete="off" />
          </Form.Item>
        </Col>
        <Col xs={24} sm={12}>
          <Form.Item name="joinedOn" label={t('members.joinedOn')} extra={t('members.enrol.joinedOnHint')}>
            <DateField max={today} />
          </Form.Item>
        </Col>
      </Row>
      <Form.Item name="regionCode" label={t('members.enrol.region')} extra={t('members.enrol.regionHint')}>
        <RegionSelect aria-label={t('members.enrol.region')} />
      </Form.Item>
      <Form.Item name="tags" label={t('members.tags')}>
        <Select mode="multiple" allowClear={clearable} options={MEMBER_TAGS.map((x) => ({ value: x, label: labelOf(t, 'members.tag', x) }))} />
      </Form.Item>
      {tags.includes('hardship') ? (
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="hardshipLevel"
              label={t('members.enrol.hardshipLevel')}
              rules={[{ required: true, message: t('common.required', { field: t('members.enrol.hardshipLevel') }) }]}
            >
              <Select options={HARDSHIP_LEVELS.map((x) => ({ value: x, label: t(`members.hardship.${x}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="hardshipReviewOn"
              label={t('members.enrol.hardshipReviewOn')}
              rules={[{ required: true, message: t('common.required', { field: t('members.enrol.hardshipReviewOn') }) }]}
            >
              <DateField min={today} />
            </Form.Item>
          </Col>
        </Row>
      ) : null}
      {tags.includes('new_form') ? (
        <Form.Item name="newFormKind" label={t('members.enrol.newFormKind')}>
          <Select allowClear={clearable} options={NEW_FORM_KINDS.map((x) => ({ value: x, label: t(`portal.members.kind.${x}`) }))} />
        </Form.Item>
      ) : null}
      <Flex justify="end" gap="small">
        <Button onClick={onCancel}>{t('common.cancel')}</Button>
        <Button type="primary" loading={busy} onClick={() => form.submit()}>
          {t('members.enrol.submit')}
        </Button>
      </Flex>
    </Form>
  );
}
