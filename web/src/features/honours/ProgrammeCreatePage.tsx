import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Switch } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { honoursApi } from '../../api/honours';
import { FormAlert } from '../../components/FormAlert';
import { applyFormError } from '../../components/form-errors';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { regionsApi } from '../../api/regions';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import type { Criterion, ProgrammeInput, Rule } from '@contracts/honours';
import { ATTRIBUTES, CRITERION_TYPES, KINDS } from '@contracts/honours.enums';
import type { Region } from '@contracts/regions';
import { DateField } from '../../components/DateField';

type Values = {
  title: string;
  awardTitle: string;
  year: number;
  kinds: ProgrammeInput['kinds'];
  nominationFrom: string;
  nominationTo: string;
  reviewTo: string;
  noticeDays: number;
  announceOn: string;
  allowException: boolean;
  rules?: Rule[];
  criteria?: Array<{ key: string; type: Criterion['type']; labelZh: string; labelEn: string; required?: boolean; options?: string }>;
  documents?: Array<{ key: string; labelZh: string; labelEn: string }>;
  quotas?: Record<string, number | null>;
  vetterOrgIds?: number[];
};

/** A new programme of the caller's city-level organization: timetable, kinds, rules, typed criteria, documents, quotas per district, vetting departments. */
export function ProgrammeCreatePage() {
  const t = useT();
  const nav = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const city = useEndpoint(regionsApi.children, { query: {} });
  const cityCode = city.data?.items[0]?.code;
  const districts = useEndpoint(regionsApi.children, cityCode ? { query: { parent: cityCode } } : null);
  const vetters = useEndpoint(honoursApi.vettingOrgs);
  const year = new Date().getFullYear() + 1;
  const req = (field: string) => [{ required: true, message: t('common.required', { field }) }];

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      const p = await honoursApi.createProgramme.call({
        body: {
          title: v.title.trim(),
          awardTitle: v.awardTitle.trim(),
          year: v.year,
          kinds: v.kinds,
          criteria: (v.criteria ?? []).map((c) => ({
            key: c.key.trim(),
            type: c.type,
            labelZh: c.labelZh.trim(),
            labelEn: c.labelEn.trim(),
            required: c.required === true,
            ...(c.type === 'choice'
              ? {
                  options: (c.options ?? '')
                    .split(/[,，、]/)
                    .map((o) => o.trim())
                    .filter(Boolean),
                }
              : {}),
          })),
          documents: (v.documents ?? []).map((d) => ({ key: d.key.trim(), labelZh: d.labelZh.trim(), labelEn: d.labelEn.trim() })),
          rules: v.rules ?? [],
          allowException: v.allowException === true,
          nominationFrom: v.nominationFrom,
          nominationTo: v.nominationTo,
          reviewTo: v.reviewTo,
          noticeDays: v.noticeDays,
          announceOn: v.announceOn,
          quotas: Object.entries(v.quotas ?? {})
            .filter(([, q]) => typeof q === 'number')
            .map(([districtCode, quota]) => ({ districtCode, quota: quota as number })),
          vetterOrgIds: v.vetterOrgIds ?? [],
        },
      });
      void message.success(t('common.created'));
      void nav(`/honours/${p.id}`);
    } catch (e) {
      setError(applyFormError(form, e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageTitle>{t('honours.create')}</PageTitle>
      <FormAlert message={error} />
      <Form<Values>
        form={form}
        layout="vertical"
        name="honour-programme"
        onFinish={(v) => void submit(v)}
        initialValues={{
          year,
          kinds: [...KINDS],
          noticeDays: 5,
          allowException: false,
          rules: [
            { attribute: 'frontline', op: 'min', percent: 60 },
            { attribute: 'female', op: 'min', percent: 20 },
          ],
        }}
      >
        <Card style={{ marginBottom: 16 }}>
          <SectionTitle>{t('honours.timetable')}</SectionTitle>
          <Flex gap={16} wrap>
            <Form.Item label={t('honours.programme')} name="title" rules={req(t('honours.programme'))} style={{ flex: '1 1 360px' }}>
              <Input maxLength={100} />
            </Form.Item>
            <Form.Item label={t('honours.award')} name="awardTitle" rules={req(t('honours.award'))} style={{ flex: '1 1 240px' }}>
              <Input maxLength={50} />
            </Form.Item>
            <Form.Item label={t('honours.year')} name="year" rules={req(t('honours.year'))}>
              <InputNumber min={2000} max={2100} />
            </Form.Item>
            {/* No form rule here: antd would put aria-required on the group's div; the server names the field instead. */}
            <Form.Item label={t('honours.kindLabel')} name="kinds">
              <Checkbox.Group options={KINDS.map((k) => ({ value: k, label: t(`honours.kind.${k}` as never) }))} />
            </Form.Item>
          </Flex>
          <Flex gap={16} wrap>
            {(['nominationFrom', 'nominationTo', 'reviewTo', 'announceOn'] as const).map((k) => (
              <Form.Item key={k} label={t(`honours.field.${k}`)} name={k} rules={req(t(`honours.field.${k}`))}>
                <DateField style={{ width: 170 }} />
              </Form.Item>
            ))}
            <Form.Item label={t('honours.noticeDays')} name="noticeDays" rules={req(t('honours.noticeDays'))}>
              <InputNumber min={5} max={30} suffix={t('honours.days')} />
            </Form.Item>
          </Flex>
        </Card>
        <Card style={{ marginBottom: 16 }}>
          <SectionTitle>{t('honours.composition')}</SectionTitle>
          <Form.List name="rules">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="baseline" wrap>
                    <Form.Item name={[f.name, 'attribute']} label={t('honours.attributes')} rules={req(t('honours.attributes'))}>
                      <Select
                        style={{ width: 220 }}
                        options={ATTRIBUTES.map((a) => ({ value: a, label: t(`honours.attr.${a === 'new_form' ? 'newForm' : a}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'op']} label={t('honours.ruleOp')} rules={req(t('honours.ruleOp'))}>
                      <Select
                        style={{ width: 120 }}
                        options={[
                          { value: 'min', label: t('honours.op.min') },
                          { value: 'max', label: t('honours.op.max') },
                        ]}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'percent']} label={t('honours.percent')} rules={req(t('honours.percent'))}>
                      <InputNumber min={0} max={100} suffix="%" />
                    </Form.Item>
                    <Button type="text" aria-label={t('common.delete')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(f.name)} />
                  </Flex>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ op: 'min' })}>
                  {t('honours.addRule')}
                </Button>
              </>
            )}
          </Form.List>
          <Form.Item label={t('honours.exceptionAllowedLabel')} name="allowException" valuePropName="checked" style={{ marginTop: 16 }}>
            <Switch />
          </Form.Item>
        </Card>
        <Card style={{ marginBottom: 16 }}>
          <SectionTitle>{t('honours.criteria')}</SectionTitle>
          <Form.List name="criteria">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="baseline" wrap>
                    <Form.Item name={[f.name, 'key']} label={t('honours.key')} rules={req(t('honours.key'))}>
                      <Input maxLength={32} style={{ width: 150 }} className="qh-mono" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'type']} label={t('honours.type')} rules={req(t('honours.type'))}>
                      <Select style={{ width: 120 }} options={CRITERION_TYPES.map((x) => ({ value: x, label: t(`honours.type.${x}`) }))} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'labelZh']} label={t('honours.labelZh')} rules={req(t('honours.labelZh'))}>
                      <Input maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'labelEn']} label={t('honours.labelEn')} rules={req(t('honours.labelEn'))}>
                      <Input maxLength={80} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'options']} label={t('honours.options')}>
                      <Input maxLength={500} placeholder={t('honours.optionsHint')} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'required']} valuePropName="checked" label={t('honours.required')}>
                      <Checkbox />
                    </Form.Item>
                    <Button type="text" aria-label={t('common.delete')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(f.name)} />
                  </Flex>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add({ type: 'text', required: true })}>
                  {t('honours.addCriterion')}
                </Button>
              </>
            )}
          </Form.List>
          <SectionTitle level={3}>{t('honours.documents')}</SectionTitle>
          <Form.List name="documents">
            {(fields, { add, remove }) => (
              <>
                {fields.map((f) => (
                  <Flex key={f.key} gap={8} align="baseline" wrap>
                    <Form.Item name={[f.name, 'key']} label={t('honours.key')} rules={req(t('honours.key'))}>
                      <Input maxLength={32} style={{ width: 150 }} className="qh-mono" />
                    </Form.Item>
                    <Form.Item name={[f.name, 'labelZh']} label={t('honours.labelZh')} rules={req(t('honours.labelZh'))}>
                      <Input maxLength={50} />
                    </Form.Item>
                    <Form.Item name={[f.name, 'labelEn']} label={t('honours.labelEn')} rules={req(t('honours.labelEn'))}>
                      <Input maxLength={80} />
                    </Form.Item>
                    <Button type="text" aria-label={t('common.delete')} icon={<MinusCircleOutlined aria-hidden />} onClick={() => remove(f.name)} />
                  </Flex>
                ))}
                <Button icon={<PlusOutlined aria-hidden />} onClick={() => add()}>
                  {t('honours.addDocument')}
                </Button>
              </>
            )}
          </Form.List>
        </Card>
        <Card style={{ marginBottom: 16 }}>
          <SectionTitle>{t('honours.quotas')}</SectionTitle>
          <Table<Region>
            rowKey="code"
            size="small"
            pagination={false}
            loading={districts.loading}
            dataSource={districts.data?.items ?? []}
            columns={[
              { title: t('honours.district'), dataIndex: 'name' },
              {
                title: t('honours.quota'),
                key: 'quota',
                render: (_: unknown, r) => (
                  <Form.Item name={['quotas', r.code]} noStyle>
                    <InputNumber min={0} max={10000} aria-label={t('honours.quotaOf', { name: r.name })} />
                  </Form.Item>
                ),
              },
            ]}
          />
        </Card>
        <Card style={{ marginBottom: 16 }}>
          <SectionTitle>{t('honours.vetters')}</SectionTitle>
          <Form.Item label={t('honours.vetters')} name="vetterOrgIds">
            <Select mode="multiple" loading={vetters.loading} options={(vetters.data?.items ?? []).map((o) => ({ value: o.id, label: o.name }))} />
          </Form.Item>
        </Card>
        <Button type="primary" htmlType="submit" loading={busy}>
          {t('common.submit')}
        </Button>
      </Form>
    </>
  );
}
