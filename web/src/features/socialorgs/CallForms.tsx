import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { TARGET_GROUPS } from '@contracts/catalogue.enums';
import type { Application, AwardInput, CallInput } from '@contracts/socialorgs';
import { DELIVERABLE_KINDS } from '@contracts/socialorgs.enums';
import { Button, Flex, Form, Input, InputNumber, Modal, Select, Typography, type FormInstance } from 'antd';
import { useEffect, type ReactNode } from 'react';
import { useNavigate } from 'react-router-dom';
import { socialorgsApi } from '../../api/socialorgs';
import { DateField } from '../../components/DateField';
import { FormAlert } from '../../components/FormAlert';
import { useFormSave } from '../../components/form-errors';
import { labelOf, todayIso } from '../../components/labels';
import { RegionSelect } from '../../components/RegionSelect';
import { useT } from '../../prefs';

const addDays = (iso: string, n: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/**
 * Under a list of weighted or paid lines: the button adding a line, then the running sum (green once it balances) or,
 * while the list is refused, the refusal in its place, since it names the sum too.
 */
function ListFooter(props: { addLabel: string; onAdd: () => void; full: boolean; sum: string; balanced: boolean; errors: ReactNode[] }) {
  const { addLabel, onAdd, full, sum, balanced, errors } = props;
  return (
    <>
      <Flex gap="middle" align="center" wrap>
        <Button icon={<PlusOutlined aria-hidden />} onClick={onAdd} disabled={full}>
          {addLabel}
        </Button>
        <Typography.Text type={balanced ? 'success' : 'secondary'} aria-live="polite">
          {errors.length ? null : sum}
        </Typography.Text>
      </Flex>
      <Form.ErrorList errors={errors} />
    </>
  );
}

/** A list refused at saving is checked again as its sum changes: the refusal follows the sum and goes once it balances. */
function useRecheck(form: FormInstance, name: string, sum: string) {
  useEffect(() => {
    if (form.getFieldError(name).length) form.validateFields([name]).catch(() => undefined);
  }, [form, name, sum]);
}

type CallValues = Omit<CallInput, 'criteria'> & { criteria: Array<{ label: string; weight: number }> };

/** Drafts a call for proposals: budget, area, target groups, weighted criteria (summing to 100) and deadline. */
export function NewCallModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const t = useT();
  const nav = useNavigate();
  const [form] = Form.useForm<CallValues>();
  const { busy, error: alert, save } = useFormSave(form);
  const criteria = Form.useWatch('criteria', form) ?? [];
  const sum = criteria.reduce((s, c) => s + (Number(c?.weight) || 0), 0);
  useRecheck(form, 'criteria', String(sum));
  const submit = (v: CallValues) =>
    save(
      () =>
        socialorgsApi.createCall.call({
          body: {
            title: v.title.trim(),
            description: v.description?.trim() ?? '',
            budget: v.budget,
            areaCode: v.areaCode,
            targetGroups: v.targetGroups ?? [],
            criteria: v.criteria.map((k, i) => ({ key: `c${i + 1}`, label: k.label.trim(), weight: k.weight })),
            deadline: v.deadline,
          },
        }),
      {
        then: (c) => {
          onClose();
          void nav(`/social-orgs/calls/${c.id}`);
        },
      },
    );
  return (
    <Modal
      open={open}
      title={t('sorg.call.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={720}
    >
      <FormAlert message={alert} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          targetGroups: ['workers'],
          criteria: [
            { label: t('sorg.crit.plan'), weight: 50 },
            { label: t('sorg.crit.team'), weight: 30 },
            { label: t('sorg.crit.budget'), weight: 20 },
          ],
        }}
      >
        <Form.Item
          name="title"
          label={t('sorg.call.title')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('sorg.call.title') }) },
            { min: 2, message: t('sorg.v.length', { min: 2, max: 100 }) },
          ]}
        >
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={t('sorg.call.description')}>
          <Input.TextArea rows={2} maxLength={4000} />
        </Form.Item>
        <Flex gap="middle" wrap>
          <Form.Item
            name="budget"
            label={t('sorg.call.budget')}
            rules={[{ required: true, message: t('common.required', { field: t('sorg.call.budget') }) }]}
            style={{ flex: '1 1 180px' }}
          >
            <InputNumber min={1} max={100_000_000} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="deadline"
            label={t('sorg.call.deadline')}
            rules={[{ required: true, message: t('common.required', { field: t('sorg.call.deadline') }) }]}
            style={{ flex: '1 1 180px' }}
          >
            <DateField min={addDays(todayIso(), 1)} />
          </Form.Item>
        </Flex>
        <Form.Item
          name="areaCode"
          label={t('sorg.call.areaLabel')}
          rules={[{ required: true, message: t('common.required', { field: t('sorg.call.areaLabel') }) }]}
        >
          <RegionSelect aria-label={t('sorg.call.areaLabel')} placeholder={t('sorg.regionSearch')} />
        </Form.Item>
        <Form.Item name="targetGroups" label={t('sorg.call.groups')}>
          <Select mode="multiple" maxCount={10} options={TARGET_GROUPS.map((g) => ({ value: g, label: labelOf(t, 'cat.group', g) }))} />
        </Form.Item>
        <fieldset className="qh-fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('sorg.call.criteria')}</legend>
          <Form.List
            name="criteria"
            rules={[
              {
                validator: async (_, list: Array<{ weight?: number }> | undefined) => {
                  if (!list?.length) throw new Error(t('sorg.v.criteriaNone'));
                  const total = list.reduce((s, c) => s + (Number(c?.weight) || 0), 0);
                  if (total !== 100) throw new Error(t('sorg.v.weights', { sum: total }));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap="small" align="start">
                    <Form.Item
                      name={[f.name, 'label']}
                      rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('sorg.crit.label') }) }]}
                      style={{ flex: 1 }}
                    >
                      <Input maxLength={50} aria-label={t('sorg.crit.labelN', { n: i + 1 })} placeholder={t('sorg.crit.label')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'weight']} rules={[{ required: true, message: t('common.required', { field: t('sorg.crit.weight') }) }]}>
                      <InputNumber
                        min={1}
                        max={100}
                        precision={0}
                        aria-label={t('sorg.crit.weightN', { n: i + 1 })}
                        placeholder={t('sorg.crit.weight')}
                        suffix="%"
                        style={{ width: 120 }}
                      />
                    </Form.Item>
                    <Button
                      aria-label={t('sorg.crit.remove', { n: i + 1 })}
                      icon={<DeleteOutlined aria-hidden />}
                      onClick={() => remove(f.name)}
                      disabled={fields.length <= 1}
                    />
                  </Flex>
                ))}
                <ListFooter
                  addLabel={t('sorg.crit.add')}
                  onAdd={() => add({ label: '', weight: undefined })}
                  full={fields.length >= 10}
                  sum={t('sorg.crit.sum', { sum })}
                  balanced={sum === 100}
                  errors={errors}
                />
              </>
            )}
          </Form.List>
        </fieldset>
      </Form>
    </Modal>
  );
}

