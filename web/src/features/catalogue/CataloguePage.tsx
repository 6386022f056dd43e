import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import type { Brand, Service } from '@contracts/catalogue';
import { Button, Card, Flex, Input, Select } from 'antd';
import { useState } from 'react';
import { catalogueApi } from '../../api/catalogue';
import { useClearable } from '../../components/clearable';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { Table } from '../../components/Table';
import { EmptyState, ErrorState } from '../../components/states';
import { useDebounced, useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { BrandFiguresTable } from './BrandFiguresTable';
import { BrandModal, ServiceModal } from './CatalogueForms';

const PAGE_SIZE = 20;

/** The services my tree provides and the brands they carry; search by name or pinyin initials; staff with catalogue.write edit them. */
export function CataloguePage() {
  const clearable = useClearable();
  const t = useT();
  const { can } = useSession();
  const write = can('catalogue.write');
  const [q, setQ] = useState('');
  const dq = useDebounced(q.trim());
  const [brandId, setBrandId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [brandEdit, setBrandEdit] = useState<Brand | 'new' | null>(null);
  const [serviceEdit, setServiceEdit] = useState<Service | 'new' | null>(null);
  const brands = useEndpoint(catalogueApi.brands);
  const s = useEndpoint(catalogueApi.services, { query: { page, pageSize: PAGE_SIZE, ...(dq ? { q: dq } : {}), ...(brandId ? { brandId } : {}) } });
  const brandList = brands.data?.items ?? [];
  return (
    <>
      <PageTitle
        extra={
          write ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setServiceEdit('new')}>
              {t('cat.new')}
            </Button>
          ) : null
        }
      >
        {t('cat.title')}
      </PageTitle>
      <Flex vertical gap="middle">
        <Card>
          <Flex justify="space-between" align="center">
            <SectionTitle>{t('cat.brands')}</SectionTitle>
            {write ? (
              <Button icon={<PlusOutlined aria-hidden />} onClick={() => setBrandEdit('new')}>
                {t('cat.brand.new')}
              </Button>
            ) : null}
          </Flex>
          {brands.error ? <ErrorState error={brands.error} onRetry={brands.reload} /> : null}
          <Table<Brand>
            rowKey="id"
            size="small"
            loading={brands.loading}
            dataSource={brandList}
            pagination={false}
            scroll={{ x: 700 }}
            locale={{ emptyText: brands.loading ? ' ' : <EmptyState description={t('cat.brand.none')} /> }}
            columns={[
              { title: t('cat.brand.name'), dataIndex: 'name' },
              { title: t('cat.brand.nameEn'), dataIndex: 'nameEn', render: (v: string) => v || t('common.none') },
              { title: t('cat.brand.owner'), dataIndex: 'ownerName' },
              { title: t('cat.brand.services'), dataIndex: 'services', width: 90, align: 'right' },
              ...(write
                ? [
                    {
                      title: t('common.actions'),
                      key: 'act',
                      width: 100,
                      render: (_: unknown, b: Brand) => (
                        <Button
                          size="small"
                          icon={<EditOutlined aria-hidden />}
                          aria-label={t('cat.brand.editOf', { name: b.name })}
                          onClick={() => setBrandEdit(b)}
                        >
                          {t('common.edit')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
        <Card>
          <SectionTitle>{t('cat.figures')}</SectionTitle>
          <BrandFiguresTable />
        </Card>
        <Card>
          <SectionTitle>{t('cat.services')}</SectionTitle>
          <Flex gap="small" wrap style={{ marginBottom: 12 }}>
            <Input.Search
              aria-label={t('portal.catalogue.search')}
              placeholder={t('portal.catalogue.search')}
              value={q}
              onChange={(e) => {
                setQ(e.target.value);
                setPage(1);
              }}
              style={{ maxWidth: 360 }}
              allowClear={clearable}
            />
            <Select
              aria-label={t('cat.brand.filter')}
              placeholder={t('cat.brand.filter')}
              allowClear={clearable}
              style={{ minWidth: 200 }}
              value={brandId}
              onChange={(v: number | undefined) => {
                setBrandId(v);
                setPage(1);
              }}
              options={brandList.map((b) => ({ value: b.id, label: b.name }))}
            />
          </Flex>
          {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
          <Table<Service>
            rowKey="id"
            loading={s.loading}
            dataSource={s.data?.items ?? []}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: s.data?.total ?? 0,
              onChange: setPage,
              showSizeChanger: false,
              showTotal: (n) => t('common.total', { n }),
            }}
            scroll={{ x: 1000 }}
            locale={{ emptyText: s.loading ? ' ' : <EmptyState description={t('cat.services.none')} /> }}
            columns={[
              { title: t('cat.name'), dataIndex: 'name' },
              { title: t('cat.initials'), dataIndex: 'nameInitials', width: 110 },
              { title: t('cat.brand'), dataIndex: 'brandName', render: (v: string | null) => v ?? t('common.none') },
              { title: t('cat.provider'), dataIndex: 'orgName' },
              {
                title: t('cat.groups'),
                dataIndex: 'targetGroups',
                render: (v: string[]) => v.map((g) => labelOf(t, 'cat.group', g)).join('、') || t('common.none'),
              },
              { title: t('cat.channels'), dataIndex: 'channels', render: (v: string[]) => v.map((g) => labelOf(t, 'cat.channel', g)).join('、') },
              { title: t('cat.status'), dataIndex: 'status', width: 90, render: (v: string) => labelOf(t, 'cat.status', v) },
              ...(write
                ? [
                    {
                      title: t('common.actions'),
                      key: 'act',
                      width: 100,
                      render: (_: unknown, r: Service) => (
                        <Button
                          size="small"
                          icon={<EditOutlined aria-hidden />}
                          aria-label={t('cat.service.editOf', { name: r.name })}
                          onClick={() => setServiceEdit(r)}
                        >
                          {t('common.edit')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        </Card>
      </Flex>
      {brandEdit ? (
        <BrandModal
          brand={brandEdit === 'new' ? null : brandEdit}
          onClose={() => setBrandEdit(null)}
          onDone={() => {
            setBrandEdit(null);
            brands.reload();
          }}
        />
      ) : null}
      {serviceEdit ? (
        <ServiceModal
          service={serviceEdit === 'new' ? null : serviceEdit}
          brands={brandList}
          onClose={() => setServiceEdit(null)}
          onDone={() => {
            setServiceEdit(null);
            s.reload();
            brands.reload();
          }}
        />
      ) : null}
    </>
  );
}
