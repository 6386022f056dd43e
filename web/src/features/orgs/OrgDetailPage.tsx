import { Breadcrumb, Button, Card, Tabs, Tag } from 'antd';
import { Link, useParams } from 'react-router-dom';
import type { OrgDetail } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { useConfirm } from '../../components/confirm';
import { labelOf } from '../../components/labels';
import { PageTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useMe, useSession } from '../../session';
import { LeadersTab } from './LeadersTab';
import { OrgHistoryTab } from './OrgHistoryTab';
import { OrgInfoTab } from './OrgInfoTab';
import { OrgMergeTab } from './OrgMergeTab';
import { OrgMoveTab } from './OrgMoveTab';
import { StaffTab } from './StaffTab';

/** Ancestors above the caller's own unit are shown as text: the caller cannot open them. */
function linkable(org: OrgDetail, ancestorId: number, scopePath: string): boolean {
  const myRoot = scopePath.split('.').pop();
  const path = org.path.split('.');
  const rootAt = myRoot ? path.indexOf(myRoot) : -1;
  if (rootAt < 0) return true;
  return path.indexOf(String(ancestorId)) >= rootAt;
}

export function OrgDetailPage() {
  const t = useT();
  const me = useMe();
  const { can } = useSession();
  const confirm = useConfirm();
  const { id } = useParams();
  const state = useEndpoint(orgsApi.get, { params: { id: Number(id) } });

  return (
    <DataState state={state} title={t('orgs.detail')}>
      {(org) => {
        const archived = org.status === 'archived';
        const toggleArchive = () =>
          confirm({
            title: t(archived ? 'orgs.restoreConfirm' : 'orgs.archiveConfirm', { name: org.name }),
            danger: !archived,
            okText: archived ? t('orgs.restore') : t('orgs.archive'),
            onOk: async () => {
              const r = await (archived ? orgsApi.restore : orgsApi.archive).call({ params: { id: org.id } });
              state.reload();
              return r;
            },
            successText: (r) => t(archived ? 'orgs.restoredN' : 'orgs.archivedN', { n: r.affected }),
          });
        return (
          <>
            <nav aria-label={t('orgs.path')} style={{ marginBottom: 8 }}>
              <Breadcrumb
                items={[
                  { key: 'orgs', title: <Link to={`/orgs?type=${org.typeCode}`}>{t('orgs.title')}</Link> },
                  ...org.ancestors.map((a) => ({
                    key: a.id,
                    title: linkable(org, a.id, me.scope.orgPath) ? <Link to={`/orgs/${a.id}`}>{a.name}</Link> : <span>{a.name}</span>,
                  })),
                  { key: org.id, title: <span aria-current="page">{org.name}</span> },
                ]}
              />
            </nav>
            <PageTitle
              extra={
                can('org.write') && org.status !== 'merged' ? (
                  <Button danger={!archived} onClick={toggleArchive}>
                    {archived ? t('orgs.restore') : t('orgs.archive')}
                  </Button>
                ) : null
              }
              tags={
                <>
                  <Tag className={archived || org.status === 'merged' ? 'qh-tag-archived' : 'qh-tag-ok'}>
                    {org.status === 'merged' ? t('orgs.merged') : archived ? t('orgs.archived') : t('orgs.active')}
                  </Tag>
                  <Tag>{labelOf(t, 'level', org.level)}</Tag>
                </>
              }
            >
              {org.name}
            </PageTitle>
            <Card>
              <Tabs
                destroyOnHidden
                items={[
                  { key: 'info', label: t('orgs.tabInfo'), children: <OrgInfoTab org={org} onSaved={state.reload} /> },
                  ...(can('org.write') ? [{ key: 'move', label: t('orgs.tabMove'), children: <OrgMoveTab org={org} onMoved={state.reload} /> }] : []),
                  ...(can('org.write') ? [{ key: 'merge', label: t('orgs.tabMerge'), children: <OrgMergeTab org={org} onMerged={state.reload} /> }] : []),
                  { key: 'history', label: t('orgs.tabHistory'), children: <OrgHistoryTab orgId={org.id} version={org.version} /> },
                  ...(can('staff.read')
                    ? [
                        { key: 'leaders', label: t('orgs.tabLeaders'), children: <LeadersTab org={org} /> },
                        { key: 'staff', label: t('orgs.tabStaff'), children: <StaffTab org={org} /> },
                      ]
                    : []),
                ]}
              />
            </Card>
          </>
        );
      }}
    </DataState>
  );
}