type AwardValues = Omit<AwardInput, 'deliverables'> & { deliverables: Array<{ label: string; kind: (typeof DELIVERABLE_KINDS)[number]; target: number }> };

/** Awards an application and signs the contract: amount, period, deliverables and payment milestones summing to the amount. */
export function AwardModal({ application, budget, onClose }: { application: Application; budget: number; onClose: () => void }) {
  const t = useT();
  const nav = useNavigate();
  const [form] = Form.useForm<AwardValues>();
  const { busy, error: alert, save } = useFormSave(form);
  const amount = Form.useWatch('amount', form) ?? 0;
  const milestones = Form.useWatch('milestones', form) ?? [];
  const paid = milestones.reduce((s, m) => s + (Number(m?.payment) || 0), 0);
  useRecheck(form, 'milestones', `${paid}/${amount}`);
  const today = todayIso();
  const half = Math.floor(application.amount / 2);
  const submit = (v: AwardValues) =>
    save(
      () =>
        socialorgsApi.award.call({
          params: { id: application.id },
          body: {
            amount: v.amount,
            startsOn: v.startsOn,
            endsOn: v.endsOn,
            deliverables: v.deliverables.map((d, i) => ({ key: `d${i + 1}`, label: d.label.trim(), kind: d.kind, target: d.target })),
            milestones: v.milestones.map((m) => ({ title: m.title.trim(), dueOn: m.dueOn, payment: m.payment })),
          },
        }),
      {
        then: (p) => {
          onClose();
          void nav(`/social-orgs/projects/${p.id}`);
        },
      },
    );
  const inPeriod = ({ getFieldValue }: { getFieldValue: (n: string) => unknown }) => ({
    validator: async (_: unknown, v: string | undefined) => {
      const s = getFieldValue('startsOn') as string | undefined;
      const e = getFieldValue('endsOn') as string | undefined;
      if (v && ((s && v < s) || (e && v > e))) throw new Error(t('sorg.v.inPeriod'));
    },
  });
  return (
    <Modal
      open
      title={t('sorg.award.title', { name: application.sorgName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('sorg.award')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={760}
    >
      <FormAlert message={alert} />
      <Form
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          amount: application.amount,
          startsOn: today,
          endsOn: addDays(today, 180),
          deliverables: [
            { label: t('sorg.deliv.events'), kind: 'activities', target: 6 },
            { label: t('sorg.deliv.people'), kind: 'person_times', target: 200 },
          ],
          milestones: [
            { title: t('sorg.ms.mid'), dueOn: addDays(today, 90), payment: half },
            { title: t('sorg.ms.final'), dueOn: addDays(today, 180), payment: application.amount - half },
          ],
        }}
      >
        <Flex gap="middle" wrap>
          <Form.Item
            name="amount"
            label={t('sorg.project.amount')}
            rules={[{ required: true, message: t('common.required', { field: t('sorg.project.amount') }) }]}
            extra={t('sorg.award.budget', { budget })}
            style={{ flex: '1 1 180px' }}
          >
            <InputNumber min={1} max={budget} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item
            name="startsOn"
            label={t('sorg.award.startsOn')}
            rules={[{ required: true, message: t('common.required', { field: t('sorg.award.startsOn') }) }]}
            style={{ flex: '1 1 160px' }}
          >
            <DateField />
          </Form.Item>
          <Form.Item
            name="endsOn"
            label={t('sorg.award.endsOn')}
            dependencies={['startsOn']}
            rules={[
              { required: true, message: t('common.required', { field: t('sorg.award.endsOn') }) },
              ({ getFieldValue }) => ({
                validator: async (_, v: string | undefined) => {
                  const s = getFieldValue('startsOn') as string | undefined;
                  if (v && s && v < s) throw new Error(t('sorg.v.endAfterStart'));
                },
              }),
            ]}
            style={{ flex: '1 1 160px' }}
          >
            <DateField />
          </Form.Item>
        </Flex>
        <fieldset style={{ border: 0, padding: 0, margin: 0 }}>
          <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('sorg.project.deliverables')}</legend>
          <Form.List
            name="deliverables"
            rules={[
              {
                validator: async (_, l: unknown[] | undefined) => {
                  if (!l?.length) throw new Error(t('sorg.v.deliverablesNone'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap="small" align="start" wrap>
                    <Form.Item
                      name={[f.name, 'label']}
                      rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('sorg.deliv.label') }) }]}
                      style={{ flex: '1 1 200px' }}
                    >
                      <Input maxLength={60} aria-label={t('sorg.deliv.labelN', { n: i + 1 })} placeholder={t('sorg.deliv.label')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'kind']} rules={[{ required: true }]}>
                      <Select
                        aria-label={t('sorg.deliv.kindN', { n: i + 1 })}
                        style={{ width: 140 }}
                        options={DELIVERABLE_KINDS.map((k) => ({ value: k, label: labelOf(t, 'sorg.deliv.kind', k) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'target']} rules={[{ required: true, message: t('common.required', { field: t('sorg.deliv.target') }) }]}>
                      <InputNumber
                        min={1}
                        max={1_000_000}
                        precision={0}
                        aria-label={t('sorg.deliv.targetN', { n: i + 1 })}
                        placeholder={t('sorg.deliv.target')}
                        style={{ width: 120 }}
                      />
                    </Form.Item>
                    <Button
                      aria-label={t('sorg.deliv.remove', { n: i + 1 })}
                      icon={<DeleteOutlined aria-hidden />}
                      onClick={() => remove(f.name)}
                      disabled={fields.length <= 1}
                    />
                  </Flex>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ label: '', kind: 'activities' })} disabled={fields.length >= 10}>
                  {t('sorg.deliv.add')}
                </Button>
                <Form.ErrorList errors={errors} />
              </>
            )}
          </Form.List>
        </fieldset>
        <fieldset style={{ border: 0, padding: 0, margin: '16px 0 0' }}>
          <legend style={{ fontSize: 14, marginBottom: 8 }}>{t('sorg.project.milestones')}</legend>
          <Form.List
            name="milestones"
            rules={[
              {
                validator: async (_, l: Array<{ payment?: number }> | undefined) => {
                  if (!l?.length) throw new Error(t('sorg.v.milestonesNone'));
                  const total = l.reduce((s, m) => s + (Number(m?.payment) || 0), 0);
                  if (total !== Number(form.getFieldValue('amount')))
                    throw new Error(t('sorg.v.payments', { sum: total, amount: Number(form.getFieldValue('amount')) || 0 }));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, i) => (
                  <Flex key={f.key} gap="small" align="start" wrap>
                    <Form.Item
                      name={[f.name, 'title']}
                      rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('sorg.ms.title') }) }]}
                      style={{ flex: '1 1 180px' }}
                    >
                      <Input maxLength={100} aria-label={t('sorg.ms.titleN', { n: i + 1 })} placeholder={t('sorg.ms.title')} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'dueOn']}
                      dependencies={['startsOn', 'endsOn']}
                      rules={[{ required: true, message: t('common.required', { field: t('sorg.ms.dueOn') }) }, inPeriod]}
                    >
                      <DateField aria-label={t('sorg.ms.dueOnN', { n: i + 1 })} style={{ width: 160 }} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'payment']} rules={[{ required: true, message: t('common.required', { field: t('sorg.ms.payment') }) }]}>
                      <InputNumber
                        min={0}
                        max={100_000_000}
                        precision={0}
                        aria-label={t('sorg.ms.paymentN', { n: i + 1 })}
                        placeholder={t('sorg.ms.payment')}
                        style={{ width: 140 }}
                      />
                    </Form.Item>
                    <Button
                      aria-label={t('sorg.ms.remove', { n: i + 1 })}
                      icon={<DeleteOutlined aria-hidden />}
                      onClick={() => remove(f.name)}
                      disabled={fields.length <= 1}
                    />
                  </Flex>
                ))}
                <ListFooter
                  addLabel={t('sorg.ms.add')}
                  onAdd={() => add({ title: '', payment: 0 })}
                  full={fields.length >= 20}
                  sum={t('sorg.ms.sum', { sum: paid, amount })}
                  balanced={paid === amount}
                  errors={errors}
                />
              </>
            )}
          </Form.List>
        </fieldset>
      </Form>
    </Modal>
  );
}
