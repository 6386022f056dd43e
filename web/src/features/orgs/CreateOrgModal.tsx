import { App, Checkbox, Form, Input, Modal } from 'antd';
import { useEffect, useState } from 'react';
import type { Org } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { OrgSelect } from '../../components/OrgSelect';
import { RegionSelect } from '../../components/RegionSelect';
import { useT } from '../../prefs';

type Values = { parentId: number; name: string; regionCode: string; creditCode?: string; enterpriseName?: string; partyGroup?: boolean };

type Props = { type: string; parent: Org | null; onClose: () => void; onCreated: (org: Org) => void };

/** Creates a unit under a parent in the caller's scope; the region is searched within the parent's region. */
export function CreateOrgModal({ type, parent: initialParent, onClose, onCreated }: Props) {
  const t = useT();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [parent, setParent] = useState<Org | null>(initialParent);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (initialParent) return;
    let live = true;
    orgsApi.roots
      .call({ query: { type } })
      .then((r) => {
        const root = r.items[0];
        if (live && root) {
          setParent(root);
          form.setFieldsValue({ parentId: root.id });
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [initialParent, type, form]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const org = await orgsApi.create.call({
        body: {
          parentId: v.parentId,
          name: v.name.trim(),
          regionCode: v.regionCode,
          creditCode: v.creditCode?.trim() || undefined,
          enterpriseName: v.enterpriseName?.trim() || undefined,
          partyGroup: v.partyGroup ?? false,
        },
      });
      void message.success(t('common.created'));
      onCreated(org);
    } catch (err) {
      setError(applyFormError(form, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t('orgs.createUnit')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
      width={600}
    >
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        name="create-org"
        layout="vertical"
        initialValues={{ parentId: initialParent?.id, partyGroup: false }}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item
          label={t('orgs.parent')}
          name="parentId"
          extra={t('orgs.parentHelp')}
          rules={[{ required: true, message: t('common.required', { field: t('orgs.parent') }) }]}
        >
          <OrgSelect
            type={type}
            initialLabel={parent?.name}
            onChange={(_id, org) => {
              if (org) setParent(org);
              form.setFieldsValue({ regionCode: undefined });
            }}
          />
        </Form.Item>
        <Form.Item label={t('orgs.name')} name="name" rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('orgs.name') }) }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item
          label={t('orgs.region')}
          name="regionCode"
          extra={t('orgs.regionHelp')}
          rules={[{ required: true, message: t('common.required', { field: t('orgs.region') }) }]}
        >
          <RegionSelect within={parent?.regionCode} />
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
      </Form>
    </Modal>
  );
}
