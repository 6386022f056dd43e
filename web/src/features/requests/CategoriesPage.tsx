import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Col, Flex, Form, Input, InputNumber, Modal, Row, Select, Switch, Tabs, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useMemo, useState } from 'react';
import type { Category, CategoryCreate, FieldDef, RoutingRule } from '@contracts/requests';
import { FIELD_DATATYPES, START_LEVELS } from '@contracts/requests.enums';
import { requestsApi } from '../../api/requests';
import { useConfirm } from '../../components/confirm';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { OrgSelect } from '../../components/OrgSelect';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { RegionSelect } from '../../components/RegionSelect';
import { EmptyState, ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useOrgTypes } from '../../components/use-org-types';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';
import './requests.css';
import { useCategories, useCategoryOptions } from './shared';
import { useClearable } from '../../components/clearable';

type Row = Category & { children?: Row[] };

/** The category catalogue (派单目录) and the routing rules, for administrators. */
export function CategoriesPage() {
  const { t } = usePrefs();
  const { can } = useSession();
  return (
    <>
      <PageTitle>{t('req.catalogueTitle')}</PageTitle>
      <Tabs
        items={[
          { key: 'cats', label: t('req.catalogue'), children: <CategoryTab /> },
          ...(can('request.read') || can('category.write') ? [{ key: 'rules', label: t('req.rules'), children: <RulesTab /> }] : []),
        ]}
      />
    </>
  );
}

function CategoryTab() {
  const { t, lang } = usePrefs();
  const { can } = useSession();
  const cats = useCategories(true);
  const [editing, setEditing] = useState<Category | 'new' | null>(null);
  const rows = useMemo<Row[]>(() => {
    const items = cats.items ?? [];
    const roots = items.filter((c) => c.parentId === null).sort((a, b) => a.sort - b.sort);
    return roots.map((r) => {
      const kids = items.filter((c) => c.parentId === r.id).sort((a, b) => a.sort - b.sort);
      return kids.length ? { ...r, children: kids } : r;
    });
  }, [cats.items]);
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap="small">
        <SectionTitle>{t('req.catalogue')}</SectionTitle>
        {can('category.write') ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')}>
            {t('req.cat.create')}
          </Button>
        ) : null}
      </Flex>
      {cats.error ? <ErrorState error={cats.error} onRetry={cats.reload} /> : null}
      <Table<Row>
        key={rows.length}
        rowKey="id"
        loading={!cats.items && !cats.error}
        dataSource={rows}
        pagination={false}
        expandable={{ defaultExpandAllRows: true }}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          { title: t('req.cat.name'), key: 'name', render: (_, c) => <span className="qh-keep-words">{localName(lang, c)}</span> },
          { title: t('req.cat.code'), dataIndex: 'code', render: (v: string) => <span className="qh-mono">{v}</span> },
          { title: t('req.cat.orgType'), dataIndex: 'defaultOrgType', render: (v: string | null) => labelOf(t, 'req.orgType', v) },
          { title: t('req.cat.startLevel'), dataIndex: 'startLevel', render: (v: string) => labelOf(t, 'level', v) },
          { title: t('req.cat.sla'), key: 'sla', render: (_, c) => t('req.cat.slaValue', { a: c.slaAcceptDays, r: c.slaResponseDays, s: c.slaResolveDays }) },
          {
            title: t('req.cat.fields'),
            key: 'fields',
            render: (_, c) =>
              c.fields.length ? c.fields.map((f) => <Tag key={f.code}>{lang === 'en' && f.labelEn ? f.labelEn : f.label}</Tag>) : t('common.none'),
          },
          {
            title: t('req.cat.active'),
            dataIndex: 'active',
            render: (v: boolean) => (v ? <Tag className="qh-tag-ok">{t('common.yes')}</Tag> : <Tag className="qh-tag-archived">{t('common.no')}</Tag>),
          },
          ...(can('category.write')
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  render: (_: unknown, c: Row) => (
                    <Button size="small" onClick={() => setEditing(c)} aria-label={`${t('common.edit')} ${localName(lang, c)}`}>
                      {t('common.edit')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {editing ? (
        <CategoryModal
          category={editing === 'new' ? null : editing}
          all={cats.items ?? []}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            cats.reload();
          }}
        />
      ) : null}
    </Card>
  );
}

type CatValues = {
  code: string;
  parentId?: number | null;
  nameZh: string;
  nameEn: string;
  description?: string;
  descriptionEn?: string;
  defaultOrgType?: string | null;
  startLevel: string;
  slaAcceptDays: number;
  slaResponseDays: number;
  slaResolveDays: number;
  sort?: number;
  active: boolean;
  fields: (Omit<FieldDef, 'values'> & { valuesText?: string })[];
};

