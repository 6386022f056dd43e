import { App, Button, Card, DatePicker, Descriptions, Flex, Form, Input, Modal, Tag } from 'antd';
import { Table } from '../../components/Table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import type { Item } from '@contracts/meetings';
import type { MessageKey } from '../../i18n';
import { meetingsApi } from '../../api/meetings';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { ItemStatusTag } from './MeetingsPage';

type Action = 'accept' | 'clarification' | 'answer' | 'progress' | 'extension' | 'grant' | 'refuse' | 'submit' | 'close' | 'return';

/** The actions open to the caller in the item's state: the lead's, a co-organization's, or the secretariat's. */
function actionsFor(i: Item): Action[] {
  const out: Action[] = [];
  const lead = i.myRole === 'lead';
  if (lead && i.status === 'assigned') out.push('accept', 'clarification');
  if (i.canManage && i.status === 'clarification') out.push('answer');
  if (i.myRole && i.status === 'accepted') out.push('progress');
  if (lead && i.status === 'accepted' && !i.extensionTo) out.push('extension');
  if (lead && i.status === 'accepted') out.push('submit');
  if (i.canManage && i.extensionTo) out.push('grant', 'refuse');
  if (i.canManage && i.status === 'submitted') out.push('close', 'return');
  return out;
}

const LABEL: Record<Action, MessageKey> = {
  accept: 'mt.accept',
  clarification: 'mt.askClarify',
  answer: 'mt.answer',
  progress: 'mt.reportProgress',
  extension: 'mt.askExtension',
  grant: 'mt.grant',
  refuse: 'mt.refuse',
  submit: 'mt.complete',
  close: 'mt.close',
  return: 'mt.return',
};

function ActionModal({ i, action, onClose, onDone }: { i: Item; action: Action | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ note?: string; to?: Dayjs }>();
  const [error, setError] = useState<string | null>(null);
  const noteLabel = action === 'submit' ? t('mt.evidence') : action === 'extension' ? t('mt.reason') : t('mt.note');
  const noteRequired = action !== 'accept' && action !== 'grant' && action !== 'refuse' && action !== 'close';
  const run = async (v: { note?: string; to?: Dayjs }) => {
    const params = { id: i.id };
    const version = i.version;
    const note = v.note ?? '';
    switch (action) {
      case 'accept':
      case 'clarification':
        return meetingsApi.respond.call({ params, body: { accept: action === 'accept', note, version } });
      case 'answer':
        return meetingsApi.clarify.call({ params, body: { note, version } });
      case 'progress':
        return meetingsApi.progress.call({ params, body: { note } });
      case 'extension':
        return meetingsApi.requestExtension.call({ params, body: { to: v.to!.format('YYYY-MM-DD'), reason: note, version } });
      case 'grant':
      case 'refuse':
        return meetingsApi.decideExtension.call({ params, body: { grant: action === 'grant', note, version } });
      case 'submit':
        return meetingsApi.submit.call({ params, body: { evidence: note, version } });
      case 'close':
      case 'return':
        return meetingsApi.review.call({ params, body: { close: action === 'close', note, version } });
      default:
        return undefined;
    }
  };
  return (
    <Modal
      open={action !== null}
      title={action ? t(LABEL[action]) : ''}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      destroyOnHidden
      onOk={async () => {
        const v = await form.validateFields();
        try {
          await run(v);
          form.resetFields();
          setError(null);
          onDone();
        } catch (e) {
          setError(applyFormError(form, e, { evidence: 'note', reason: 'note' }));
        }
      }}
    >
      <FormAlert message={error} />
      <Form form={form} layout="vertical">
        {action === 'extension' ? (
          <Form.Item name="to" label={t('mt.extendTo')} rules={[{ required: true, message: t('common.required', { field: t('mt.extendTo') }) }]}>
            <DatePicker />
          </Form.Item>
        ) : null}
        <Form.Item name="note" label={noteLabel} rules={noteRequired ? [{ required: true, message: t('common.required', { field: noteLabel }) }] : []}>
          <Input.TextArea rows={3} maxLength={2000} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** An action item (督办事项): what was decided, who leads, the deadline, and every step taken. */
export function ItemPage() {
  const t = useT();
  const { message } = App.useApp();
  const id = Number(useParams().id);
  const state = useEndpoint(meetingsApi.getItem, { params: { id } });
  const [action, setAction] = useState<Action | null>(null);
  return (
    <DataState state={state} title={t('mt.itemTitle')}>
      {(i) => (
        <Flex vertical gap={16}>
          <PageTitle tags={<ItemStatusTag i={i} />}>{i.title}</PageTitle>
          <Card>
            <Descriptions
              column={{ xs: 1, md: 2 }}
              items={[
                { key: 'm', label: t('mt.fromSeries'), children: <Link to={`/meeting-occurrences/${i.occurrenceId}`}>{i.seriesTitle}</Link> },
                { key: 'd', label: t('mt.decision'), children: i.decision },
                { key: 'l', label: t('mt.lead'), children: i.leadOrg.name },
                { key: 'c', label: t('mt.co'), children: i.coOrgs.map((c) => c.name).join('、') || t('common.none') },
                { key: 'due', label: t('mt.due'), children: i.dueOn },
                { key: 'e', label: t('mt.expected'), children: i.expectedResult },
                ...(i.evidence ? [{ key: 'ev', label: t('mt.evidence'), children: i.evidence }] : []),
                ...(i.myRole ? [{ key: 'r', label: t('mt.status'), children: <Tag>{t(i.myRole === 'lead' ? 'mt.myRole.lead' : 'mt.myRole.co')}</Tag> }] : []),
              ]}
            />
            {i.extensionTo ? <p>{t('mt.pendingExtension', { date: i.extensionTo, reason: i.extensionReason })}</p> : null}
            <Flex gap={8} wrap style={{ marginTop: 12 }}>
              {actionsFor(i).map((a) => (
                <Button key={a} type={a === 'accept' || a === 'submit' || a === 'close' ? 'primary' : 'default'} onClick={() => setAction(a)}>
                  {t(LABEL[a])}
                </Button>
              ))}
            </Flex>
          </Card>
          <Card>
            <SectionTitle>{t('mt.events')}</SectionTitle>
            <Table
              rowKey={(r) => `${r.at}-${r.kind}`}
              size="small"
              pagination={false}
              dataSource={i.events}
              scroll={{ x: 700 }}
              columns={[
                { title: t('mt.time'), dataIndex: 'at', width: 180, render: (v: string) => new Date(v).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' }) },
                { title: t('mt.status'), dataIndex: 'kind', width: 120, render: (v: string) => labelOf(t, 'mt.ev', v) },
                { title: t('mt.proposer'), key: 'who', render: (_: unknown, r) => `${r.orgName} · ${r.actorName}` },
                { title: t('mt.note'), dataIndex: 'note' },
              ]}
            />
          </Card>
          <ActionModal
            i={i}
            action={action}
            onClose={() => setAction(null)}
            onDone={() => {
              setAction(null);
              void message.success(t('common.saved'));
              state.reload();
            }}
          />
        </Flex>
      )}
    </DataState>
  );
}
