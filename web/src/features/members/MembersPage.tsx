import { DownloadOutlined, UploadOutlined, UserAddOutlined } from '@ant-design/icons';
import type { MemberImport, Registration, Transfer, Member } from '@contracts/members';
import { Alert, App, Button, Card, Descriptions, Drawer, Form, Input, Modal, Progress, Space, Tabs, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useEffect, useState } from 'react';
import { MEMBER_IMPORT_MAX_BYTES } from '@contracts/members.enums';
import { membersApi, uploadMemberImport } from '../../api/members';
import { dateTime, labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs, useT } from '../../prefs';
import { useSession } from '../../session';
import { useClearable } from '../../components/clearable';
import { CardCheck } from './CardCheck';
import { EnrolForm } from './EnrolForm';
import { TransferModal } from './TransferModal';

function MemberTags({ tags }: { tags: string[] }) {
  const t = useT();
  return (
    <>
      {tags.map((x) => (
        <Tag key={x}>{labelOf(t, 'members.tag', x)}</Tag>
      ))}
    </>
  );
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** The register of members: search by number or name, exact lookup by POST, export; enrolment and transfers out. */
function MemberList() {
  const clearable = useClearable();
  const t = useT();
  const { can } = useSession();
  const write = can('member.write');
  const [enrolling, setEnrolling] = useState(false);
  const [moving, setMoving] = useState<Member | null>(null);
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const [found, setFound] = useState<Member[] | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const state = useEndpoint(membersApi.list, { query: { q: q || undefined, page, pageSize: 20 } });
  const columns = [
    { title: t('members.memberNo'), dataIndex: 'memberNo', width: 140 },
    { title: t('members.name'), dataIndex: 'nameMasked', width: 90 },
    { title: t('members.union'), dataIndex: 'orgName' },
    { title: t('members.status'), dataIndex: 'status', width: 100, render: (v: string) => labelOf(t, 'members.status', v) },
    { title: t('members.tags'), dataIndex: 'tags', render: (v: string[]) => <MemberTags tags={v} /> },
    { title: t('members.joinedOn'), dataIndex: 'joinedOn', width: 110 },
  ];
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <SectionTitle>{t('members.lookup')}</SectionTitle>
        {lookupError ? <Alert type="error" showIcon title={lookupError} style={{ marginBottom: 8 }} /> : null}
        <Form
          layout="inline"
          name="member-lookup"
          style={{ rowGap: 8 }}
          onFinish={(v: { idNumber?: string; phone?: string }) => {
            setLookupError(null);
            membersApi.lookup
              .call({ body: { idNumber: v.idNumber?.trim() || undefined, phone: v.phone?.trim() || undefined } })
              .then((r) => setFound(r.items))
              .catch((e: unknown) => setLookupError(errorText(e)));
          }}
        >
          <Form.Item label={t('members.idNumber')} name="idNumber">
            <Input autoComplete="off" maxLength={18} style={{ width: 220 }} />
          </Form.Item>
          <Form.Item label={t('members.phone')} name="phone">
            <Input autoComplete="off" maxLength={20} inputMode="tel" style={{ width: 180 }} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('members.lookupBtn')}
          </Button>
        </Form>
        {found ? <Table<Member> rowKey="id" size="small" dataSource={found} columns={columns} pagination={false} style={{ marginTop: 12 }} /> : null}
      </Card>
      <Card>
        <Space wrap style={{ marginBottom: 12 }}>
          <label htmlFor="members-q">{t('members.q')}</label>
          <Input.Search
            id="members-q"
            allowClear={clearable}
            enterButton={t('common.search')}
            onSearch={(v) => {
              setQ(v.trim());
              setPage(1);
            }}
            style={{ width: 260 }}
          />
          <Button icon={<DownloadOutlined aria-hidden />} href={membersApi.exportXlsx.path({ query: { q: q || undefined } })}>
            {t('members.export')}
          </Button>
          {write ? (
            <Button type="primary" icon={<UserAddOutlined aria-hidden />} onClick={() => setEnrolling(true)}>
              {t('members.enrol')}
            </Button>
          ) : null}
        </Space>
        {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
        <Table<Member>
          rowKey="id"
          loading={state.loading}
          dataSource={state.data?.items ?? []}
          columns={
            write
              ? [
                  ...columns,
                  {
                    title: t('common.actions'),
                    key: 'actions',
                    width: 120,
                    render: (_: unknown, r: Member) =>
                      r.status === 'active' ? (
                        <Button size="small" aria-label={t('members.transfer.label', { no: r.memberNo })} onClick={() => setMoving(r)}>
                          {t('members.transfer')}
                        </Button>
                      ) : null,
                  },
                ]
              : columns
          }
          scroll={{ x: 1000 }}
          locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
          pagination={{ current: page, pageSize: 20, total: state.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
        />
      </Card>
      <Drawer open={enrolling} size="min(640px, 100vw)" title={t('members.enrol')} onClose={() => setEnrolling(false)} destroyOnHidden>
        <EnrolForm
          onCancel={() => setEnrolling(false)}
          onSaved={() => {
            setEnrolling(false);
            state.reload();
          }}
        />
      </Drawer>
      <TransferModal member={moving} onClose={() => setMoving(null)} onDone={state.reload} />
    </>
  );
}

/** Self-registrations from the portal waiting for the union's confirmation. */
function Registrations() {
  const t = useT();
  const { message } = App.useApp();
  const { can } = useSession();
  const state = useEndpoint(membersApi.registrations, { query: { status: 'pending' } });
  const act = (p: Promise<unknown>) => p.then(() => state.reload()).catch((e: unknown) => void message.error(errorText(e)));
  const [rejecting, setRejecting] = useState<Registration | null>(null);
  const [rejectForm] = Form.useForm<{ reason: string }>();
  const reject = async () => {
    const { reason } = await rejectForm.validateFields();
    await act(membersApi.rejectRegistration.call({ params: { id: rejecting!.id }, body: { reason: reason.trim() } }));
    setRejecting(null);
    rejectForm.resetFields();
  };
  return (
    <Card>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Modal
        open={rejecting !== null}
        title={rejecting ? `${t('members.reject')}：${rejecting.name}` : ''}
        okText={t('members.reject')}
        okButtonProps={{ danger: true }}
        onOk={() => void reject().catch(() => undefined)}
        onCancel={() => setRejecting(null)}
        destroyOnHidden
      >
        <Form form={rejectForm} layout="vertical" preserve={false}>
          <Form.Item
            name="reason"
            label={t('members.rejectReason')}
            rules={[{ required: true, whitespace: true, message: t('members.rejectReason.required') }, { max: 200 }]}
          >
            <Input.TextArea rows={3} maxLength={200} showCount />
          </Form.Item>
        </Form>
      </Modal>
      <Table<Registration>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        pagination={false}
        columns={[
          { title: t('members.name'), dataIndex: 'name', width: 90 },
          { title: t('members.idNumber'), dataIndex: 'idNumberMasked', width: 190 },
          { title: t('members.phone'), dataIndex: 'phoneMasked', width: 130 },
          { title: t('members.union'), dataIndex: 'orgName' },
          { title: t('members.tags'), dataIndex: 'tags', render: (v: string[]) => <MemberTags tags={v} /> },
          { title: t('members.submittedAt'), dataIndex: 'submittedAt', width: 150, render: (v: string) => dateTime(v) },
          {
            title: t('members.status'),
            key: 'act',
            width: 200,
            render: (_: unknown, r) =>
              can('member.write') ? (
                <Space>
                  <Button size="small" type="primary" onClick={() => act(membersApi.confirmRegistration.call({ params: { id: r.id }, body: {} }))}>
                    {t('members.confirm')}
                  </Button>
                  <Button size="small" onClick={() => setRejecting(r)}>
                    {t('members.reject')}
                  </Button>
                </Space>
              ) : (
                labelOf(t, 'members.reg.status', r.status)
              ),
          },
        ]}
      />
    </Card>
  );
}

function Transfers() {
  const t = useT();
  const { message } = App.useApp();
  const state = useEndpoint(membersApi.transfers, { query: {} });
  const yes = (v: boolean) => (v ? t('members.yes') : t('members.no'));
  return (
    <Card>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Transfer>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        scroll={{ x: 900 }}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        pagination={false}
        columns={[
          { title: t('members.memberNo'), dataIndex: 'memberNo', width: 140 },
          { title: t('members.name'), dataIndex: 'nameMasked', width: 90 },
          { title: t('members.from'), dataIndex: 'fromOrgName' },
          { title: t('members.to'), dataIndex: 'toOrgName' },
          { title: t('members.fromConfirmed'), dataIndex: 'fromConfirmed', width: 110, render: yes },
          { title: t('members.toConfirmed'), dataIndex: 'toConfirmed', width: 110, render: yes },
          {
            title: t('members.status'),
            key: 'act',
            width: 110,
            render: (_: unknown, r) =>
              r.status === 'pending' ? (
                <Button
                  size="small"
                  onClick={() =>
                    void membersApi.confirmTransfer
                      .call({ params: { id: r.id }, body: {} })
                      .then(state.reload, (e: unknown) => void message.error(errorText(e)))
                  }
                >
                  {t('members.confirmTransfer')}
                </Button>
              ) : (
                labelOf(t, 'members.transferStatus', r.status)
              ),
          },
        ]}
      />
    </Card>
  );
}

/** Upload → preview of every row's problems → background import with progress → error file. */
function Import() {
  const { t, lang } = usePrefs();
  const { me } = useSession();
  const [imp, setImp] = useState<MemberImport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  /** Percent of the file sent while it uploads; 100 while the server checks its rows. */
  const [sent, setSent] = useState<number | null>(null);
  useEffect(() => {
    if (imp?.status !== 'running') return;
    const timer = setTimeout(() => void membersApi.getImport.call({ params: { id: imp.id } }).then(setImp, () => undefined), 1000);
    return () => clearTimeout(timer);
  }, [imp]);
  const upload = async (f: File) => {
    setError(null);
    if (f.size > MEMBER_IMPORT_MAX_BYTES) {
      setError(t('members.import.tooLarge', { mb: MEMBER_IMPORT_MAX_BYTES / 1024 / 1024 }));
      return;
    }
    setBusy(true);
    setImp(null);
    setSent(0);
    try {
      setImp(
        await uploadMemberImport(f, {
          csrfToken: me?.csrfToken ?? null,
          lang,
          onProgress: (loaded, total) => setSent(total > 0 ? Math.floor((loaded / total) * 100) : 0),
        }),
      );
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
      setSent(null);
    }
  };
  return (
    <Card>
      <p className="qh-muted">{t('members.import.help')}</p>
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <label
        className="ant-btn ant-btn-default"
        htmlFor="member-import-file"
        style={{ display: 'inline-flex', alignItems: 'center', gap: 6, padding: '4px 15px' }}
      >
        <UploadOutlined aria-hidden /> {t('members.import.file')}
      </label>
      <input
        id="member-import-file"
        type="file"
        accept=".xlsx,.csv"
        disabled={busy}
        style={{ position: 'absolute', width: 1, height: 1, opacity: 0 }}
        onChange={(e) => {
          const f = e.target.files?.[0];
          if (f) void upload(f);
          e.target.value = '';
        }}
      />
      {sent !== null ? (
        <div style={{ marginTop: 16 }} role="status">
          <Progress percent={sent} aria-label={t('members.import.uploading')} />
          {sent < 100 ? t('members.import.uploading') : t('members.import.checking')}
        </div>
      ) : null}
      {imp ? (
        <div style={{ marginTop: 16 }}>
          <Descriptions size="small" column={{ xs: 1, sm: 2, md: 4 }}>
            <Descriptions.Item label={t('members.import.total')}>{imp.totalRows}</Descriptions.Item>
            <Descriptions.Item label={t('members.import.valid')}>{imp.validRows}</Descriptions.Item>
            <Descriptions.Item label={t('members.import.errors')}>{imp.errorRows}</Descriptions.Item>
            <Descriptions.Item label={t('members.import.skipped')}>{imp.skipped}</Descriptions.Item>
          </Descriptions>
          <Space wrap style={{ margin: '8px 0 12px' }}>
            {imp.status === 'previewed' && imp.validRows > 0 ? (
              <Button
                type="primary"
                onClick={() => void membersApi.commitImport.call({ params: { id: imp.id }, body: {} }).then(setImp, (e: unknown) => setError(errorText(e)))}
              >
                {t('members.import.commit')}
              </Button>
            ) : null}
            {imp.errorRows > 0 ? (
              <Button icon={<DownloadOutlined aria-hidden />} href={membersApi.importErrors.path({ params: { id: imp.id } })}>
                {t('members.import.errorFile')}
              </Button>
            ) : null}
          </Space>
          {imp.status === 'running' || imp.status === 'done' ? (
            <div style={{ marginBottom: 12 }} role="status">
              <Progress percent={imp.totalRows ? Math.round((imp.processed / imp.totalRows) * 100) : 100} aria-label={t('members.import.progress')} />
              {imp.status === 'done' ? t('members.import.done', { n: imp.inserted }) : t('members.import.running')}
            </div>
          ) : null}
          {imp.problemsTotal > imp.problems.length ? (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 8 }}
              title={t('members.import.moreProblems', { shown: imp.problems.length, total: imp.problemsTotal })}
            />
          ) : null}
          <Table
            rowKey={(p) => `${p.row}:${p.field}:${p.code}`}
            size="small"
            dataSource={imp.problems}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            columns={[
              { title: t('members.import.row'), dataIndex: 'row', width: 80 },
              { title: t('members.import.field'), dataIndex: 'field', width: 120 },
              { title: t('members.import.problem'), dataIndex: 'message' },
            ]}
          />
        </div>
      ) : null}
    </Card>
  );
}

/** Members (会员): the register, applications from the portal, transfers, import. */
export function MembersPage() {
  const t = useT();
  const { can } = useSession();
  const items = [
    { key: 'list', label: t('members.tab.list'), children: <MemberList /> },
    { key: 'registrations', label: t('members.tab.registrations'), children: <Registrations /> },
    { key: 'transfers', label: t('members.tab.transfers'), children: <Transfers /> },
    ...(can('member.write') ? [{ key: 'import', label: t('members.tab.import'), children: <Import /> }] : []),
    ...(can('member.verify') ? [{ key: 'card', label: t('members.tab.card'), children: <CardCheck /> }] : []),
  ];
  const initial = new URLSearchParams(window.location.search).get('tab') ?? 'list';
  return (
    <>
      <PageTitle>{t('members.title')}</PageTitle>
      <Tabs defaultActiveKey={initial} items={items} destroyOnHidden />
    </>
  );
}
