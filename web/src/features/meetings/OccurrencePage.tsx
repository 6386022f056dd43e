import { DownloadOutlined, MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, DatePicker, Descriptions, Flex, Form, Input, InputNumber, Modal, Select, Space, Tag } from 'antd';
import { Table } from '../../components/Table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useParams } from 'react-router-dom';
import type { Occurrence, Topic } from '@contracts/meetings';
import { ATTENDANCE } from '@contracts/meetings.enums';
import { errorMessage } from '../../api';
import { meetingsApi } from '../../api/meetings';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState, EmptyState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { ItemsTable, timeOf } from './MeetingsPage';

function Agenda({ o, reload }: { o: Occurrence; reload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [included, setIncluded] = useState<number[]>(o.topics.filter((x) => x.status === 'accepted').map((x) => x.id));
  const [proposing, setProposing] = useState(false);
  const [form] = Form.useForm<{ title: string; note?: string }>();
  const [error, setError] = useState<string | null>(null);
  const ordered = [...o.topics].sort((a, b) => (a.position ?? 999) - (b.position ?? 999) || a.id - b.id);
  const save = async (publish: boolean) => {
    try {
      await meetingsApi.setAgenda.call({
        params: { id: o.id },
        body: { order: ordered.filter((x) => included.includes(x.id)).map((x) => x.id), publish, version: o.version },
      });
      reload();
    } catch (e) {
      void message.error(errorMessage(e));
    }
  };
  return (
    <Card>
      <SectionTitle>
        {t('mt.agenda')} <Tag className={o.agendaPublished ? 'qh-tag-ok' : ''}>{t(o.agendaPublished ? 'mt.published' : 'mt.unpublished')}</Tag>
      </SectionTitle>
      <p>{t('mt.topicDeadline', { date: o.topicDeadline })}</p>
      <Table<Topic>
        rowKey="id"
        size="small"
        pagination={false}
        dataSource={ordered}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          ...(o.canManage
            ? [
                {
                  title: t('mt.include'),
                  key: 'inc',
                  width: 90,
                  render: (_: unknown, r: Topic) => (
                    <Checkbox
                      aria-label={`${t('mt.include')} ${r.title}`}
                      checked={included.includes(r.id)}
                      onChange={(e) => setIncluded((xs) => (e.target.checked ? [...xs, r.id] : xs.filter((x) => x !== r.id)))}
                    />
                  ),
                },
              ]
            : []),
          { title: '#', dataIndex: 'position', width: 50, render: (v: number | null) => v ?? '' },
          { title: t('mt.topic'), dataIndex: 'title' },
          { title: t('mt.proposer'), key: 'org', render: (_: unknown, r) => r.org.name },
          { title: t('mt.topicNote'), dataIndex: 'note' },
          { title: t('mt.status'), key: 'st', render: (_: unknown, r) => <Tag>{labelOf(t, 'mt.topic.source', r.source)}</Tag> },
        ]}
      />
      <Space style={{ marginTop: 12 }} wrap>
        {o.canPropose ? <Button onClick={() => setProposing(true)}>{t('mt.propose')}</Button> : null}
        {o.canManage ? (
          <>
            <Button onClick={() => void save(false)}>{t('mt.saveAgenda')}</Button>
            <Button type="primary" onClick={() => void save(true)}>
              {t('mt.publishAgenda')}
            </Button>
          </>
        ) : null}
      </Space>
      <SectionTitle level={3}>{t('mt.carried')}</SectionTitle>
      <ItemsTable items={o.carriedItems} />
      <Modal
        open={proposing}
        title={t('mt.propose')}
        okText={t('common.submit')}
        cancelText={t('common.cancel')}
        onCancel={() => setProposing(false)}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await meetingsApi.proposeTopic.call({ params: { id: o.id }, body: v });
            setProposing(false);
            form.resetFields();
            reload();
          } catch (e) {
            setError(applyFormError(form, e));
          }
        }}
      >
        <FormAlert message={error} />
        <Form form={form} layout="vertical">
          <Form.Item name="title" label={t('mt.topic')} rules={[{ required: true, message: t('common.required', { field: t('mt.topic') }) }]}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="note" label={t('mt.topicNote')}>
            <Input.TextArea maxLength={2000} rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}

