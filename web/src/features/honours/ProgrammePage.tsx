import { DownloadOutlined, PlusOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Descriptions, Flex, Form, Input, InputNumber, Modal, Radio, Select, Space, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { Link, useParams } from 'react-router-dom';
import { errorMessage } from '../../api';
import { honoursApi } from '../../api/honours';
import { useConfirm } from '../../components/confirm';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { PERSON_FIELD_MAP, PersonFields, personRef, type PersonValues } from '../../components/PersonFields';
import { DataState, EmptyState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs, useT } from '../../prefs';
import { useSession } from '../../session';
import { ProgrammeStatusTag } from './HonoursPage';
import type { Award, Nomination, ProgrammeDetail, RuleResultDto as RuleResult } from '@contracts/honours';
import { ATTRIBUTE_KEYS } from './types';
import { DateField } from '../../components/DateField';

export function StageTag({ stage }: { stage: string }) {
  const t = useT();
  const cls =
    stage === 'awarded' || stage === 'shortlisted' ? 'qh-tag-ok' : stage === 'rejected' || stage === 'returned' ? 'qh-tag-archived' : 'qh-tag-workday';
  return <Tag className={cls}>{labelOf(t, 'honours.stage', stage)}</Tag>;
}

function Attributes({ n }: { n: Nomination }) {
  const t = useT();
  if (n.kind === 'collective') return <Tag>{t('honours.kind.collective')}</Tag>;
  return (
    <Flex gap={4} wrap>
      {ATTRIBUTE_KEYS.filter((k) => n.attributes[k]).map((k) => (
        <Tag key={k}>{t(`honours.attr.${k}`)}</Tag>
      ))}
    </Flex>
  );
}

/** The composition rules on the caller's live list: share achieved and what is short. */
function Composition({ rows }: { rows: RuleResult[] }) {
  const t = useT();
  if (rows.length === 0) return <EmptyState description={t('honours.noRules')} />;
  return (
    <Table<RuleResult>
      rowKey={(r) => `${r.attribute}:${r.op}`}
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        {
          title: t('honours.rule'),
          key: 'rule',
          render: (_: unknown, r) =>
            t(r.op === 'min' ? 'honours.ruleMin' : 'honours.ruleMax', {
              attr: labelOf(t, 'honours.attr', r.attribute === 'new_form' ? 'newForm' : r.attribute),
              p: r.percent,
            }),
        },
        {
          title: t('honours.achieved'),
          key: 'achieved',
          render: (_: unknown, r) => (r.achieved === null ? t('common.none') : `${r.achieved}%（${r.count}/${r.individuals}）`),
        },
        {
          title: t('honours.shortfall'),
          key: 'shortfall',
          render: (_: unknown, r) =>
            r.ok ? (
              <Tag className="qh-tag-ok">{t('honours.ruleOk')}</Tag>
            ) : (
              <Tag color="error">{t(r.op === 'min' ? 'honours.shortMin' : 'honours.shortMax', { n: r.shortfall })}</Tag>
            ),
        },
      ]}
    />
  );
}

type NominateValues = PersonValues & {
  kind: 'individual' | 'collective';
  collectiveName?: string;
  creditCode?: string;
  unitName: string;
  position?: string;
  deeds: string;
  recommendation: string;
  attrs?: string[];
  answers?: Record<string, string | number | boolean>;
  documents?: Record<string, string>;
};

