import { App, Button, Checkbox, Descriptions, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import type { OrgDetail } from '@contracts/orgs';
import { ApiError } from '../../api';
import { orgsApi } from '../../api/orgs';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { dateTime, labelOf } from '../../components/labels';
import { useT } from '../../prefs';
import { useSession } from '../../session';

type Values = { name: string; creditCode?: string | null; enterpriseName?: string | null; partyGroup: boolean };

export function OrgInfoTab({ org, onSaved }: { org: OrgDetail; onSaved: () => void }) {
  const t = useT();
  const { can } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await orgsApi.update.call({
        params: { id: org.id },
        body: {
          version: org.version,
          name: v.name.trim(),
          creditCode: v.creditCode?.trim() || null,
          enterpriseName: v.enterpriseName?.trim() || null,
          partyGroup: v.partyGroup,
        },
      });
      void message.success(t('common.saved'));
      setEditing(false);
      onSaved();
    } catch (err) {
      // Someone else saved first: show their message and the fresh record.
      if (err instanceof ApiError && err.code === 'STALE_VERSION') {
        setError(err.message);
        onSaved();
      } else setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  if (editing) {
    return (
      <>
        <FormAlert message={error} />
        <Form<Values>
          form={form}
          name="org-edit"
          layout="vertical"
          style={{ maxWidth: 560 }}
          initialValues={{ name: org.name, creditCode: org.creditCode, enterpriseName: org.enterpriseName, partyGroup: org.partyGroup }}
          onFinish={(v) => void submit(v)}
        >
          <Form.Item
            label={t('orgs.name')}
            name="name"
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('orgs.name') }) }]}
          >
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item label={t('orgs.creditCode')} name="creditCode">
            <Input maxLength={18} className="qh-mono" />
          </Form.Item>
          <Form.Item label={t('orgs.enterpriseName')} name="enterpriseName">
            <Input maxLength={100} />
          </Form.Item>
          <Form.Item name="partyGroup" valuePropName="checked">
            <Checkbox>{t('orgs.partyGroup')}</Checkbox>
          </Form.Item>
          <Flex gap="small">
            <Button type="primary" htmlType="submit" loading={busy}>
              {t('common.save')}
            </Button>
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
          </Flex>
        </Form>
      </>
    );
  }

  return (
    <>
      {can('org.write') ? (
        <Flex justify="end" style={{ marginBottom: 12 }}>
          <Button onClick={() => setEditing(true)}>{t('orgs.editInfo')}</Button>
        </Flex>
      ) : null}
      <Descriptions
        bordered
        size="small"
        column={{ xs: 1, md: 2 }}
        items={[
          { key: 'name', label: t('orgs.name'), children: org.name },
          { key: 'level', label: t('orgs.level'), children: labelOf(t, 'level', org.level) },
          { key: 'region', label: t('orgs.region'), children: `${org.regionName}（${org.regionCode}）` },
          { key: 'children', label: t('orgs.childCount'), children: org.childCount },
          { key: 'credit', label: t('orgs.creditCode'), children: org.creditCode ? <span className="qh-mono">{org.creditCode}</span> : t('common.none') },
          { key: 'enterprise', label: t('orgs.enterpriseName'), children: org.enterpriseName ?? t('common.none') },
          { key: 'party', label: t('orgs.partyGroup'), children: org.partyGroup ? t('common.yes') : t('common.no') },
          {
            key: 'status',
            label: t('orgs.status'),
            children: org.status === 'merged' ? t('orgs.merged') : org.status === 'archived' ? t('orgs.archived') : t('orgs.active'),
          },
          { key: 'created', label: t('orgs.createdAt'), children: dateTime(org.createdAt) },
          { key: 'updated', label: t('orgs.updatedAt'), children: dateTime(org.updatedAt) },
          { key: 'version', label: t('orgs.version'), children: org.version },
        ]}
      />
    </>
  );
}