function Attendance({ o, reload }: { o: Occurrence; reload: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [rows, setRows] = useState(
    o.attendance.map((a) => ({ orgId: a.org.id, name: a.org.name, status: a.status ?? 'present', delegateName: a.delegateName })),
  );
  return (
    <Card>
      <SectionTitle>{t('mt.attendance')}</SectionTitle>
      <Table
        rowKey="orgId"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: t('mt.field.members'), dataIndex: 'name' },
          {
            title: t('mt.status'),
            key: 'status',
            width: 160,
            render: (_: unknown, r) =>
              o.canManage ? (
                <Select
                  aria-label={`${t('mt.status')} ${r.name}`}
                  value={r.status}
                  style={{ width: 140 }}
                  onChange={(v) => setRows((xs) => xs.map((x) => (x.orgId === r.orgId ? { ...x, status: v } : x)))}
                  options={ATTENDANCE.map((s) => ({ value: s, label: t(`mt.att.${s}`) }))}
                />
              ) : (
                labelOf(t, 'mt.att', o.attendance.find((a) => a.org.id === r.orgId)?.status)
              ),
          },
          {
            title: t('mt.delegateName'),
            key: 'd',
            render: (_: unknown, r) =>
              o.canManage && r.status === 'delegate' ? (
                <Input
                  aria-label={`${t('mt.delegateName')} ${r.name}`}
                  value={r.delegateName}
                  maxLength={50}
                  onChange={(e) => setRows((xs) => xs.map((x) => (x.orgId === r.orgId ? { ...x, delegateName: e.target.value } : x)))}
                />
              ) : (
                r.delegateName
              ),
          },
        ]}
      />
      {o.canManage ? (
        <Button
          style={{ marginTop: 12 }}
          onClick={async () => {
            try {
              await meetingsApi.setAttendance.call({
                params: { id: o.id },
                body: {
                  rows: rows.map((r) => ({
                    orgId: r.orgId,
                    status: r.status as 'present' | 'absent' | 'delegate',
                    ...(r.status === 'delegate' ? { delegateName: r.delegateName } : {}),
                  })),
                },
              });
              reload();
            } catch (e) {
              void message.error(errorMessage(e));
            }
          }}
        >
          {t('mt.saveAttendance')}
        </Button>
      ) : null}
    </Card>
  );
}

function Minutes({ o, reload }: { o: Occurrence; reload: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ minutes: string; held: boolean }>();
  const [error, setError] = useState<string | null>(null);
  return (
    <Card>
      <SectionTitle>{t('mt.minutes')}</SectionTitle>
      {o.canManage ? (
        <Form
          form={form}
          layout="vertical"
          initialValues={{ minutes: o.minutes, held: o.status === 'held' }}
          onFinish={async (v) => {
            try {
              await meetingsApi.setMinutes.call({ params: { id: o.id }, body: { minutes: v.minutes ?? '', held: Boolean(v.held), version: o.version } });
              setError(null);
              reload();
            } catch (e) {
              setError(applyFormError(form, e));
            }
          }}
        >
          <FormAlert message={error} />
          <Form.Item name="minutes" label={t('mt.minutes')}>
            <Input.TextArea rows={4} maxLength={20000} />
          </Form.Item>
          <Form.Item name="held" valuePropName="checked">
            <Checkbox>{t('mt.held')}</Checkbox>
          </Form.Item>
          <Button htmlType="submit">{t('mt.saveMinutes')}</Button>
        </Form>
      ) : (
        <p style={{ whiteSpace: 'pre-wrap' }}>{o.minutes || t('common.none')}</p>
      )}
    </Card>
  );
}

type DecisionValues = {
  text: string;
  items?: Array<{ title: string; expectedResult: string; leadOrgId: number; coOrgIds?: number[]; dueOn?: Dayjs; dueWorkingDays?: number }>;
};