function NominateModal({ p, open, onClose, onDone }: { p: ProgrammeDetail; open: boolean; onClose: () => void; onDone: () => void }) {
  const { t, lang } = usePrefs();
  const { me } = useSession();
  const [form] = Form.useForm<NominateValues>();
  const kind = Form.useWatch('kind', form) ?? 'individual';
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const label = (x: { labelZh: string; labelEn: string }) => (lang === 'en' ? x.labelEn : x.labelZh);
  const submit = async (v: NominateValues) => {
    setBusy(true);
    setError(null);
    const attrs = new Set(v.attrs ?? []);
    try {
      await honoursApi.nominate.call({
        params: { id: p.id },
        body: {
          kind: v.kind,
          ...(v.kind === 'individual' ? personRef(v) : { collectiveName: v.collectiveName?.trim(), creditCode: v.creditCode?.trim() }),
          unitName: v.unitName.trim(),
          position: v.position?.trim() || undefined,
          deeds: v.deeds.trim(),
          recommendation: v.recommendation.trim(),
          attributes: v.kind === 'individual' ? Object.fromEntries(ATTRIBUTE_KEYS.map((k) => [k, attrs.has(k)])) : undefined,
          answers: Object.fromEntries(Object.entries(v.answers ?? {}).filter(([, x]) => x !== undefined && x !== null && x !== '')),
          documents: v.documents ?? {},
        },
      });
      form.resetFields();
      onDone();
    } catch (e) {
      setError(applyFormError(form, e, { ...PERSON_FIELD_MAP, unitName: 'unitName', deeds: 'deeds' }));
    } finally {
      setBusy(false);
    }
  };
  const req = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  return (
    <Modal
      open={open}
      title={t('honours.nominate')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={720}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <Form<NominateValues>
        form={form}
        layout="vertical"
        name="honour-nominate"
        onFinish={(v) => void submit(v)}
        initialValues={{ kind: p.kinds[0] ?? 'individual' }}
      >
        <Form.Item label={t('honours.kindLabel')} name="kind">
          <Radio.Group options={p.kinds.map((k) => ({ value: k, label: t(`honours.kind.${k}` as never) }))} />
        </Form.Item>
        {kind === 'individual' ? (
          <>
            <PersonFields regionWithin={me?.scope.regionPath.split('.').pop()} />
            <Form.Item label={t('honours.attributes')} name="attrs">
              <Checkbox.Group options={ATTRIBUTE_KEYS.map((k) => ({ value: k, label: t(`honours.attr.${k}`) }))} />
            </Form.Item>
          </>
        ) : (
          <>
            <Form.Item label={t('honours.collectiveName')} name="collectiveName" rules={req(t('honours.collectiveName'))}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item label={t('honours.creditCode')} name="creditCode" rules={req(t('honours.creditCode'))}>
              <Input maxLength={18} className="qh-mono" />
            </Form.Item>
          </>
        )}
        <Form.Item label={t('honours.unit')} name="unitName" rules={req(t('honours.unit'))}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item label={t('honours.position')} name="position">
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item label={t('honours.deeds')} name="deeds" rules={req(t('honours.deeds'))} extra={t('honours.deedsHint')}>
          <Input.TextArea maxLength={300} showCount rows={3} />
        </Form.Item>
        <Form.Item label={t('honours.recommendation')} name="recommendation" rules={req(t('honours.recommendation'))}>
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        {p.criteria.map((c) => (
          <Form.Item
            key={c.key}
            label={label(c)}
            name={['answers', c.key]}
            valuePropName={c.type === 'boolean' ? 'checked' : 'value'}
            rules={c.required && c.type !== 'boolean' ? [{ required: true, message: t('common.required', { field: label(c) }) }] : []}
          >
            {c.type === 'number' ? (
              <InputNumber min={c.min} max={c.max} style={{ width: 160 }} />
            ) : c.type === 'choice' ? (
              <Select options={(c.options ?? []).map((o) => ({ value: o, label: o }))} style={{ width: 240 }} />
            ) : c.type === 'boolean' ? (
              <Checkbox />
            ) : c.type === 'date' ? (
              <DateField style={{ width: 180 }} />
            ) : (
              <Input maxLength={500} />
            )}
          </Form.Item>
        ))}
        {p.documents.map((d) => (
          <Form.Item key={d.key} label={label(d)} name={['documents', d.key]} rules={req(label(d))} extra={t('honours.documentHint')}>
            <Input maxLength={200} />
          </Form.Item>
        ))}
      </Form>
    </Modal>
  );
}

function ForwardModal({ p, ids, open, onClose, onDone }: { p: ProgrammeDetail; ids: number[]; open: boolean; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    setBusy(true);
    setError(null);
    try {
      await honoursApi.forward.call({ params: { id: p.id }, body: { nominationIds: ids, exceptionReason: reason.trim() || undefined } });
      setReason('');
      onDone();
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open={open}
      title={t('honours.forwardTitle', { n: ids.length })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('honours.forward')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <p>{t('honours.forwardHint')}</p>
      {p.allowException ? (
        <Form layout="vertical" component="div">
          <Form.Item label={t('honours.exceptionReason')} htmlFor="honour-exception" extra={t('honours.exceptionHint')}>
            <Input.TextArea id="honour-exception" value={reason} onChange={(e) => setReason(e.target.value)} maxLength={1000} rows={3} />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}

/** The programme steps the awarding unit takes, by the name the confirmation messages use. */
const STEP = { vetting: honoursApi.requestVetting, notice: honoursApi.publishNotice, announce: honoursApi.announce };

/** One programme: timetable, quotas, composition of my list with its shortfall, nominations, and the steps my level takes. */
export function ProgrammePage() {
  const { id } = useParams();
  const state = useEndpoint(honoursApi.programme, { params: { id: Number(id) } });
  return <DataState state={state}>{(p) => <ProgrammeView p={p} reload={state.reload} />}</DataState>;
}

function ProgrammeView({ p, reload }: { p: ProgrammeDetail; reload: () => void }) {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const noms = useEndpoint(honoursApi.nominations, { params: { id: p.id }, query: {} });
  const awards = useEndpoint(honoursApi.awards, p.status === 'announced' ? { params: { id: p.id } } : null);
  const [selected, setSelected] = useState<number[]>([]);
  const [nominating, setNominating] = useState(false);
  const [forwarding, setForwarding] = useState(false);
  const refresh = () => {
    setSelected([]);
    reload();
    noms.reload();
  };
  const reviewing = (p.myLevel === 'street' || p.myLevel === 'district') && p.status === 'open' && can('honour.review');
  const city = p.myLevel === 'city' && can('honour.manage');
  const act = (key: 'vetting' | 'notice' | 'announce') =>
    confirm({
      title: t(`honours.confirm.${key}`),
      onOk: () => STEP[key].call({ params: { id: p.id }, body: {} }).then(refresh),
    });

  return (
    <>
      <PageTitle
        tags={<ProgrammeStatusTag status={p.status} />}
        extra={
          <Space wrap>
            {p.status === 'open' && can('honour.nominate') && p.myLevel !== 'district' && p.myLevel !== 'city' ? (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setNominating(true)}>
                {t('honours.nominate')}
              </Button>
            ) : null}
            {city && p.status === 'open' ? <Button onClick={() => act('vetting')}>{t('honours.requestVetting')}</Button> : null}
            {city && p.status === 'open' ? <Button onClick={() => act('notice')}>{t('honours.publishNotice')}</Button> : null}
            {city && p.status === 'notice' ? (
              <Button type="primary" onClick={() => act('announce')}>
                {t('honours.announce')}
              </Button>
            ) : null}
          </Space>
        }
      >
        {p.title}
      </PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <SectionTitle>{t('honours.timetable')}</SectionTitle>
        <Descriptions size="small" column={{ xs: 1, md: 2, xl: 3 }}>
          <Descriptions.Item label={t('honours.awardingOrg')}>{p.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('honours.award')}>{p.awardTitle}</Descriptions.Item>
          <Descriptions.Item label={t('honours.kindLabel')}>{p.kinds.map((k) => t(`honours.kind.${k}` as never)).join('、')}</Descriptions.Item>
          <Descriptions.Item label={t('honours.nominationWindow')}>{`${p.nominationFrom} ~ ${p.nominationTo}`}</Descriptions.Item>
          <Descriptions.Item label={t('honours.reviewTo')}>{p.reviewTo}</Descriptions.Item>
          <Descriptions.Item label={t('honours.noticeDays')}>{t('honours.workingDays', { n: p.noticeDays })}</Descriptions.Item>
          <Descriptions.Item label={t('honours.noticePeriod')}>{p.noticeFrom ? `${p.noticeFrom} ~ ${p.noticeTo}` : t('common.none')}</Descriptions.Item>
          <Descriptions.Item label={t('honours.announceOn')}>{p.announceOn}</Descriptions.Item>
          <Descriptions.Item label={t('honours.myLevel')}>{labelOf(t, 'honours.level', p.myLevel)}</Descriptions.Item>
          <Descriptions.Item label={t('honours.vetters')}>{p.vetters.map((v) => v.name).join('、') || t('common.none')}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Flex gap={16} wrap style={{ marginBottom: 16 }}>
        <Card style={{ flex: '1 1 420px' }}>
          <SectionTitle>{t('honours.composition')}</SectionTitle>
          <Composition rows={p.composition} />
          {p.allowException ? <p className="qh-muted">{t('honours.exceptionAllowed')}</p> : null}
        </Card>
        <Card style={{ flex: '1 1 420px' }}>
          <SectionTitle>{t('honours.quotas')}</SectionTitle>
          <Table
            rowKey="districtCode"
            size="small"
            pagination={{ pageSize: 5, showSizeChanger: false }}
            dataSource={p.quotas}
            columns={[
              { title: t('honours.district'), dataIndex: 'districtName' },
              { title: t('honours.quota'), dataIndex: 'quota', align: 'right' },
              { title: t('honours.streetUsed'), dataIndex: 'streetUsed', align: 'right' },
              { title: t('honours.districtUsed'), dataIndex: 'districtUsed', align: 'right' },
            ]}
          />
        </Card>
      </Flex>
      <Card style={{ marginBottom: 16 }}>
        <SectionTitle>{t('honours.nominations')}</SectionTitle>
        {reviewing ? (
          <Flex gap="small" align="center" style={{ marginBottom: 12 }}>
            <Button type="primary" icon={<SendOutlined aria-hidden />} disabled={selected.length === 0} onClick={() => setForwarding(true)}>
              {t('honours.forwardSelected', { n: selected.length })}
            </Button>
            <span className="qh-muted">{t(p.myLevel === 'street' ? 'honours.forwardToDistrict' : 'honours.forwardToCity')}</span>
          </Flex>
        ) : null}
        <Table<Nomination>
          rowKey="id"
          loading={noms.loading}
          dataSource={noms.data?.items ?? []}
          pagination={false}
          locale={{ emptyText: noms.loading ? ' ' : <EmptyState /> }}
          rowSelection={
            reviewing
              ? {
                  // No select-all: each forward is a deliberate choice, and the header checkbox would also sit in the hidden measure row.
                  hideSelectAll: true,
                  selectedRowKeys: selected,
                  onChange: (keys) => setSelected(keys.map(Number)),
                  getCheckboxProps: (r) => ({ disabled: r.stage !== p.myLevel, 'aria-label': t('honours.select', { name: r.nameMasked }) }),
                }
              : undefined
          }
          columns={[
            { title: t('honours.nominee'), dataIndex: 'nameMasked', render: (v: string, r) => <Link to={`/honour-nominations/${r.id}`}>{v}</Link> },
            { title: t('honours.unit'), dataIndex: 'unitName' },
            { title: t('honours.street'), dataIndex: 'streetName' },
            { title: t('honours.nominator'), dataIndex: 'nominatorOrgName' },
            { title: t('honours.attributes'), key: 'attrs', render: (_: unknown, r) => <Attributes n={r} /> },
            { title: t('honours.stageLabel'), dataIndex: 'stage', width: 120, render: (v: string) => <StageTag stage={v} /> },
          ]}
        />
      </Card>
      {p.exceptions.length > 0 ? (
        <Card style={{ marginBottom: 16 }}>
          <SectionTitle>{t('honours.exceptions')}</SectionTitle>
          {p.exceptions.map((x) => (
            <Alert key={x.id} type="warning" showIcon style={{ marginBottom: 8 }} title={`${x.orgName}：${x.reason}`} />
          ))}
        </Card>
      ) : null}
      {p.status === 'announced' ? (
        <Card>
          <SectionTitle>{t('honours.awards')}</SectionTitle>
          <Table<Award>
            rowKey="id"
            size="small"
            pagination={false}
            loading={awards.loading}
            dataSource={awards.data?.items ?? []}
            columns={[
              { title: t('honours.certificateNo'), dataIndex: 'number' },
              { title: t('honours.nominee'), dataIndex: 'nameMasked' },
              { title: t('honours.unit'), dataIndex: 'unitName' },
              { title: t('honours.district'), dataIndex: 'districtName' },
              {
                title: t('common.actions'),
                key: 'a',
                render: (_: unknown, r) => (
                  <Space>
                    <Button size="small" icon={<DownloadOutlined aria-hidden />} href={honoursApi.certificate.path({ params: { id: r.id } })}>
                      {t('honours.certificate')}
                    </Button>
                    <a href={r.verifyPath} target="_blank" rel="noopener noreferrer">
                      {t('honours.verifyLink')}
                    </a>
                  </Space>
                ),
              },
            ]}
          />
        </Card>
      ) : null}
      <NominateModal
        p={p}
        open={nominating}
        onClose={() => setNominating(false)}
        onDone={() => {
          setNominating(false);
          void message.success(t('common.created'));
          refresh();
        }}
      />
      <ForwardModal
        p={p}
        ids={selected}
        open={forwarding}
        onClose={() => setForwarding(false)}
        onDone={() => {
          setForwarding(false);
          void message.success(t('common.done'));
          refresh();
        }}
      />
    </>
  );
}
