import { Button, Descriptions, Modal, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { dateTime } from '../../components/labels';
import { EmptyState, ErrorState } from '../../components/states';
import type { Loadable } from '../../components/use-api';
import { useT } from '../../prefs';
import type { AuditRow } from '@contracts/audit';
import type { Paged } from '../../types';

type Props = { state: Loadable<Paged<AuditRow>>; page: number; pageSize: number; onPage: (p: number) => void };

function pretty(json: string): string {
  try {
    return JSON.stringify(JSON.parse(json), null, 2);
  } catch {
    return json;
  }
}

export function AuditTable({ state, page, pageSize, onPage }: Props) {
  const t = useT();
  const [open, setOpen] = useState<AuditRow | null>(null);
  const resultTag = (r: string) => (
    <Tag className={r === 'ok' ? 'qh-tag-ok' : 'qh-tag-bad'}>{r === 'ok' ? t('audit.ok') : r === 'denied' ? t('audit.denied') : t('audit.failed')}</Tag>
  );
  return (
    <>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<AuditRow>
        rowKey="seq"
        size="small"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        scroll={{ x: 960 }}
        locale={{ emptyText: state.loading ? ' ' : <EmptyState /> }}
        pagination={{
          current: page,
          pageSize,
          total: state.data?.total ?? 0,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { n }),
          onChange: onPage,
        }}
        columns={[
          { title: t('audit.seq'), dataIndex: 'seq', width: 80 },
          { title: t('audit.at'), dataIndex: 'at', render: (v: string) => dateTime(v), width: 150 },
          { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? t('common.none') },
          { title: t('audit.action'), dataIndex: 'action', render: (v: string) => <span className="qh-mono">{v}</span> },
          {
            title: t('audit.objectType'),
            dataIndex: 'objectType',
            render: (v: string | null, r) => (v ? `${v}${r.objectId ? ` #${r.objectId}` : ''}` : t('common.none')),
          },
          { title: t('audit.result'), dataIndex: 'result', render: resultTag },
          { title: t('audit.ip'), dataIndex: 'ip', render: (v: string | null) => v ?? t('common.none') },
          {
            title: t('audit.detail'),
            key: 'detail',
            render: (_: unknown, r) => (
              <Button size="small" onClick={() => setOpen(r)} aria-label={t('audit.detailTitle', { seq: r.seq })}>
                {t('common.view')}
              </Button>
            ),
          },
        ]}
      />
      <Modal
        open={!!open}
        title={open ? t('audit.detailTitle', { seq: open.seq }) : ''}
        onCancel={() => setOpen(null)}
        footer={null}
        width={680}
        destroyOnHidden
      >
        {open ? (
          <Descriptions
            bordered
            size="small"
            column={1}
            items={[
              { key: 'at', label: t('audit.at'), children: dateTime(open.at) },
              { key: 'actor', label: t('audit.actor'), children: `${open.actorName ?? t('common.none')}${open.actorId ? ` (#${open.actorId})` : ''}` },
              { key: 'roles', label: t('audit.roles'), children: open.actorRoles || t('common.none') },
              { key: 'scope', label: t('audit.scope'), children: open.scope || t('common.none') },
              { key: 'action', label: t('audit.action'), children: open.action },
              { key: 'object', label: t('audit.objectType'), children: `${open.objectType ?? ''} ${open.objectId ?? ''}` },
              { key: 'result', label: t('audit.result'), children: resultTag(open.result) },
              { key: 'ip', label: t('audit.ip'), children: open.ip ?? t('common.none') },
              { key: 'req', label: t('audit.requestId'), children: <span className="qh-mono">{open.requestId ?? t('common.none')}</span> },
              { key: 'detail', label: t('audit.detail'), children: <pre style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{pretty(open.detail)}</pre> },
            ]}
          />
        ) : null}
      </Modal>
    </>
  );
}
