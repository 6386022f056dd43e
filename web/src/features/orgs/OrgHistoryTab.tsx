import { Table } from '../../components/Table';
import { useEffect, useRef } from 'react';
import { dateTime, labelOf } from '../../components/labels';
import { EmptyState, ErrorState } from '../../components/states';
import type { OrgHistoryItem } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { useEndpoint } from '../../components/use-api';
import type { MessageKey } from '../../i18n';
import { useT } from '../../prefs';

const FIELD_LABELS: Record<string, MessageKey> = {
  name: 'orgs.name',
  credit_code: 'orgs.creditCode',
  creditCode: 'orgs.creditCode',
  enterprise_name: 'orgs.enterpriseName',
  enterpriseName: 'orgs.enterpriseName',
  party_group: 'orgs.partyGroup',
  partyGroup: 'orgs.partyGroup',
  parentId: 'orgs.parent',
  parent_id: 'orgs.parent',
  regionCode: 'orgs.region',
  region_code: 'orgs.region',
  subtree: 'orgs.subtree',
  status: 'orgs.status',
};

type FromTo = { from: unknown; to: unknown };
const isFromTo = (v: unknown): v is FromTo => typeof v === 'object' && v !== null && 'from' in v && 'to' in v;

/** One history entry's JSON as "field: old → new" lines; unchanged fields are left out. */
function Changes({ json }: { json: string }) {
  const t = useT();
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return <span>{json}</span>;
  }
  const show = (v: unknown): string => {
    if (v === null || v === undefined || v === '') return t('common.none');
    if (typeof v === 'boolean') return v ? t('common.yes') : t('common.no');
    return typeof v === 'string' ? v : JSON.stringify(v);
  };
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return <span className="qh-mono">{JSON.stringify(parsed)}</span>;
  const entries = Object.entries(parsed as Record<string, unknown>).filter(([, v]) => !isFromTo(v) || JSON.stringify(v.from) !== JSON.stringify(v.to));
  if (entries.length === 0) return <span>{t('common.none')}</span>;
  return (
    <ul style={{ margin: 0, paddingLeft: 18 }}>
      {entries.map(([k, v]) => {
        const label = FIELD_LABELS[k];
        return (
          <li key={k}>
            {label ? t(label) : <span className="qh-mono">{k}</span>}
            {t('common.colon')}
            {isFromTo(v) ? `${show(v.from)} → ${show(v.to)}` : show(v)}
          </li>
        );
      })}
    </ul>
  );
}

export function OrgHistoryTab({ orgId, version }: { orgId: number; version: number }) {
  const t = useT();
  const state = useEndpoint(orgsApi.history, { params: { id: orgId } });
  const { reload } = state;
  const first = useRef(version);
  useEffect(() => {
    if (version !== first.current) reload();
  }, [version, reload]);
  return (
    <>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<OrgHistoryItem>
        rowKey="id"
        size="small"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          { title: t('orgs.historyAt'), dataIndex: 'at', render: (v: string) => dateTime(v), width: 170 },
          { title: t('orgs.historyAction'), dataIndex: 'action', render: (v: string) => labelOf(t, 'orgAction', v) },
          { title: t('orgs.historyActor'), dataIndex: 'actorName', render: (v: string | null) => v ?? t('common.none') },
          { title: t('orgs.historyChanges'), dataIndex: 'changes', render: (v: string) => <Changes json={v} /> },
        ]}
      />
    </>
  );
}
