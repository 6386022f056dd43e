import { App, Button, Form, Input, InputNumber, Modal, Switch, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { VenueTypeItem } from '@contracts/venues';
import { venuesApi } from '../../api/venues';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { PageTitle } from '../../components/PageTitle';
import { ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';

type Values = { code: string; nameZh: string; nameEn: string; hasModelLevel?: boolean; expected?: boolean; sort?: number; active?: boolean };

/** The venue type catalogue: the system administrator adds a district's own kind of position, renames, reorders or retires one. */
export function VenueTypesPage() {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const list = useEndpoint(venuesApi.typeCatalogue, {});
  const [editing, setEditing] = useState<VenueTypeItem | 'new' | null>(null);
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const writable = can('venue.type.write');
  const open = (x: VenueTypeItem | 'new') => {
    setError(null);
    form.resetFields();
    if (x !== 'new') form.setFieldsValue(x);
    setEditing(x);
  };
  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      if (editing === 'new')
        await venuesApi.addType.call({
          body: {
            code: v.code,
            nameZh: v.nameZh,
            nameEn: v.nameEn,
            hasModelLevel: v.hasModelLevel ?? false,
            expected: v.expected ?? false,
            sort: v.sort ?? 500,
          },
        });
      else if (editing)
        await venuesApi.updateType.call({
          params: { code: editing.code },
          body: { nameZh: v.nameZh, nameEn: v.nameEn, hasModelLevel: v.hasModelLevel, expected: v.expected, sort: v.sort, active: v.active },
        });
      setEditing(null);
      void message.success(t('common.saved'));
      list.reload();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <PageTitle
        extra={
          writable ? (
            <Button type="primary" onClick={() => open('new')}>
              {t('venue.types.add')}
            </Button>
          ) : null
        }
      >
        {t('venue.types.title')}
      </PageTitle>
      {list.error ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Table<VenueTypeItem>
          rowKey="code"
          loading={list.loading}
          dataSource={list.data?.items ?? []}
          pagination={false}
          scroll={{ x: 800 }}
          columns={[
            { title: t('venue.types.nameZh'), dataIndex: 'nameZh' },
            { title: t('venue.types.nameEn'), dataIndex: 'nameEn' },
            { title: t('venue.types.code'), dataIndex: 'code' },
            {
              title: t('venue.types.flags'),
              key: 'f',
              render: (_, x) => (
                <>
                  {x.hasModelLevel ? <Tag>{t('venue.types.hasModelLevel')}</Tag> : null}
                  {x.expected ? <Tag color="blue">{t('venue.types.expected')}</Tag> : null}
                </>
              ),
            },
            { title: t('venue.types.venues'), dataIndex: 'venues', width: 90 },
            { title: t('venue.edit.status'), dataIndex: 'active', render: (a: boolean) => (a ? t('venue.edit.inUse') : <Tag>{t('venue.edit.retired')}</Tag>) },
            ...(writable
              ? [
                  {
                    title: t('common.actions'),
                    key: 'a',
                    render: (_: unknown, x: VenueTypeItem) => (
                      <Button size="small" onClick={() => open(x)}>
                        {t('venue.types.edit')}
                      </Button>
                    ),
                  },
                ]
              : []),
          ]}
        />
      )}
      <Modal
        open={editing !== null}
        title={editing === 'new' ? t('venue.types.add') : t('venue.types.edit')}
        onCancel={() => setEditing(null)}
        onOk={() => form.submit()}
        okText={t('common.save')}
        cancelText={t('common.cancel')}
        confirmLoading={busy}
        destroyOnHidden
        forceRender
      >
        <FormAlert message={error} />
        <Form form={form} name="venueType" layout="vertical" onFinish={submit} initialValues={{ sort: 500, active: true }}>
          <Form.Item
            name="code"
            label={t('venue.types.code')}
            extra={t('venue.types.codeHint')}
            rules={[
              { required: true, message: t('common.required', { field: t('venue.types.code') }) },
              { pattern: /^[a-z][a-z0-9_]{1,31}$/, message: t('venue.types.codeHint') },
            ]}
          >
            <Input disabled={editing !== 'new'} maxLength={32} />
          </Form.Item>
          <Form.Item
            name="nameZh"
            label={t('venue.types.nameZh')}
            rules={[{ required: true, message: t('common.required', { field: t('venue.types.nameZh') }) }, { max: 40 }]}
          >
            <Input maxLength={40} />
          </Form.Item>
          <Form.Item
            name="nameEn"
            label={t('venue.types.nameEn')}
            rules={[{ required: true, message: t('common.required', { field: t('venue.types.nameEn') }) }, { max: 80 }]}
          >
            <Input maxLength={80} />
          </Form.Item>
          <Form.Item name="hasModelLevel" label={t('venue.types.hasModelLevel')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="expected" label={t('venue.types.expected')} valuePropName="checked" extra={t('venue.types.expectedHint')}>
            <Switch />
          </Form.Item>
          <Form.Item name="sort" label={t('venue.types.sort')}>
            <InputNumber min={0} max={10000} />
          </Form.Item>
          {editing !== 'new' ? (
            <Form.Item name="active" label={t('venue.edit.inUse')} valuePropName="checked">
              <Switch />
            </Form.Item>
          ) : null}
        </Form>
      </Modal>
    </>
  );
}
