import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Form, Input } from 'antd';
import { useState } from 'react';
import { OrgSelect } from '../../components/OrgSelect';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { useEndpoint } from '../../components/use-api';
import { accountsApi } from '../../api/accounts';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { AccountsTable } from './AccountsTable';
import { CreateAccountModal } from './CreateAccountModal';
import { useClearable } from '../../components/clearable';

export function AccountsPage() {
  const clearable = useClearable();
  const t = useT();
  const { can } = useSession();
  const [q, setQ] = useState('');
  const [orgId, setOrgId] = useState<number | undefined>();
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const pageSize = 20;
  const state = useEndpoint(accountsApi.list, { query: { q: q.trim() || undefined, orgId, page, pageSize } });
  const roles = useEndpoint(accountsApi.roles);

  return (
    <>
      <PageTitle
        extra={
          can('account.write') ? (
            <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
              {t('acc.create')}
            </Button>
          ) : null
        }
      >
        {t('acc.title')}
      </PageTitle>
      <Card>
        <SectionTitle>{t('common.results')}</SectionTitle>
        <Form layout="inline" name="account-filters" component="div" style={{ rowGap: 8, marginBottom: 12 }}>
          <Form.Item label={t('acc.q')} htmlFor="acc-q">
            <Input.Search
              id="acc-q"
              allowClear={clearable}
              enterButton={t('common.search')}
              onSearch={(v) => {
                setQ(v);
                setPage(1);
              }}
              style={{ width: 260 }}
            />
          </Form.Item>
          {can('org.read') ? (
            <Form.Item label={t('acc.org')} htmlFor="acc-org">
              <div style={{ width: 280 }}>
                <OrgSelect
                  id="acc-org"
                  value={orgId}
                  onChange={(id) => {
                    setOrgId(id);
                    setPage(1);
                  }}
                />
              </div>
            </Form.Item>
          ) : null}
        </Form>
        <AccountsTable state={state} roles={roles.data?.items ?? []} page={page} pageSize={pageSize} onPage={setPage} />
      </Card>
      {creating ? (
        <CreateAccountModal
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            state.reload();
          }}
        />
      ) : null}
    </>
  );
}