function Decisions({ o, reload }: { o: Occurrence; reload: () => void }) {
  const t = useT();
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm<DecisionValues>();
  const [error, setError] = useState<string | null>(null);
  const orgs = useEndpoint(meetingsApi.participants, open ? {} : null);
  const options = (orgs.data ?? []).map((x) => ({ value: x.id, label: x.name }));
  const req = (f: string) => [{ required: true, message: t('common.required', { field: f }) }];
  return (
    <Card>
      <SectionTitle>{t('mt.decisions')}</SectionTitle>
      {o.decisions.length === 0 ? <EmptyState /> : null}
      {o.decisions.map((d, i) => (
        <div key={d.id} style={{ marginBottom: 16 }}>
          <p>
            <strong>{i + 1}. </strong>
            {d.text}
          </p>
          {d.items.length > 0 ? <ItemsTable items={d.items} /> : null}
        </div>
      ))}
      {o.canManage ? (
        <Button icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
          {t('mt.addDecision')}
        </Button>
      ) : null}
      <Modal
        open={open}
        width={760}
        title={t('mt.addDecision')}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        onCancel={() => setOpen(false)}
        destroyOnHidden
        onOk={async () => {
          const v = await form.validateFields();
          try {
            await meetingsApi.addDecision.call({
              params: { id: o.id },
              body: {
                text: v.text,
                items: (v.items ?? []).map((x) => ({
                  title: x.title,
                  expectedResult: x.expectedResult,
                  leadOrgId: x.leadOrgId,
                  coOrgIds: x.coOrgIds ?? [],
                  ...(x.dueOn ? { dueOn: x.dueOn.format('YYYY-MM-DD') } : { dueWorkingDays: x.dueWorkingDays ?? 20 }),
                })),
              },
            });
            setOpen(false);
            form.resetFields();
            reload();
          } catch (e) {
            setError(applyFormError(form, e));
          }
        }}
      >
        <FormAlert message={error} />
        <Form form={form} layout="vertical" initialValues={{ items: [{}] }}>
          <Form.Item name="text" label={t('mt.decisionText')} rules={req(t('mt.decisionText'))}>
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
          <Form.List name="items">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f, i) => (
                  <Card
                    key={f.key}
                    size="small"
                    style={{ marginBottom: 8 }}
                    title={`${t('mt.itemTitle')} ${i + 1}`}
                    extra={<Button type="text" aria-label="remove" icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(f.name)} />}
                  >
                    <Form.Item name={[f.name, 'title']} label={t('mt.itemTitle')} rules={req(t('mt.itemTitle'))}>
                      <Input maxLength={200} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'expectedResult']} label={t('mt.expected')} rules={req(t('mt.expected'))}>
                      <Input maxLength={1000} />
                    </Form.Item>
                    <Flex gap={12} wrap>
                      <Form.Item name={[f.name, 'leadOrgId']} label={t('mt.lead')} rules={req(t('mt.lead'))} style={{ minWidth: 260 }}>
                        <Select showSearch optionFilterProp="label" options={options} loading={orgs.loading} />
                      </Form.Item>
                      <Form.Item name={[f.name, 'coOrgIds']} label={t('mt.co')} style={{ minWidth: 260 }}>
                        <Select mode="multiple" optionFilterProp="label" options={options} />
                      </Form.Item>
                    </Flex>
                    <Flex gap={12}>
                      <Form.Item name={[f.name, 'dueOn']} label={t('mt.due')}>
                        <DatePicker />
                      </Form.Item>
                      <Form.Item name={[f.name, 'dueWorkingDays']} label={t('mt.dueDays')}>
                        <InputNumber min={1} max={500} />
                      </Form.Item>
                    </Flex>
                  </Card>
                ))}
                <Button onClick={() => add({})} icon={<PlusOutlined aria-hidden />}>
                  {t('mt.addItem')}
                </Button>
              </>
            )}
          </Form.List>
        </Form>
      </Modal>
    </Card>
  );
}

/** One meeting: agenda with carried items, attendance, minutes and decisions. */
export function OccurrencePage() {
  const t = useT();
  const id = Number(useParams().id);
  const state = useEndpoint(meetingsApi.getOccurrence, { params: { id } });
  return (
    <DataState state={state} title={t('mt.meeting')}>
      {(o) => (
        <Flex vertical gap={16} key={o.version}>
          <PageTitle
            tags={<Tag>{labelOf(t, 'mt.status', o.status)}</Tag>}
            extra={
              <Button icon={<DownloadOutlined aria-hidden />} href={meetingsApi.pack.path({ params: { id: o.id } })} download>
                {t('mt.pack')}
              </Button>
            }
          >{`${o.seriesTitle} · ${o.plannedDay}`}</PageTitle>
          <Card>
            <Descriptions
              column={{ xs: 1, md: 3 }}
              items={[
                { key: 'd', label: t('mt.day'), children: o.plannedDay },
                { key: 't', label: t('mt.time'), children: `${timeOf(o.startsAt)}–${timeOf(o.endsAt)}` },
                { key: 'v', label: t('mt.venue'), children: o.venue || t('common.none') },
              ]}
            />
          </Card>
          <Agenda o={o} reload={state.reload} />
          <Attendance o={o} reload={state.reload} />
          <Minutes o={o} reload={state.reload} />
          <Decisions o={o} reload={state.reload} />
        </Flex>
      )}
    </DataState>
  );
}
