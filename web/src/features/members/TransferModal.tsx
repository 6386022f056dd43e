import type { Member, UnionChoice } from '@contracts/members';
import { Form, Input, Modal, Select, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { membersApi } from '../../api/members';
import { FormAlert } from '../../components/FormAlert';
import { useFormSave } from '../../components/form-errors';
import { useDebounced } from '../../components/use-api';
import { useT } from '../../prefs';

/** A union of the whole city a member can move to, searched by name or credit code (at least two characters). */
function UnionPicker({ id, value, onChange, exclude }: { id?: string; value?: number; onChange?: (v: number | undefined) => void; exclude: number }) {
  const t = useT();
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim(), 250);
  const [options, setOptions] = useState<UnionChoice[]>([]);
  const [loading, setLoading] = useState(false);
  useEffect(() => {
    if (dq.length < 2) {
      setOptions([]);
      return;
    }
    const ctrl = new AbortController();
    setLoading(true);
    // Street unions take members too (新就业形态), so the search covers every level a transfer can reach.
    membersApi.unions
      .call({ query: { q: dq, newForm: true } }, ctrl.signal)
      .then((r) => setOptions(r.items.filter((u) => u.id !== exclude)))
      .catch(() => !ctrl.signal.aborted && setOptions([]))
      .finally(() => !ctrl.signal.aborted && setLoading(false));
    return () => ctrl.abort();
  }, [dq, exclude]);
  return (
    <Select
      id={id}
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: setQ }}
      loading={loading}
      placeholder={t('members.transfer.toHint')}
      notFoundContent={dq.length < 2 ? t('members.transfer.toHint') : loading ? t('common.loading') : t('common.empty')}
      options={options.map((u) => ({ value: u.id, label: `${u.name}（${u.regionName}）` }))}
    />
  );
}

/** 发起转接: the sending union names the receiving one; both confirm on the transfers tab before the membership moves. */
export function TransferModal({ member, onClose, onDone }: { member: Member | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<{ toOrgId: number; reason?: string }>();
  const { busy, error, save } = useFormSave(form);
  return (
    <Modal
      open={member !== null}
      title={member ? t('members.transfer.title', { name: member.nameMasked, no: member.memberNo }) : ''}
      okText={t('members.transfer')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <FormAlert message={error} />
      {member ? (
        <Form
          form={form}
          layout="vertical"
          name="member-transfer"
          preserve={false}
          onFinish={(v) =>
            save(() => membersApi.requestTransfer.call({ body: { memberId: member.id, toOrgId: v.toOrgId, reason: v.reason?.trim() || undefined } }), {
              success: t('members.transfer.done'),
              then: () => {
                onClose();
                onDone();
              },
            })
          }
        >
          <Typography.Paragraph>{t('members.transfer.help', { from: member.orgName })}</Typography.Paragraph>
          <Form.Item name="toOrgId" label={t('members.to')} rules={[{ required: true, message: t('common.required', { field: t('members.to') }) }]}>
            <UnionPicker exclude={member.orgId} />
          </Form.Item>
          <Form.Item name="reason" label={t('members.transfer.reason')}>
            <Input.TextArea rows={2} maxLength={200} showCount />
          </Form.Item>
        </Form>
      ) : null}
    </Modal>
  );
}
