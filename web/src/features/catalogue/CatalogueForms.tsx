import type { Brand, Service, ServiceInput } from '@contracts/catalogue';
import { APPLY_KINDS, CHANNELS, SERVICE_STATUSES, TARGET_GROUPS } from '@contracts/catalogue.enums';
import { Flex, Form, Input, Modal, Select } from 'antd';
import { catalogueApi } from '../../api/catalogue';
import { FormAlert } from '../../components/FormAlert';
import { useFormSave } from '../../components/form-errors';
import { labelOf } from '../../components/labels';
import { OrgMultiSelect } from '../../components/OrgMultiSelect';
import { SectionTitle } from '../../components/PageTitle';
import { useT } from '../../prefs';

type BrandValues = { name: string; nameEn?: string; logoUrl?: string; description?: string };

/** Creates a brand owned by my organization, or edits one my tree owns (with its version). */
export function BrandModal({ brand, onClose, onDone }: { brand: Brand | null; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<BrandValues>();
  const { busy, error: alert, save } = useFormSave(form);
  const submit = (v: BrandValues) => {
    const body = { name: v.name.trim(), nameEn: v.nameEn?.trim() ?? '', logoUrl: v.logoUrl?.trim() || null, description: v.description?.trim() ?? '' };
    return save(
      () =>
        brand
          ? catalogueApi.updateBrand.call({ params: { id: brand.id }, body: { ...body, version: brand.version } })
          : catalogueApi.createBrand.call({ body }),
      { success: t('common.saved'), then: onDone },
    );
  };
  return (
    <Modal
      open
      title={brand ? t('cat.brand.edit', { name: brand.name }) : t('cat.brand.new')}
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
        initialValues={brand ? { name: brand.name, nameEn: brand.nameEn, logoUrl: brand.logoUrl ?? '', description: brand.description } : {}}
      >
        <Form.Item
          name="name"
          label={t('cat.brand.name')}
          rules={[
            { required: true, whitespace: true, message: t('common.required', { field: t('cat.brand.name') }) },
            { min: 2, max: 50, message: t('cat.v.length', { min: 2, max: 50 }) },
          ]}
        >
          <Input maxLength={50} />
        </Form.Item>
        <Form.Item name="nameEn" label={t('cat.brand.nameEn')}>
          <Input maxLength={100} lang="en" />
        </Form.Item>
        <Form.Item
          name="logoUrl"
          label={t('cat.brand.logo')}
          extra={t('cat.brand.logoHint')}
          rules={[{ pattern: /^(https:\/\/|\/)/, message: t('cat.v.logo') }]}
        >
          <Input maxLength={300} inputMode="url" />
        </Form.Item>
        <Form.Item name="description" label={t('cat.brand.description')}>
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type ServiceValues = Omit<ServiceInput, 'brandId' | 'venueIds'> & { brandId?: number | null; venueIds?: string[]; status?: 'active' | 'inactive' };

/** Adds a service provided by my organization (and partners), or edits one; every field of ServiceInput. */
export function ServiceModal({ service, brands, onClose, onDone }: { service: Service | null; brands: Brand[]; onClose: () => void; onDone: () => void }) {
  const t = useT();
  const [form] = Form.useForm<ServiceValues>();
  const { busy, error: alert, save } = useFormSave(form);
  const applyKind = Form.useWatch('applyKind', form);
  const submit = (v: ServiceValues) => {
    const body: ServiceInput = {
      name: v.name.trim(),
      nameEn: v.nameEn?.trim() ?? '',
      description: v.description.trim(),
      descriptionEn: v.descriptionEn?.trim() ?? '',
      providerOrgIds: v.providerOrgIds ?? [],
      brandId: v.brandId ?? null,
      targetGroups: v.targetGroups ?? [],
      channels: v.channels,
      eligibility: v.eligibility?.trim() ?? '',
      documents: (v.documents ?? []).map((d) => d.trim()).filter(Boolean),
      hours: v.hours?.trim() ?? '',
      fees: v.fees?.trim() ?? '',
      applyKind: v.applyKind ?? 'none',
      applyRef: v.applyKind && v.applyKind !== 'none' ? (v.applyRef?.trim() ?? '') : '',
      accessibility: (v.accessibility ?? []).map((d) => d.trim()).filter(Boolean),
      officePhone: v.officePhone?.trim() ?? '',
      venueIds: (v.venueIds ?? []).map(Number).filter((n) => Number.isSafeInteger(n) && n > 0),
    };
    return save(
      () =>
        service
          ? catalogueApi.updateService.call({ params: { id: service.id }, body: { ...body, status: v.status ?? 'active', version: service.version } })
          : catalogueApi.createService.call({ body }),
      { success: t('common.saved'), then: onDone },
    );
  };
  const initial: Partial<ServiceValues> = service
    ? {
        name: service.name,
        nameEn: service.nameEn,
        description: service.description,
        descriptionEn: service.descriptionEn,
        providerOrgIds: service.providers.map((p) => p.id),
        brandId: service.brandId,
        targetGroups: service.targetGroups as ServiceInput['targetGroups'],
        channels: service.channels as ServiceInput['channels'],
        eligibility: service.eligibility,
        documents: service.documents,
        hours: service.hours,
        fees: service.fees,
        applyKind: service.applyKind as ServiceInput['applyKind'],
        applyRef: service.applyRef,
        accessibility: service.accessibility,
        officePhone: service.officePhone,
        venueIds: service.venueIds.map(String),
        status: service.status === 'inactive' ? 'inactive' : 'active',
      }
    : { channels: ['venue'], targetGroups: [], applyKind: 'none', documents: [], accessibility: [], venueIds: [] };
  const half = { flex: '1 1 260px' };
  return (
    <Modal
      open
      title={service ? t('cat.service.edit', { name: service.name }) : t('cat.new')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      destroyOnHidden
      width={800}
    >
      <FormAlert message={alert} />
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} initialValues={initial}>
        <Flex gap="middle" wrap>
          <Form.Item
            name="name"
            label={t('cat.name')}
            style={half}
            rules={[
              { required: true, whitespace: true, message: t('common.required', { field: t('cat.name') }) },
              { min: 2, max: 60, message: t('cat.v.length', { min: 2, max: 60 }) },
            ]}
          >
            <Input maxLength={60} />
          </Form.Item>
          <Form.Item name="nameEn" label={t('cat.nameEn')} style={half}>
            <Input maxLength={120} lang="en" />
          </Form.Item>
        </Flex>
        <Form.Item
          name="description"
          label={t('cat.description')}
          rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('cat.description') }) }]}
        >
          <Input.TextArea maxLength={2000} rows={3} />
        </Form.Item>
        <Form.Item name="descriptionEn" label={t('cat.descriptionEn')}>
          <Input.TextArea maxLength={4000} rows={2} lang="en" />
        </Form.Item>
        <Flex gap="middle" wrap>
          <Form.Item name="brandId" label={t('cat.brand')} style={half}>
            <Select allowClear placeholder={t('cat.noBrand')} options={brands.map((b) => ({ value: b.id, label: b.name }))} />
          </Form.Item>
          <Form.Item name="providerOrgIds" label={t('cat.providers')} style={half}>
            <OrgMultiSelect aria-label={t('cat.providers')} initial={service?.providers ?? []} />
          </Form.Item>
        </Flex>
        <Flex gap="middle" wrap>
          <Form.Item name="targetGroups" label={t('cat.groups')} style={half}>
            <Select mode="multiple" options={TARGET_GROUPS.map((g) => ({ value: g, label: labelOf(t, 'cat.group', g) }))} />
          </Form.Item>
          <Form.Item name="channels" label={t('cat.channels')} style={half} rules={[{ required: true, type: 'array', min: 1, message: t('cat.v.channels') }]}>
            <Select mode="multiple" options={CHANNELS.map((g) => ({ value: g, label: labelOf(t, 'cat.channel', g) }))} />
          </Form.Item>
        </Flex>
        <Form.Item name="venueIds" label={t('cat.venues')} extra={t('cat.venues.hint')}>
          <Select mode="tags" open={false} tokenSeparators={[',', '，', ' ']} suffixIcon={null} />
        </Form.Item>
        <SectionTitle>{t('cat.section.access')}</SectionTitle>
        <Form.Item name="eligibility" label={t('cat.eligibility')}>
          <Input.TextArea maxLength={1000} rows={2} />
        </Form.Item>
        <Form.Item name="documents" label={t('cat.documents')} extra={t('cat.listHint')}>
          <Select mode="tags" open={false} maxCount={20} suffixIcon={null} />
        </Form.Item>
        <Flex gap="middle" wrap>
          <Form.Item name="hours" label={t('cat.hours')} style={half}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="fees" label={t('cat.fees')} style={half}>
            <Input maxLength={200} />
          </Form.Item>
        </Flex>
        <Flex gap="middle" wrap>
          <Form.Item name="applyKind" label={t('cat.applyKind')} style={half}>
            <Select options={APPLY_KINDS.map((k) => ({ value: k, label: labelOf(t, 'cat.applyKind', k) }))} />
          </Form.Item>
          <Form.Item
            name="applyRef"
            label={t('cat.applyRef')}
            style={half}
            rules={[{ required: !!applyKind && applyKind !== 'none', whitespace: true, message: t('common.required', { field: t('cat.applyRef') }) }]}
          >
            <Input maxLength={300} disabled={!applyKind || applyKind === 'none'} />
          </Form.Item>
        </Flex>
        <Flex gap="middle" wrap>
          <Form.Item name="accessibility" label={t('cat.accessibility')} extra={t('cat.listHint')} style={half}>
            <Select mode="tags" open={false} maxCount={20} suffixIcon={null} />
          </Form.Item>
          <Form.Item name="officePhone" label={t('cat.officePhone')} style={half} rules={[{ pattern: /^[0-9-]{0,20}$/, message: t('cat.v.phone') }]}>
            <Input maxLength={20} inputMode="tel" />
          </Form.Item>
        </Flex>
        {service ? (
          <Form.Item name="status" label={t('cat.status')}>
            <Select options={SERVICE_STATUSES.map((k) => ({ value: k, label: labelOf(t, 'cat.status', k) }))} />
          </Form.Item>
        ) : null}
      </Form>
    </Modal>
  );
}