function CategoryModal({ category, all, onClose, onSaved }: { category: Category | null; all: Category[]; onClose: () => void; onSaved: () => void }) {
  const clearable = useClearable();
  const { t, lang } = usePrefs();
  const { message } = App.useApp();
  const { types } = useOrgTypes();
  const [form] = Form.useForm<CatValues>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const initial: Partial<CatValues> = category
    ? {
        ...category,
        fields: category.fields.map((f) => ({ ...f, valuesText: (f.values ?? []).map((x) => `${x.key}=${x.name}`).join('\n') })),
      }
    : { startLevel: 'community', slaAcceptDays: 1, slaResponseDays: 3, slaResolveDays: 15, active: true, fields: [] };

  const submit = async (v: CatValues) => {
    setBusy(true);
    setError(null);
    const fields: FieldDef[] = (v.fields ?? []).map((f) => {
      const values = (f.valuesText ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean)
        .map((l) => {
          const [key, ...rest] = l.split('=');
          return { key: (key ?? '').trim(), name: rest.join('=').trim() || (key ?? '').trim() };
        });
      const out: FieldDef = { code: f.code, label: f.label, datatype: f.datatype, required: !!f.required };
      if (f.labelEn) out.labelEn = f.labelEn;
      if (f.datatype === 'singlevaluelist' || f.datatype === 'multivaluelist') out.values = values;
      return out;
    });
    const body = {
      parentId: v.parentId ?? null,
      nameZh: v.nameZh,
      nameEn: v.nameEn,
      description: v.description ?? '',
      descriptionEn: v.descriptionEn ?? '',
      defaultOrgType: v.defaultOrgType ?? null,
      startLevel: v.startLevel as CategoryCreate['startLevel'],
      slaAcceptDays: v.slaAcceptDays,
      slaResponseDays: v.slaResponseDays,
      slaResolveDays: v.slaResolveDays,
      sort: v.sort,
      fields,
    };
    try {
      if (category) await requestsApi.updateCategory.call({ params: { id: category.id }, body: { ...body, version: category.version, active: v.active } });
      else await requestsApi.createCategory.call({ body: { ...body, code: v.code } });
      void message.success(t('common.saved'));
      onSaved();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  const req = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  return (
    <Modal
      open
      title={category ? t('req.cat.edit', { name: localName(lang, category) }) : t('req.cat.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      width={820}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <Form<CatValues> form={form} name="category" layout="vertical" initialValues={initial} onFinish={(v) => void submit(v)}>
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item
              label={t('req.cat.code')}
              name="code"
              rules={[...req(t('req.cat.code')), { pattern: /^[a-z][a-z0-9_]{1,39}$/, message: t('req.cat.codeFormat') }]}
            >
              <Input disabled={!!category} className="qh-mono" maxLength={40} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('req.cat.parent')} name="parentId">
              <Select
                allowClear={clearable}
                options={all.filter((c) => c.parentId === null && c.id !== category?.id).map((c) => ({ value: c.id, label: localName(lang, c) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('req.cat.nameZh')} name="nameZh" rules={req(t('req.cat.nameZh'))}>
              <Input maxLength={60} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('req.cat.nameEn')} name="nameEn" rules={req(t('req.cat.nameEn'))}>
              <Input maxLength={120} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('req.cat.description')} name="description">
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item label={t('req.cat.descriptionEn')} name="descriptionEn">
              <Input.TextArea rows={2} maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('req.cat.orgType')} name="defaultOrgType">
              <Select allowClear={clearable} options={(types ?? []).map((x) => ({ value: x.code, label: localName(lang, x) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('req.cat.startLevel')} name="startLevel">
              <Select options={START_LEVELS.map((l) => ({ value: l, label: labelOf(t, 'level', l) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('req.cat.sort')} name="sort">
              <InputNumber min={0} max={10000} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('req.cat.slaAccept')} name="slaAcceptDays" rules={req(t('req.cat.slaAccept'))}>
              <InputNumber min={0} max={60} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('req.cat.slaResponse')} name="slaResponseDays" rules={req(t('req.cat.slaResponse'))}>
              <InputNumber min={0} max={120} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item label={t('req.cat.slaResolve')} name="slaResolveDays" rules={req(t('req.cat.slaResolve'))}>
              <InputNumber min={1} max={365} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          {category ? (
            <Col span={24}>
              <Form.Item label={t('req.cat.active')} name="active" valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          ) : null}
        </Row>
        <SectionTitle level={3}>{t('req.cat.fields')}</SectionTitle>
        <Form.List name="fields">
          {(items, { add, remove }) => (
            <>
              {items.map(({ key, name }) => (
                <Card key={key} size="small" style={{ marginBottom: 8 }}>
                  <Row gutter={8} align="bottom">
                    <Col xs={24} md={5}>
                      <Form.Item
                        label={t('req.cat.fieldCode')}
                        name={[name, 'code']}
                        rules={[...req(t('req.cat.fieldCode')), { pattern: /^[a-z][a-z0-9_]{0,39}$/, message: t('req.cat.codeFormat') }]}
                      >
                        <Input className="qh-mono" />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item label={t('req.cat.fieldLabel')} name={[name, 'label']} rules={req(t('req.cat.fieldLabel'))}>
                        <Input maxLength={60} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={6}>
                      <Form.Item label={t('req.cat.fieldLabelEn')} name={[name, 'labelEn']}>
                        <Input maxLength={120} />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={4}>
                      <Form.Item label={t('req.cat.fieldType')} name={[name, 'datatype']} initialValue="string">
                        <Select
                          options={FIELD_DATATYPES.map((d) => ({
                            value: d,
                            label: labelOf(t, 'req.datatype', d),
                          }))}
                        />
                      </Form.Item>
                    </Col>
                    <Col xs={24} md={3}>
                      <Form.Item name={[name, 'required']} valuePropName="checked" initialValue={false}>
                        <Checkbox>{t('req.cat.fieldRequired')}</Checkbox>
                      </Form.Item>
                    </Col>
                    <Col flex="auto">
                      <Form.Item noStyle shouldUpdate>
                        {() =>
                          ['singlevaluelist', 'multivaluelist'].includes(form.getFieldValue(['fields', name, 'datatype']) as string) ? (
                            <Form.Item label={t('req.cat.fieldValues')} name={[name, 'valuesText']} extra={t('req.cat.fieldValuesHint')}>
                              <Input.TextArea rows={3} className="qh-mono" />
                            </Form.Item>
                          ) : null
                        }
                      </Form.Item>
                    </Col>
                    <Col>
                      <Button icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(name)} style={{ marginBottom: 24 }}>
                        {t('req.cat.removeField')}
                      </Button>
                    </Col>
                  </Row>
                </Card>
              ))}
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ datatype: 'string', required: false })}>
                {t('req.cat.addField')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Modal>
  );
}

function RulesTab() {
  const clearable = useClearable();
  const { t } = usePrefs();
  const { can } = useSession();
  const confirm = useConfirm();
  const cats = useCategories(true);
  const options = useCategoryOptions(cats.items, false);
  const [category, setCategory] = useState<string | undefined>();
  const state = useEndpoint(requestsApi.rules, { query: { category } });
  const [adding, setAdding] = useState(false);
  const catName = (code: string) => cats.items?.find((c) => c.code === code)?.nameZh ?? code;
  return (
    <Card>
      <Flex justify="space-between" align="center" wrap gap="small">
        <SectionTitle>{t('req.rules')}</SectionTitle>
        {can('category.write') ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            {t('req.rule.create')}
          </Button>
        ) : null}
      </Flex>
      <p className="qh-muted">{t('req.rule.hint')}</p>
      <Form layout="inline" component="div" style={{ marginBottom: 12 }}>
        <Form.Item label={t('req.category')} htmlFor="rule-category">
          <Select
            id="rule-category"
            allowClear={clearable}
            placeholder={t('common.all')}
            value={category}
            onChange={(v?: string) => setCategory(v)}
            options={options}
            style={{ width: 240 }}
          />
        </Form.Item>
      </Form>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<RoutingRule>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        pagination={{ pageSize: 20, showSizeChanger: false, showTotal: (n) => t('common.total', { n }) }}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('req.category'), dataIndex: 'categoryCode', render: (v: string) => catName(v) },
          { title: t('req.region'), dataIndex: 'regionName' },
          { title: t('req.rule.org'), dataIndex: 'orgName' },
          ...(can('category.write')
            ? [
                {
                  title: t('common.actions'),
                  key: 'act',
                  render: (_: unknown, r: RoutingRule) => (
                    <Button
                      size="small"
                      danger
                      onClick={() =>
                        confirm({
                          title: t('req.rule.deleteConfirm', { category: catName(r.categoryCode), region: r.regionName }),
                          danger: true,
                          okText: t('common.delete'),
                          onOk: () => requestsApi.deleteRule.call({ params: { id: r.id } }).then(() => state.reload()),
                          successText: t('common.deleted'),
                        })
                      }
                    >
                      {t('common.delete')}
                    </Button>
                  ),
                },
              ]
            : []),
        ]}
      />
      {adding ? (
        <RuleModal
          options={options}
          onClose={() => setAdding(false)}
          onSaved={() => {
            setAdding(false);
            state.reload();
          }}
        />
      ) : null}
    </Card>
  );
}

function RuleModal({ options, onClose, onSaved }: { options: ReturnType<typeof useCategoryOptions>; onClose: () => void; onSaved: () => void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ categoryCode: string; regionCode: string; orgId: number }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const req = (field: string) => [{ required: true, message: t('common.required', { field }) }];
  return (
    <Modal
      open
      title={t('req.rule.create')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <FormAlert message={error} />
      <Form
        form={form}
        name="routing-rule"
        layout="vertical"
        onFinish={(v) => {
          setBusy(true);
          setError(null);
          requestsApi.setRule
            .call({ body: v })
            .then(() => {
              void message.success(t('common.created'));
              onSaved();
            })
            .catch((err: unknown) => setError(applyFormError(form, err)))
            .finally(() => setBusy(false));
        }}
      >
        <Form.Item label={t('req.category')} name="categoryCode" rules={req(t('req.category'))}>
          <Select options={options} />
        </Form.Item>
        <Form.Item label={t('req.region')} name="regionCode" rules={req(t('req.region'))}>
          <RegionSelect />
        </Form.Item>
        <Form.Item label={t('req.rule.org')} name="orgId" rules={req(t('req.rule.org'))}>
          <OrgSelect />
        </Form.Item>
      </Form>
    </Modal>
  );
}
