import { PlusOutlined } from '@ant-design/icons';
import { Button, Flex, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import { SectionTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState } from '../../components/states';
import type { OrgDetail, StaffMember } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { useEndpoint } from '../../components/use-api';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';
import { AddStaffModal } from './AddStaffModal';
import { EndStaffModal } from './EndStaffModal';

export function StaffTab({ org }: { org: OrgDetail }) {
  const { t, lang } = usePrefs();
  const { can } = useSession();
  const state = useEndpoint(orgsApi.staff, { params: { id: org.id } });
  const programmes = useEndpoint(orgsApi.programmes);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<StaffMember | null>(null);
  const writable = can('staff.write');
  const progName = (code: string) => {
    const p = programmes.data?.items.find((x) => x.code === code);
    return p ? localName(lang, p) : code;
  };

  return (
    <>
      <Flex justify="space-between" align="center" wrap gap="small">
        <SectionTitle>{t('staff.title')}</SectionTitle>
        {writable ? (
          <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setAdding(true)}>
            {t('staff.add')}
          </Button>
        ) : null}
      </Flex>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<StaffMember>
        rowKey="id"
        size="small"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        locale={{ emptyText: <EmptyState /> }}
        columns={[
          { title: t('leaders.person'), dataIndex: 'personName' },
          { title: t('staff.programme'), dataIndex: 'programme', render: (v: string) => progName(v) },
          { title: t('leaders.phone'), dataIndex: 'phoneMasked', render: (v: string | null) => <span className="qh-mono">{v ?? t('common.none')}</span> },
          { title: t('staff.startedOn'), dataIndex: 'startedOn' },
          {
            title: t('staff.endedOn'),
            dataIndex: 'endedOn',
            render: (v: string | null) =>
              v ? <Tag className="qh-tag-archived">{`${t('staff.ended')} ${v}`}</Tag> : <Tag className="qh-tag-ok">{t('staff.inService')}</Tag>,
          },
          ...(writable
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, s: StaffMember) =>
                    s.endedOn ? null : (
                      <Button size="small" onClick={() => setEnding(s)} aria-label={`${t('staff.end')}：${s.personName}`}>
                        {t('staff.end')}
                      </Button>
                    ),
                },
              ]
            : []),
        ]}
      />
      {adding ? (
        <AddStaffModal
          org={org}
          programmes={programmes.data?.items ?? []}
          onClose={() => setAdding(false)}
          onAdded={() => {
            setAdding(false);
            state.reload();
          }}
        />
      ) : null}
      {ending ? (
        <EndStaffModal
          staff={ending}
          onClose={() => setEnding(null)}
          onEnded={() => {
            setEnding(null);
            state.reload();
          }}
        />
      ) : null}
    </>
  );
}
