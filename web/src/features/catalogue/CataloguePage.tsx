import { Card, Flex, Input, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { Service } from '@contracts/catalogue';
import { catalogueApi } from '../../api/catalogue';
import { labelOf } from '../../components/labels';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import { useDebounced, useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useClearable } from '../../components/clearable';
import { BrandFiguresTable } from './BrandFiguresTable';

/** The services my tree provides and the brands they carry; search by name or pinyin initials. */
export function CataloguePage() {
  const clearable = useClearable();
  const t = useT();
  const [q, setQ] = useState('');
  const dq = useDebounced(q);
  const brands = useEndpoint(catalogueApi.brands);
  const s = useEndpoint(catalogueApi.services, { query: { pageSize: 100, ...(dq.trim() ? { q: dq.trim() } : {}) } });
  return (
    <>
      <PageTitle>{t('cat.title')}</PageTitle>
      <Flex vertical gap="middle">
        <Card>
          <SectionTitle>{t('cat.brands')}</SectionTitle>
          <Flex gap="small" wrap>
            {(brands.data?.items ?? []).map((b) => (
              <Tag key={b.id} className="qh-tag-workday">{`${b.name}（${b.services}）· ${b.ownerName}`}</Tag>
            ))}
          </Flex>
        </Card>
        <Card>
          <SectionTitle>{t('cat.figures')}</SectionTitle>
          <BrandFiguresTable />
        </Card>
        <Card>
          <SectionTitle>{t('cat.services')}</SectionTitle>
          <Input.Search aria-label={t('portal.catalogue.search')} placeholder={t('portal.catalogue.search')} value={q} onChange={(e) => setQ(e.target.value)} style={{ maxWidth: 360, marginBottom: 12 }} allowClear={clearable} />
          {s.error ? <ErrorState error={s.error} onRetry={s.reload} /> : null}
          <Table<Service>
            rowKey="id"
            loading={s.loading}
            dataSource={s.data?.items ?? []}
            pagination={false}
            scroll={{ x: 900 }}
            locale={{ emptyText: s.loading ? ' ' : <EmptyState /> }}
            columns={[
              { title: t('cat.name'), dataIndex: 'name' },
              { title: t('cat.initials'), dataIndex: 'nameInitials', width: 120 },
              { title: t('cat.brand'), dataIndex: 'brandName', render: (v: string | null) => v ?? t('common.none') },
              { title: t('cat.provider'), dataIndex: 'orgName' },
              { title: t('cat.groups'), dataIndex: 'targetGroups', render: (v: string[]) => v.map((g) => labelOf(t, 'cat.group', g)).join('、') },
              { title: t('cat.channels'), dataIndex: 'channels', render: (v: string[]) => v.map((g) => labelOf(t, 'cat.channel', g)).join('、') },
              { title: t('sorg.call.status'), dataIndex: 'status', width: 90, render: (v: string) => labelOf(t, 'cat.status', v) },
            ]}
          />
        </Card>
      </Flex>
    </>
  );
}
