import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { Incubation, Membership, SocialOrg, SocialOrgDetail, SocialOrgInput, SorgDocument } from '@contracts/socialorgs';
import { DOC_KINDS, DOMAINS, RATINGS, REG_TYPES, SORG_STATUSES } from '@contracts/socialorgs.enums';
import { App, Button, Card, Descriptions, Drawer, Flex, Form, Input, Modal, Select, Space, Tag, Upload } from 'antd';
import { useState } from 'react';
import { errorMessage } from '../../api';
import { socialorgsApi } from '../../api/socialorgs';
import { useClearable } from '../../components/clearable';
import { useConfirm } from '../../components/confirm';
import { DateField } from '../../components/DateField';
import { FormAlert } from '../../components/FormAlert';
import { useFormSave } from '../../components/form-errors';
import { labelOf, todayIso } from '../../components/labels';
import { SectionTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { Table } from '../../components/Table';
import { DataState, EmptyState, ErrorState } from '../../components/states';
import { useDebounced, useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { creditCodeProblem, normalizeCreditCode, REG_TYPE_PREFIX } from './credit-code';

type Phase = 'incubating' | 'growing' | 'graduated' | 'withdrawn';
/** Largest document file (the server checks again, with the bytes' type). */
const MAX_FILE_BYTES = 10 * 1024 * 1024;
const FILE_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/webp'];

const fileSize = (n: number) => (n < 1024 * 1024 ? `${Math.max(1, Math.round(n / 1024))} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`);

/** A file's bytes in base64, in slices (a spread of millions of arguments overflows the stack). */
async function base64Of(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

type RegisterValues = Omit<SocialOrgInput, 'contact' | 'rating'> & { rating?: string; contactName?: string; contactPhone?: string };

/** Registers a social organization: credit code (GB 32100) checked at the field, in the form and on the server. */
function RegisterModal({ open, onClose, onDone }: { open: boolean; onClose: () => void; onDone: (id: number) => void }) {
  const t = useT();
  const [form] = Form.useForm<RegisterValues>();
  const { busy, error: alert, save } = useFormSave(form, { 'contact.name': 'contactName', 'contact.phone': 'contactPhone' });
  const required = (field: string) => ({ required: true, whitespace: true, message: t('common.required', { field }) });
  const submit = (v: RegisterValues) =>
    save(
      () => {
        const contact = v.contactName?.trim() && v.contactPhone?.trim() ? { name: v.contactName.trim(), phone: v.contactPhone.trim() } : undefined;
        return socialorgsApi.register.call({
          body: {
            name: v.name.trim(),
            creditCode: normalizeCreditCode(v.creditCode),
            regType: v.regType,
            authority: v.authority.trim(),
            registeredOn: v.registeredOn,
            domain: v.domain,
            regionCode: v.regionCode,
            serviceAreas: v.serviceAreas ?? [],
            rating: (v.rating as SocialOrgInput['rating']) ?? null,
            ...(contact ? { contact } : {}),
          },
        });
      },
      { success: t('sorg.registered'), then: (r) => onDone(r.id) },
    );
  return (
    <Modal
      open={open}
      title={t('sorg.register')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={720}
    >
      <FormAlert message={alert} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={{ regType: 'social_service', domain: 'community', serviceAreas: [] }}>
        <Form.Item
          name="name"
          label={t('sorg.name')}
          rules={[required(t('sorg.name')), { min: 2, max: 100, message: t('sorg.v.length', { min: 2, max: 100 }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Flex gap="middle" wrap>
          <Form.Item name="regType" label={t('sorg.regType')} rules={[{ required: true }]} style={{ flex: '1 1 220px' }}>
            <Select options={REG_TYPES.map((k) => ({ value: k, label: labelOf(t, 'sorg.regType', k) }))} />
          </Form.Item>
          <Form.Item
            name="creditCode"
            label={t('sorg.creditCode')}
            extra={t('sorg.creditCode.hint')}
            dependencies={['regType']}
            validateTrigger="onBlur"
            style={{ flex: '1 1 260px' }}
            rules={[
              required(t('sorg.creditCode')),
              ({ getFieldValue }) => ({
                validator: async (_, raw: string | undefined) => {
                  if (!raw?.trim()) return;
                  const p = creditCodeProblem(raw);
                  if (p) throw new Error(t(p === 'format' ? 'sorg.v.creditFormat' : 'sorg.v.creditChecksum'));
                  const prefix = REG_TYPE_PREFIX[getFieldValue('regType') as string];
                  if (prefix && !normalizeCreditCode(raw).startsWith(prefix)) throw new Error(t('sorg.v.creditType', { prefix }));
                },
              }),
            ]}
          >
            <Input maxLength={30} autoComplete="off" />
          </Form.Item>
        </Flex>
        <Flex gap="middle" wrap>
          <Form.Item
            name="authority"
            label={t('sorg.authority')}
            rules={[required(t('sorg.authority')), { min: 2, message: t('sorg.v.length', { min: 2, max: 100 }) }]}
            style={{ flex: '1 1 260px' }}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item
            name="registeredOn"
            label={t('sorg.registeredOn')}
            rules={[{ required: true, message: t('common.required', { field: t('sorg.registeredOn') }) }]}
            style={{ flex: '1 1 200px' }}
          >
            <DateField max={todayIso()} />
          </Form.Item>
        </Flex>
        <Flex gap="middle" wrap>
          <Form.Item name="domain" label={t('sorg.domain')} rules={[{ required: true }]} style={{ flex: '1 1 200px' }}>
            <Select options={DOMAINS.map((k) => ({ value: k, label: labelOf(t, 'sorg.domain', k) }))} />
          </Form.Item>
          <Form.Item name="rating" label={t('sorg.rating')} style={{ flex: '1 1 160px' }}>
            <Select allowClear options={RATINGS.map((k) => ({ value: k, label: k }))} placeholder={t('common.none')} />
          </Form.Item>
        </Flex>
        <Form.Item name="regionCode" label={t('sorg.region')} rules={[{ required: true, message: t('common.required', { field: t('sorg.region') }) }]}>
          <RegionSelect aria-label={t('sorg.region')} placeholder={t('sorg.regionSearch')} />
        </Form.Item>
        <Form.Item name="serviceAreas" label={t('sorg.serviceAreas')} extra={t('sorg.serviceAreas.hint')}>
          <AreaList />
        </Form.Item>
        <Flex gap="middle" wrap>
          <Form.Item name="contactName" label={t('sorg.contactName')} style={{ flex: '1 1 200px' }}>
            <Input maxLength={50} autoComplete="off" />
          </Form.Item>
          <Form.Item
            name="contactPhone"
            label={t('sorg.contactPhone')}
            style={{ flex: '1 1 200px' }}
            dependencies={['contactName']}
            rules={[
              ({ getFieldValue }) => ({
                validator: async (_, v: string | undefined) => {
                  if ((getFieldValue('contactName') as string | undefined)?.trim() && !v?.trim())
                    throw new Error(t('common.required', { field: t('sorg.contactPhone') }));
                  if (v?.trim() && !/^[0-9-]{5,20}$/.test(v.trim())) throw new Error(t('sorg.v.phone'));
                },
              }),
            ]}
          >
            <Input maxLength={20} inputMode="tel" autoComplete="off" />
          </Form.Item>
        </Flex>
      </Form>
    </Modal>
  );
}

/** Service areas: region codes picked one at a time, shown as removable tags. */
function AreaList({ value = [], onChange, id }: { value?: string[]; onChange?: (v: string[]) => void; id?: string }) {
  const t = useT();
  return (
    <Flex vertical gap="small">
      <RegionSelect
        // Remounted after each pick, so the search field is empty again for the next area.
        key={value.join(',')}
        id={id}
        aria-label={t('sorg.serviceAreas.add')}
        placeholder={t('sorg.serviceAreas.add')}
        value={undefined}
        onChange={(code) => {
          if (code && !value.includes(code)) onChange?.([...value, code]);
        }}
      />
      {value.length ? (
        <Flex gap="small" wrap>
          {value.map((c) => (
            <Tag
              key={c}
              closable
              closeIcon={<span aria-label={t('sorg.serviceAreas.remove', { area: c })}>×</span>}
              onClose={() => onChange?.(value.filter((x) => x !== c))}
            >
              {c}
            </Tag>
          ))}
        </Flex>
      ) : null}
    </Flex>
  );
}

/** Rating grade, status and service areas of a registered organization (with its version). */
function EditModal({ org, onClose, onDone }: { org: SocialOrgDetail; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ rating?: string; status: string; serviceAreas: string[] }>();
  const { busy, error: alert, save } = useFormSave(form);
  const submit = (v: { rating?: string; status: string; serviceAreas: string[] }) =>
    save(
      () =>
        socialorgsApi.update.call({
          params: { id: org.id },
          body: {
            version: org.version,
            rating: (v.rating as SocialOrgInput['rating']) ?? null,
            status: v.status as (typeof SORG_STATUSES)[number],
            serviceAreas: v.serviceAreas,
          },
        }),
      { success: t('common.saved'), then: onDone },
    );
  return (
    <Modal
      open
      title={t('sorg.edit', { name: org.name })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <FormAlert message={alert} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{ rating: org.rating ?? undefined, status: org.status, serviceAreas: org.serviceAreas }}
      >
        <Form.Item name="rating" label={t('sorg.rating')}>
          <Select allowClear options={RATINGS.map((k) => ({ value: k, label: k }))} placeholder={t('common.none')} />
        </Form.Item>
        <Form.Item name="status" label={t('sorg.status')} rules={[{ required: true }]} extra={t('sorg.status.hint')}>
          <Select options={SORG_STATUSES.map((k) => ({ value: k, label: labelOf(t, 'sorg.status', k) }))} />
        </Form.Item>
        <Form.Item name="serviceAreas" label={t('sorg.serviceAreas')}>
          <AreaList />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Records a document (kind, title, expiry) of an organization. */
function AddDocumentModal({ org, onClose, onDone }: { org: SocialOrgDetail; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ kind: (typeof DOC_KINDS)[number]; title: string; expiresOn?: string }>();
  const { busy, error: alert, save } = useFormSave(form);
  return (
    <Modal
      open
      title={t('sorg.doc.add')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
    >
      <FormAlert message={alert} />
      <Form
        form={form}
        layout="vertical"
        initialValues={{ kind: 'registration' }}
        onFinish={(v) =>
          void save(
            () => socialorgsApi.addDocument.call({ params: { id: org.id }, body: { kind: v.kind, title: v.title.trim(), expiresOn: v.expiresOn || null } }),
            {
              success: t('common.saved'),
              then: onDone,
            },
          )
        }
      >
        <Form.Item name="kind" label={t('sorg.doc.kind')} rules={[{ required: true }]}>
          <Select options={DOC_KINDS.map((k) => ({ value: k, label: labelOf(t, 'sorg.doc.kind', k) }))} />
        </Form.Item>
        <Form.Item
          name="title"
          label={t('sorg.doc.title')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('sorg.doc.title') }) }]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="expiresOn" label={t('sorg.doc.expiresOn')}>
          <DateField />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** Uploads (or replaces) a document's file: PDF or image, at most 10 MB; the server checks the bytes. */
function DocumentUpload({ org, doc, onDone }: { org: SocialOrgDetail; doc: SorgDocument; onDone: () => void }) {
  const t = useT();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const upload = async (file: File) => {
    if (file.size > MAX_FILE_BYTES) {
      void message.error(t('sorg.doc.tooLarge', { max: '10 MB' }));
      return;
    }
    if (file.type && !FILE_TYPES.includes(file.type)) {
      void message.error(t('sorg.doc.badType'));
      return;
    }
    setBusy(true);
    try {
      await socialorgsApi.uploadDocumentFile.call({
        params: { id: org.id, documentId: doc.id },
        body: { name: file.name, contentBase64: await base64Of(file) },
      });
      void message.success(t('sorg.doc.uploaded'));
      onDone();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Upload
      accept=".pdf,.jpg,.jpeg,.png,.webp,application/pdf,image/jpeg,image/png,image/webp"
      showUploadList={false}
      beforeUpload={(file) => {
        void upload(file);
        return Upload.LIST_IGNORE;
      }}
    >
      <Button
        size="small"
        icon={<UploadOutlined aria-hidden />}
        loading={busy}
        aria-label={t(doc.file ? 'sorg.doc.replaceOf' : 'sorg.doc.uploadOf', { title: doc.title })}
      >
        {t(doc.file ? 'sorg.doc.replace' : 'sorg.doc.upload')}
      </Button>
    </Upload>
  );
}

function Documents({ org, manage, reload }: { org: SocialOrgDetail; manage: boolean; reload: () => void }) {
  const t = useT();
  const [adding, setAdding] = useState(false);
  return (
    <section aria-labelledby="sorg-docs">
      <Flex justify="space-between" align="center">
        <SectionTitle id="sorg-docs">{t('sorg.docs')}</SectionTitle>
        {manage ? (
          <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            {t('sorg.doc.add')}
          </Button>
        ) : null}
      </Flex>
      <p className="qh-muted">{t('sorg.doc.hint')}</p>
      <Table<SorgDocument>
        rowKey="id"
        size="small"
        dataSource={org.documents}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <EmptyState description={t('sorg.doc.none')} /> }}
        columns={[
          { title: t('sorg.doc.kind'), dataIndex: 'kind', width: 120, render: (v: string) => labelOf(t, 'sorg.doc.kind', v) },
          { title: t('sorg.doc.title'), dataIndex: 'title' },
          {
            title: t('sorg.doc.expiresOn'),
            dataIndex: 'expiresOn',
            width: 150,
            render: (v: string | null, d) => (
              <Space size={4}>
                {v ?? t('common.none')}
                {d.expiring ? <Tag color="warning">{t('sorg.expiringTag')}</Tag> : null}
              </Space>
            ),
          },
          {
            title: t('sorg.doc.file'),
            key: 'file',
            render: (_: unknown, d) => (
              <Space wrap size="small">
                {d.file ? (
                  <a
                    href={socialorgsApi.documentFile.path({ params: { id: org.id, documentId: d.id } })}
                    download={d.file.name}
                    aria-label={t('sorg.doc.downloadOf', { name: d.file.name })}
                  >
                    <DownloadOutlined aria-hidden /> {d.file.name}（{fileSize(d.file.size)}）
                  </a>
                ) : (
                  <span className="qh-muted">{t('sorg.doc.noFile')}</span>
                )}
                {manage ? <DocumentUpload org={org} doc={d} onDone={reload} /> : null}
              </Space>
            ),
          },
        ]}
      />
      {adding ? (
        <AddDocumentModal
          org={org}
          onClose={() => setAdding(false)}
          onDone={() => {
            setAdding(false);
            reload();
          }}
        />
      ) : null}
    </section>
  );
}

/** Hub federation (枢纽型): members join and leave. */
function Federation({ org, manage, reload }: { org: SocialOrgDetail; manage: boolean; reload: () => void }) {
  const t = useT();
  const confirm = useConfirm();
  const clearable = useClearable();
  const { message } = App.useApp();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const candidates = useEndpoint(socialorgsApi.list, manage ? { query: { pageSize: 20, ...(dq ? { q: dq } : {}) } } : null);
  const [memberId, setMemberId] = useState<number | undefined>();
  const [busy, setBusy] = useState(false);
  const current = org.members.filter((m) => m.leftOn === null);
  const join = async () => {
    if (!memberId) return;
    setBusy(true);
    try {
      await socialorgsApi.join.call({ params: { id: org.id }, body: { memberId } });
      void message.success(t('common.saved'));
      setMemberId(undefined);
      reload();
    } catch (e) {
      void message.error(errorMessage(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-labelledby="sorg-fed">
      <SectionTitle id="sorg-fed">{t('sorg.members')}</SectionTitle>
      {org.hubs.some((h) => h.leftOn === null) ? (
        <p>
          {t('sorg.memberOf')}
          {org.hubs
            .filter((h) => h.leftOn === null)
            .map((h) => h.hubName)
            .join('、')}
        </p>
      ) : null}
      <Table<Membership>
        rowKey="id"
        size="small"
        dataSource={org.members}
        pagination={false}
        locale={{ emptyText: <EmptyState description={t('sorg.members.none')} /> }}
        columns={[
          { title: t('sorg.name'), dataIndex: 'memberName' },
          { title: t('sorg.joinedOn'), dataIndex: 'joinedOn', width: 120 },
          { title: t('sorg.leftOn'), dataIndex: 'leftOn', width: 120, render: (v: string | null) => v ?? t('common.none') },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  width: 110,
                  render: (_: unknown, m: Membership) =>
                    m.leftOn === null ? (
                      <Button
                        size="small"
                        danger
                        onClick={() =>
                          confirm({
                            title: t('sorg.leave.confirm', { name: m.memberName, hub: org.name }),
                            danger: true,
                            okText: t('sorg.leave'),
                            onOk: async () => {
                              await socialorgsApi.leave.call({ params: { id: m.id }, body: {} });
                              reload();
                            },
                          })
                        }
                      >
                        {t('sorg.leave')}
                      </Button>
                    ) : null,
                },
              ]
            : []),
        ]}
      />
      {manage ? (
        <Flex gap="small" wrap style={{ marginTop: 8 }}>
          <Select
            showSearch
            filterOption={false}
            allowClear={clearable}
            aria-label={t('sorg.join.member')}
            placeholder={t('sorg.join.member')}
            style={{ minWidth: 280 }}
            value={memberId}
            onSearch={setQ}
            onChange={(v: number | undefined) => setMemberId(v)}
            loading={candidates.loading}
            options={(candidates.data?.items ?? [])
              .filter((s) => s.id !== org.id && !current.some((m) => m.memberId === s.id))
              .map((s: SocialOrg) => ({ value: s.id, label: s.name }))}
          />
          <Button onClick={() => void join()} disabled={!memberId} loading={busy}>
            {t('sorg.join')}
          </Button>
        </Flex>
      ) : null}
    </section>
  );
}

/** Incubation programmes of my organization: take the organization in, move it on, graduate it. */
function Incubations({ org, manage, reload }: { org: SocialOrgDetail; manage: boolean; reload: () => void }) {
  const t = useT();
  const confirm = useConfirm();
  const [form] = Form.useForm<{ programme: string; mentor?: string; support?: string }>();
  const [open, setOpen] = useState(false);
  const { busy, error: alert, save } = useFormSave(form);
  const move = (i: Incubation, phase: Phase) =>
    confirm({
      title: t('sorg.inc.moveConfirm', { programme: i.programme, phase: labelOf(t, 'sorg.inc.phase', phase) }),
      danger: phase === 'withdrawn',
      onOk: async () => {
        await socialorgsApi.updateIncubation.call({ params: { id: i.id }, body: { version: i.version, phase } });
        reload();
      },
    });
  return (
    <section aria-labelledby="sorg-inc">
      <Flex justify="space-between" align="center">
        <SectionTitle id="sorg-inc">{t('sorg.incubations')}</SectionTitle>
        {manage ? (
          <Button size="small" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)}>
            {t('sorg.inc.new')}
          </Button>
        ) : null}
      </Flex>
      <Table<Incubation>
        rowKey="id"
        size="small"
        dataSource={org.incubations}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <EmptyState description={t('sorg.inc.none')} /> }}
        columns={[
          { title: t('sorg.inc.programme'), dataIndex: 'programme' },
          { title: t('sorg.inc.phaseLabel'), dataIndex: 'phase', width: 100, render: (v: string) => labelOf(t, 'sorg.inc.phase', v) },
          { title: t('sorg.inc.mentor'), dataIndex: 'mentor', render: (v: string) => v || t('common.none') },
          { title: t('sorg.inc.startedOn'), dataIndex: 'startedOn', width: 110 },
          ...(manage
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  render: (_: unknown, i: Incubation) =>
                    i.phase === 'graduated' || i.phase === 'withdrawn' ? null : (
                      <Space wrap size="small">
                        {i.phase === 'incubating' ? (
                          <Button size="small" onClick={() => move(i, 'growing')}>
                            {t('sorg.inc.toGrowing')}
                          </Button>
                        ) : null}
                        <Button size="small" onClick={() => move(i, 'graduated')}>
                          {t('sorg.inc.graduate')}
                        </Button>
                        <Button size="small" danger onClick={() => move(i, 'withdrawn')}>
                          {t('sorg.inc.withdraw')}
                        </Button>
                      </Space>
                    ),
                },
              ]
            : []),
        ]}
      />
      <Modal
        open={open}
        title={t('sorg.inc.new')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        confirmLoading={busy}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        destroyOnHidden
      >
        <FormAlert message={alert} />
        <Form
          form={form}
          layout="vertical"
          onFinish={(v) =>
            void save(
              () =>
                socialorgsApi.incubate.call({
                  params: { id: org.id },
                  body: { programme: v.programme.trim(), mentor: v.mentor?.trim() ?? '', support: v.support?.trim() ?? '' },
                }),
              {
                success: t('common.saved'),
                then: () => {
                  setOpen(false);
                  reload();
                },
              },
            )
          }
        >
          <Form.Item
            name="programme"
            label={t('sorg.inc.programme')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('sorg.inc.programme') }) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="mentor" label={t('sorg.inc.mentor')}>
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="support" label={t('sorg.inc.support')}>
            <Input.TextArea maxLength={1000} rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </section>
  );
}

/** One organization in a drawer: its record, documents with their files, federation and incubation. */
function SocialOrgDrawer({ id, onClose, onChanged }: { id: number; onClose: () => void; onChanged: () => void }) {
  const t = useT();
  const { can } = useSession();
  const manage = can('sorg.manage');
  const state = useEndpoint(socialorgsApi.get, { params: { id } });
  const [editing, setEditing] = useState(false);
  const reload = () => {
    state.reload();
    onChanged();
  };
  return (
    <Drawer open title={state.data?.name ?? t('sorg.detail')} onClose={onClose} size="large" destroyOnHidden closable={{ 'aria-label': t('common.close') }}>
      <DataState state={state}>
        {(o) => (
          <Flex vertical gap="large">
            <Descriptions column={{ xs: 1, md: 2 }} size="small" bordered>
              <Descriptions.Item label={t('sorg.creditCode')}>{o.creditCode}</Descriptions.Item>
              <Descriptions.Item label={t('sorg.regType')}>{labelOf(t, 'sorg.regType', o.regType)}</Descriptions.Item>
              <Descriptions.Item label={t('sorg.authority')}>{o.authority}</Descriptions.Item>
              <Descriptions.Item label={t('sorg.registeredOn')}>{o.registeredOn}</Descriptions.Item>
              <Descriptions.Item label={t('sorg.domain')}>{labelOf(t, 'sorg.domain', o.domain)}</Descriptions.Item>
              <Descriptions.Item label={t('sorg.region')}>{o.regionName}</Descriptions.Item>
              <Descriptions.Item label={t('sorg.rating')}>{o.rating ?? t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('sorg.status')}>{labelOf(t, 'sorg.status', o.status)}</Descriptions.Item>
              <Descriptions.Item label={t('sorg.serviceAreas')}>{o.serviceAreas.join('、') || t('common.none')}</Descriptions.Item>
              <Descriptions.Item label={t('sorg.contact')}>
                {[o.contactNameMasked, o.contactPhoneMasked].filter(Boolean).join(' ') || t('common.none')}
              </Descriptions.Item>
            </Descriptions>
            {manage ? (
              <div>
                <Button onClick={() => setEditing(true)}>{t('common.edit')}</Button>
              </div>
            ) : null}
            <Documents org={o} manage={manage} reload={reload} />
            <Federation org={o} manage={manage} reload={reload} />
            <Incubations org={o} manage={manage} reload={reload} />
            {editing ? (
              <EditModal
                org={o}
                onClose={() => setEditing(false)}
                onDone={() => {
                  setEditing(false);
                  reload();
                }}
              />
            ) : null}
          </Flex>
        )}
      </DataState>
    </Drawer>
  );
}

/** The registry of my region: search, filter by domain or expiring documents; staff register and edit. */
export function Registry() {
  const t = useT();
  const clearable = useClearable();
  const { can } = useSession();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const [domain, setDomain] = useState<(typeof DOMAINS)[number] | undefined>();
  const [expiring, setExpiring] = useState(false);
  const [page, setPage] = useState(1);
  const [registering, setRegistering] = useState(false);
  const [openId, setOpenId] = useState<number | null>(null);
  const s = useEndpoint(socialorgsApi.list, {
    query: { page, pageSize: 20, ...(dq ? { q: dq } : {}), ...(domain ? { domain } : {}), ...(expiring ? { expiring: true } : {}) },
  });
  return (
    <>
      <Flex gap="small" wrap align="center" style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label={t('sorg.search')}
          placeholder={t('sorg.search')}
          value={q}
          onChange={(e) => {
            setQ(e.target.value);
            setPage(1);
          }}
          allowClear={clearable}
          style={{ maxWidth: 280 }}
        />
        <Select
          aria-label={t('sorg.domain')}
          placeholder={t('sorg.domain')}
          allowClear={clearable}
          style={{ minWidth: 160 }}
          value={domain}
          onChange={(v: (typeof DOMAINS)[number] | undefined) => {
            setDomain(v);
            setPage(1);
          }}
          options={DOMAINS.map((k) => ({ value: k, label: labelOf(t, 'sorg.domain', k) }))}
        />
        <Button
          aria-pressed={expiring}
          type={expiring ? 'primary' : 'default'}
          onClick={() => {
            setExpiring((x) => !x);
            setPage(1);
          }}
        >
          {t('sorg.expiringOnly')}
        </Button>
        {can('sorg.manage') ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setRegistering(true)} style={{ marginInlineStart: 'auto' }}>
            {t('sorg.register')}
          </Button>
        ) : null}
      </Flex>
      {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
      <Table<SocialOrg>
        rowKey="id"
        loading={s.loading}
        dataSource={s.data?.items ?? []}
        pagination={{
          current: page,
          pageSize: 20,
          total: s.data?.total ?? 0,
          onChange: setPage,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { n }),
        }}
        scroll={{ x: 900 }}
        locale={{ emptyText: s.loading ? ' ' : <EmptyState /> }}
        columns={[
          {
            title: t('sorg.name'),
            dataIndex: 'name',
            render: (v: string, r) => (
              <Button type="link" style={{ padding: 0, height: 'auto', whiteSpace: 'normal', textAlign: 'start' }} onClick={() => setOpenId(r.id)}>
                {v}
              </Button>
            ),
          },
          { title: t('sorg.creditCode'), dataIndex: 'creditCode' },
          { title: t('sorg.regType'), dataIndex: 'regType', render: (v: string) => labelOf(t, 'sorg.regType', v) },
          { title: t('sorg.domain'), dataIndex: 'domain', render: (v: string) => labelOf(t, 'sorg.domain', v) },
          { title: t('sorg.region'), dataIndex: 'regionName' },
          { title: t('sorg.rating'), dataIndex: 'rating', width: 90, render: (v: string | null) => v ?? t('common.none') },
          { title: t('sorg.status'), dataIndex: 'status', width: 90, render: (v: string) => labelOf(t, 'sorg.status', v) },
          { title: t('sorg.expiring'), dataIndex: 'expiringDocuments', width: 110, render: (n: number) => (n > 0 ? <Tag color="warning">{n}</Tag> : null) },
        ]}
      />
      <RegisterModal
        open={registering}
        onClose={() => setRegistering(false)}
        onDone={(id) => {
          setRegistering(false);
          s.reload();
          setOpenId(id);
        }}
      />
      {openId !== null ? <SocialOrgDrawer id={openId} onClose={() => setOpenId(null)} onChanged={s.reload} /> : null}
    </>
  );
}

/** A social organization's own record with its documents (download only). */
export function MyOrgDocuments() {
  const t = useT();
  const s = useEndpoint(socialorgsApi.mine);
  if (s.error) return <ErrorState error={s.error} onRetry={s.reload} />;
  if (!s.data) return null;
  const o = s.data;
  return (
    <Card style={{ marginBottom: 16 }}>
      <Descriptions title={t('sorg.mine')} column={{ xs: 1, md: 3 }} size="small">
        <Descriptions.Item label={t('sorg.name')}>{o.name}</Descriptions.Item>
        <Descriptions.Item label={t('sorg.creditCode')}>{o.creditCode}</Descriptions.Item>
        <Descriptions.Item label={t('sorg.rating')}>{o.rating ?? t('common.none')}</Descriptions.Item>
      </Descriptions>
      <Documents org={o} manage={false} reload={s.reload} />
    </Card>
  );
}
