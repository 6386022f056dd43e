import { Alert, App, Button, Card, Descriptions, Form, Input, Modal, Radio, Space, Tag, Timeline } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { honoursApi } from '../../api/honours';
import { FormAlert } from '../../components/FormAlert';
import { dateTime, labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs, useT } from '../../prefs';
import { useSession } from '../../session';
import { StageTag } from './ProgrammePage';
import type { NominationDetail } from '@contracts/honours';
import { ATTRIBUTE_KEYS } from './types';

type Dialog = { kind: 'return' } | { kind: 'decision' } | { kind: 'vet' } | { kind: 'objection'; id: number };

/** A form in a dialog: one text field (and a choice), posted to one endpoint. */
function StepDialog({ dialog, n, onClose, onDone }: { dialog: Dialog; n: NominationDetail; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [choice, setChoice] = useState<string>(dialog.kind === 'decision' ? 'shortlist' : dialog.kind === 'vet' ? 'clear' : 'dismissed');
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const objections = n.vettings.some((v) => v.verdict === 'objection');
  const spec = {
    return: {
      title: t('honours.return'),
      label: t('honours.returnReason'),
      send: () => honoursApi.returnNomination.call({ params: { id: n.id }, body: { reason: text.trim(), version: n.version } }),
      choices: [] as string[],
    },
    decision: {
      title: t('honours.decide'),
      label: t(objections ? 'honours.decisionNoteRequired' : 'honours.decisionNote'),
      send: () =>
        honoursApi.decide.call({
          params: { id: n.id },
          body: { decision: choice as 'shortlist' | 'reject', note: text.trim() || undefined, version: n.version },
        }),
      choices: ['shortlist', 'reject'],
    },
    vet: {
      title: t('honours.vet'),
      label: t('honours.vetReason'),
      send: () => honoursApi.vet.call({ params: { id: n.id }, body: { verdict: choice as 'clear' | 'objection', reason: text.trim() || undefined } }),
      choices: ['clear', 'objection'],
    },
    objection: {
      title: t('honours.decideObjection'),
      label: t('honours.objectionOutcome'),
      send: () =>
        honoursApi.decideObjection.call({
          params: { id: dialog.kind === 'objection' ? dialog.id : 0 },
          body: { status: choice as 'dismissed' | 'upheld', outcome: text.trim() },
        }),
      choices: ['dismissed', 'upheld'],
    },
  }[dialog.kind];
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await spec.send();
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={spec.title}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
    >
      <FormAlert message={error} />
      <Form layout="vertical" component="div">
        {spec.choices.length > 0 ? (
          <Form.Item label={t('honours.choice')}>
            <Radio.Group
              value={choice}
              onChange={(e) => setChoice(e.target.value as string)}
              options={spec.choices.map((c) => ({ value: c, label: t(`honours.choice.${c}` as never) }))}
            />
          </Form.Item>
        ) : null}
        <Form.Item label={spec.label} htmlFor="honour-step-text">
          <Input.TextArea id="honour-step-text" value={text} onChange={(e) => setText(e.target.value)} maxLength={1000} rows={4} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** One nomination: the nominee (masked), the programme's answers and documents, vetting opinions, objections, timeline and the step the caller may take. */
export function NominationPage() {
  const { id } = useParams();
  const state = useEndpoint(honoursApi.nomination, { params: { id: Number(id) } });
  return <DataState state={state}>{(n) => <NominationView n={n} reload={state.reload} />}</DataState>;
}

function NominationView({ n, reload }: { n: NominationDetail; reload: () => void }) {
  const { t, lang } = usePrefs();
  // The programme names the criteria and documents the answers refer to.
  const programme = useEndpoint(honoursApi.programme, { params: { id: n.programmeId } }).data;
  const labelFor = (key: string) => {
    const spec = [...(programme?.criteria ?? []), ...(programme?.documents ?? [])].find((c) => c.key === key);
    return spec ? (lang === 'en' ? spec.labelEn : spec.labelZh) : key;
  };
  const { can } = useSession();
  const { message } = App.useApp();
  const [dialog, setDialog] = useState<Dialog | null>(null);
  const canReturn = n.level !== null && n.stage === n.level && can(n.level === 'city' ? 'honour.manage' : 'honour.review');
  const canDecide = n.level === 'city' && n.stage === 'city' && can('honour.manage');
  const myVetting = can('honour.vet') ? n.vettings.find((v) => v.verdict === null) : undefined;
  const done = () => {
    setDialog(null);
    void message.success(t('common.done'));
    reload();
  };
  return (
    <>
      <PageTitle
        tags={<StageTag stage={n.stage} />}
        extra={
          <Space wrap>
            {canReturn ? <Button onClick={() => setDialog({ kind: 'return' })}>{t('honours.return')}</Button> : null}
            {n.stage === 'returned' && can('honour.nominate') ? (
              <Button
                type="primary"
                onClick={() =>
                  void honoursApi.resubmit
                    .call({ params: { id: n.id }, body: { version: n.version } })
                    .then(done, (e: unknown) => void message.error(errorMessage(e)))
                }
              >
                {t('honours.resubmit')}
              </Button>
            ) : null}
            {canDecide ? (
              <Button type="primary" onClick={() => setDialog({ kind: 'decision' })}>
                {t('honours.decide')}
              </Button>
            ) : null}
            {myVetting && n.stage === 'city' ? (
              <Button type="primary" onClick={() => setDialog({ kind: 'vet' })}>
                {t('honours.vet')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {t('honours.nominationTitle', { name: n.nameMasked })}
      </PageTitle>
      {n.returnReason ? <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('honours.returnedWith', { reason: n.returnReason })} /> : null}
      <Card style={{ marginBottom: 16 }}>
        <SectionTitle>{t('honours.nominee')}</SectionTitle>
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('honours.kindLabel')}>{labelOf(t, 'honours.kind', n.kind)}</Descriptions.Item>
          <Descriptions.Item label={t('honours.name')}>{n.nameMasked}</Descriptions.Item>
          {n.kind === 'individual' ? <Descriptions.Item label={t('person.idNumber')}>{n.idNumberMasked ?? t('common.none')}</Descriptions.Item> : null}
          {n.kind === 'individual' ? <Descriptions.Item label={t('person.phone')}>{n.phoneMasked ?? t('common.none')}</Descriptions.Item> : null}
          {n.creditCode ? <Descriptions.Item label={t('honours.creditCode')}>{n.creditCode}</Descriptions.Item> : null}
          <Descriptions.Item label={t('honours.unit')}>{n.unitName}</Descriptions.Item>
          <Descriptions.Item label={t('honours.position')}>{n.position || t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('honours.street')}>{n.streetName}</Descriptions.Item>
          <Descriptions.Item label={t('honours.district')}>{n.districtName}</Descriptions.Item>
          <Descriptions.Item label={t('honours.nominator')}>{n.nominatorOrgName}</Descriptions.Item>
          <Descriptions.Item label={t('honours.attributes')}>
            {ATTRIBUTE_KEYS.filter((k) => n.attributes[k]).map((k) => (
              <Tag key={k}>{t(`honours.attr.${k}`)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('honours.deeds')} span={2}>
            {n.deeds}
          </Descriptions.Item>
          <Descriptions.Item label={t('honours.recommendation')} span={2}>
            {n.recommendation}
          </Descriptions.Item>
          {Object.entries(n.answers).map(([k, v]) => (
            <Descriptions.Item key={k} label={labelFor(k)}>
              {typeof v === 'boolean' ? t(v ? 'common.yes' : 'common.no') : String(v)}
            </Descriptions.Item>
          ))}
          {Object.entries(n.documents).map(([k, v]) => (
            <Descriptions.Item key={k} label={labelFor(k)}>
              {v}
            </Descriptions.Item>
          ))}
          {n.decisionNote ? (
            <Descriptions.Item label={t('honours.decisionNote')} span={2}>
              {n.decisionNote}
            </Descriptions.Item>
          ) : null}
        </Descriptions>
        {n.personId && can('people.read') ? <Link to={`/people/${n.personId}`}>{t('honours.personRecord')}</Link> : null}
      </Card>
      <Card style={{ marginBottom: 16 }}>
        <SectionTitle>{t('honours.vetting')}</SectionTitle>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={n.vettings}
          columns={[
            { title: t('honours.vetter'), dataIndex: 'orgName' },
            {
              title: t('honours.verdict'),
              dataIndex: 'verdict',
              render: (v: string | null) =>
                v ? <Tag color={v === 'objection' ? 'error' : undefined}>{t(`honours.choice.${v}` as never)}</Tag> : t('honours.pending'),
            },
            { title: t('honours.vetReason'), dataIndex: 'reason' },
            { title: t('honours.respondedAt'), dataIndex: 'respondedAt', render: (v: string | null) => dateTime(v) },
          ]}
        />
      </Card>
      {n.objections.length > 0 ? (
        <Card style={{ marginBottom: 16 }}>
          <SectionTitle>{t('honours.objections')}</SectionTitle>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={n.objections}
            columns={[
              { title: t('honours.evidence'), dataIndex: 'evidence' },
              { title: t('honours.lodgedAt'), dataIndex: 'lodgedAt', render: (v: string) => dateTime(v) },
              {
                title: t('honours.statusLabel'),
                dataIndex: 'status',
                render: (v: string) => labelOf(t, 'honours.choice', v === 'open' ? 'pendingObjection' : v),
              },
              { title: t('honours.objectionOutcome'), dataIndex: 'outcome', render: (v: string | null) => v ?? t('common.none') },
              {
                title: t('common.actions'),
                key: 'a',
                render: (_: unknown, o: NominationDetail['objections'][number]) =>
                  o.status === 'open' && n.level === 'city' && can('honour.manage') ? (
                    <Button size="small" onClick={() => setDialog({ kind: 'objection', id: o.id })}>
                      {t('honours.decideObjection')}
                    </Button>
                  ) : null,
              },
            ]}
          />
        </Card>
      ) : null}
      {n.events.length > 0 ? (
        <Card>
          <SectionTitle>{t('honours.timeline')}</SectionTitle>
          <Timeline
            items={n.events.map((e) => ({
              content: `${dateTime(e.at)} · ${labelOf(t, 'honours.event', e.kind)} · ${[e.orgName, e.actorName].filter(Boolean).join(' · ')}${e.note ? ` · ${e.note}` : ''}`,
            }))}
          />
        </Card>
      ) : null}
      {dialog ? <StepDialog dialog={dialog} n={n} onClose={() => setDialog(null)} onDone={done} /> : null}
    </>
  );
}
