import { PlusOutlined } from '@ant-design/icons';
import type { Member, MEMBER_ROLES, SocietyActivity, Work, WorkInput } from '@contracts/societies';
import { WORK_KINDS } from '@contracts/societies.enums';
import { App, Button, Card, Descriptions, Form, Input, InputNumber, Modal, Select, Typography } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { societiesApi } from '../../api/societies';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { PersonPicker } from '../../components/PersonFields';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';
import { DateField } from '../../components/DateField';

type Dialog = 'member' | 'activity' | 'work' | null;
const when = (iso: string, lang: string) => new Date(iso).toLocaleString(lang === 'en' ? 'en-GB' : 'zh-CN', { dateStyle: 'medium', timeStyle: 'short' });

/** One society: sponsor, members, the activities it runs, performances and works. */
export function SocietyPage() {
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const { can } = useSession();
  const id = Number(useParams().id);
  const s = useEndpoint(societiesApi.get, { params: { id } });
  const [dialog, setDialog] = useState<Dialog>(null);
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const [form] = Form.useForm();
  const manage = can('society.manage');
  if (s.error) return <ErrorState error={s.error} onRetry={s.reload} />;
  if (!s.data) return <LoadingState />;
  const d = s.data;

  const open = (which: Dialog) => {
    setFormError(null);
    form.resetFields();
    setDialog(which);
  };
  const submit = async (v: Record<string, unknown>) => {
    setBusy(true);
    setFormError(null);
    try {
      if (dialog === 'member')
        await societiesApi.addMember.call({ params: { id }, body: { personId: v.personId as number, role: v.role as 'leader' | 'member' } });
      if (dialog === 'activity') await societiesApi.addActivity.call({ params: { id }, body: { activityId: v.activityId as number } });
      if (dialog === 'work') {
        const w = v as WorkInput;
        await societiesApi.addWork.call({ params: { id }, body: { kind: w.kind, title: w.title, date: w.date, note: w.note ?? '' } });
      }
      void message.success(t('soc.saved'));
      setDialog(null);
      s.reload();
    } catch (e) {
      setFormError(applyFormError(form, e));
    } finally {
      setBusy(false);
    }
  };
  const addButton = (which: Exclude<Dialog, null>, label: string) =>
    manage ? (
      <Button icon={<PlusOutlined aria-hidden />} onClick={() => open(which)}>
        {label}
      </Button>
    ) : null;
  const title = dialog === 'member' ? t('soc.addMember') : dialog === 'activity' ? t('soc.addActivity') : t('soc.addWork');

  return (
    <>
      <PageTitle>{d.name}</PageTitle>
      <Card>
        <Descriptions
          column={{ xs: 1, md: 3 }}
          items={[
            { key: 'org', label: t('soc.org'), children: d.orgName },
            { key: 'art', label: t('soc.artFormLabel'), children: labelOf(t, 'soc.artForm', d.artForm) },
            { key: 'founded', label: t('soc.foundedOn'), children: d.foundedOn ?? '—' },
            ...(d.description ? [{ key: 'desc', label: t('soc.description'), children: d.description }] : []),
          ]}
        />
      </Card>
      <SectionTitle>{`${t('soc.members')}（${d.members}）`}</SectionTitle>
      <Card extra={addButton('member', t('soc.addMember'))}>
        <Table<Member>
          rowKey="personId"
          size="small"
          pagination={false}
          dataSource={d.memberList}
          locale={{ emptyText: <EmptyState /> }}
          columns={[
            { title: t('soc.person'), dataIndex: 'name' },
            { title: t('soc.roleLabel'), dataIndex: 'role', render: (v: string) => labelOf(t, 'soc.role', v) },
            { title: t('soc.gender'), dataIndex: 'gender', render: (v: string | null) => (v ? t(v === 'female' ? 'person.female' : 'person.male') : '—') },
            { title: t('soc.phone'), dataIndex: 'phoneMasked' },
            { title: t('soc.joinedOn'), dataIndex: 'joinedOn' },
          ]}
        />
      </Card>
      <SectionTitle>{`${t('soc.activities')}（${d.activities}）`}</SectionTitle>
      <Card extra={addButton('activity', t('soc.addActivity'))}>
        <Table<SocietyActivity>
          rowKey="activityId"
          size="small"
          pagination={false}
          dataSource={d.activityList}
          locale={{ emptyText: <EmptyState /> }}
          columns={[
            { title: t('soc.activity'), dataIndex: 'title', render: (v: string, r) => <Link to={`/activities/${r.activityId}`}>{v}</Link> },
            { title: t('soc.startsAt'), dataIndex: 'startsAt', render: (v: string) => when(v, lang) },
            { title: t('soc.personTimes'), dataIndex: 'personTimes', align: 'right' },
          ]}
        />
      </Card>
      <SectionTitle>{`${t('soc.works')}（${d.works}）`}</SectionTitle>
      <Card extra={addButton('work', t('soc.addWork'))}>
        <Table<Work>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={d.workList}
          locale={{ emptyText: <EmptyState /> }}
          columns={[
            { title: t('soc.date'), dataIndex: 'date', width: 120 },
            { title: t('soc.kindLabel'), dataIndex: 'kind', width: 100, render: (v: string) => labelOf(t, 'soc.kind', v) },
            { title: t('soc.workTitle'), dataIndex: 'title' },
            { title: t('soc.note'), dataIndex: 'note' },
          ]}
        />
      </Card>
      <Modal
        title={title}
        open={dialog !== null}
        onCancel={() => setDialog(null)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <FormAlert message={formError} />
        <Form form={form} layout="vertical" onFinish={(v: Record<string, unknown>) => void submit(v)} initialValues={{ role: 'member', kind: 'performance' }}>
          {dialog === 'member' ? (
            <>
              <Form.Item name="personId" label={t('soc.person')} rules={[{ required: true, message: t('common.required', { field: t('soc.person') }) }]}>
                <PersonPicker />
              </Form.Item>
              <Form.Item name="role" label={t('soc.roleLabel')}>
                <Select
                  options={(['member', 'leader'] as const satisfies readonly (typeof MEMBER_ROLES)[number][]).map((k) => ({
                    value: k,
                    label: labelOf(t, 'soc.role', k),
                  }))}
                />
              </Form.Item>
            </>
          ) : null}
          {dialog === 'activity' ? (
            <>
              <Typography.Paragraph className="qh-muted">{t('soc.activityHint')}</Typography.Paragraph>
              <Form.Item
                name="activityId"
                label={t('soc.activityId')}
                rules={[{ required: true, message: t('common.required', { field: t('soc.activityId') }) }]}
              >
                <InputNumber min={1} style={{ width: '100%' }} />
              </Form.Item>
            </>
          ) : null}
          {dialog === 'work' ? (
            <>
              <Form.Item name="kind" label={t('soc.kindLabel')}>
                <Select options={WORK_KINDS.map((k) => ({ value: k, label: labelOf(t, 'soc.kind', k) }))} />
              </Form.Item>
              <Form.Item
                name="title"
                label={t('soc.workTitle')}
                rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('soc.workTitle') }) }]}
              >
                <Input maxLength={100} />
              </Form.Item>
              <Form.Item name="date" label={t('soc.date')} rules={[{ required: true, message: t('common.required', { field: t('soc.date') }) }]}>
                <DateField />
              </Form.Item>
              <Form.Item name="note" label={t('soc.note')}>
                <Input maxLength={500} />
              </Form.Item>
            </>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
