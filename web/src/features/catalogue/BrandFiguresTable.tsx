import type { BrandFigures } from '@contracts/catalogue';
import { catalogueApi } from '../../api/catalogue';
import { percent } from '../../components/labels';
import { EmptyState, ErrorState } from '../../components/states';
import { Table } from '../../components/Table';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';

/**
 * Brand as a reporting dimension: per brand, the services in my scope, the venues and districts they reach, the
 * activities they lead to, their person-times and what participants rated them — on the catalogue page and the
 * dashboard.
 */
export function BrandFiguresTable() {
  const t = useT();
  const figures = useEndpoint(catalogueApi.brandFigures);
  const n = (v: number) => v.toLocaleString();
  return (
    <>
      {figures.error ? <ErrorState error={figures.error} onRetry={figures.reload} /> : null}
      <Table<BrandFigures>
        rowKey={(r) => r.brandId ?? 0}
        size="small"
        loading={figures.loading}
        dataSource={figures.data?.items ?? []}
        pagination={false}
        scroll={{ x: 700 }}
        locale={{ emptyText: figures.loading ? ' ' : <EmptyState /> }}
        columns={[
          { title: t('cat.brand'), dataIndex: 'brandName', render: (v: string | null) => v ?? t('cat.noBrand') },
          { title: t('cat.services'), dataIndex: 'services', align: 'right', render: n, sorter: (a, b) => a.services - b.services },
          { title: t('cat.figures.venues'), dataIndex: 'venues', align: 'right', render: n, sorter: (a, b) => a.venues - b.venues },
          { title: t('cat.figures.districts'), dataIndex: 'districts', align: 'right', render: n, sorter: (a, b) => a.districts - b.districts },
          { title: t('cat.figures.activities'), dataIndex: 'activities', align: 'right', render: n, sorter: (a, b) => a.activities - b.activities },
          { title: t('cat.figures.personTimes'), dataIndex: 'personTimes', align: 'right', render: n, sorter: (a, b) => a.personTimes - b.personTimes },
          {
            title: t('cat.figures.satisfaction'),
            dataIndex: 'satisfactionRate',
            align: 'right',
            render: (v: number | null, r) => (v === null ? '—' : `${percent(t, v)}（${t('cat.figures.rated', { n: r.rated })}）`),
            sorter: (a, b) => (a.satisfactionRate ?? -1) - (b.satisfactionRate ?? -1),
          },
        ]}
      />
    </>
  );
}
