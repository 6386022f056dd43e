import { App, Button, Form, Input, Modal } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { OidcBinding } from '@contracts/oidc';
import { oidcApi } from '../../api/oidc';
import { useConfirm } from '../../components/confirm';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { dateTime } from '../../components/labels';
import { ErrorState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { usePrefs } from '../../prefs';
import type { Account } from '@contracts/accounts';

/** The security administrator binds an account to a subject of the unified identity provider, or removes the binding. */
export function OidcBindingModal({ account, onClose }: { account: Account; onClose: () => void }) {
  const { t } = usePrefs();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const state = useEndpoint(oidcApi.bindings, { params: { id: account.id } });
  const [form] = Form.useForm<{ subject: string }>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const bind = async (v: { subject: string }) => {
    setBusy(true);
    setError(null);
    try {
      await oidcApi.bind.call({ params: { id: account.id }, body: { subject: v.subject.trim() } });
      void message.success(t('common.saved'));
      form.resetFields();
      state.reload();
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };
  const unbind = (b: OidcBinding) =>
    confirm({
      title: t('oidc.unbindConfirm', { name: account.username }),
      danger: true,
      okText: t('oidc.unbind'),
      onOk: async () => {
        await oidcApi.unbind.call({ params: { id: account.id, bindingId: b.id } });
        state.reload();
      },
    });
  const bindings = state.data?.bindings ?? [];
  return (
    <Modal
      open
      title={t('oidc.bindingsTitle', { name: account.username })}
      onCancel={onClose}
      footer={<Button onClick={onClose}>{t('common.close')}</Button>}
      width={720}
      destroyOnHidden
    >
      <p className="qh-muted">{t('oidc.bindingsHelp')}</p>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<OidcBinding>
        rowKey="id"
        size="small"
        loading={state.loading}
        dataSource={bindings}
        pagination={false}
        locale={{ emptyText: state.loading ? ' ' : t('oidc.none') }}
        columns={[
          { title: t('oidc.issuer'), dataIndex: 'issuer', render: (v: string) => <span className="qh-mono">{v}</span> },
          { title: t('oidc.subject'), dataIndex: 'subject', render: (v: string) => <span className="qh-mono">{v}</span> },
          { title: t('oidc.boundAt'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
          { title: t('oidc.lastUsed'), dataIndex: 'lastUsedAt', render: (v: string | null) => (v ? dateTime(v) : t('acc.never')) },
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_: unknown, b) => (
              <Button size="small" danger onClick={() => unbind(b)} aria-label={`${t('oidc.unbind')}：${b.subject}`}>
                {t('oidc.unbind')}
              </Button>
            ),
          },
        ]}
      />
      {state.data && !state.data.issuer ? <FormAlert message={t('oidc.off')} /> : null}
      {state.data?.issuer && bindings.length === 0 ? (
        <Form form={form} name="oidc-bind" layout="inline" onFinish={(v) => void bind(v)} style={{ marginTop: 16 }} disabled={busy}>
          <FormAlert message={error} />
          <Form.Item
            label={t('oidc.subject')}
            name="subject"
            rules={[{ required: true, whitespace: true, max: 255, message: t('common.required', { field: t('oidc.subject') }) }]}
          >
            <Input className="qh-mono" style={{ width: 320 }} maxLength={255} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            {t('oidc.bind')}
          </Button>
        </Form>
      ) : null}
    </Modal>
  );
}
