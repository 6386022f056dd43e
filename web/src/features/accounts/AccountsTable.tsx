import { Button, Flex, Tag } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { Account, Role } from '@contracts/accounts';
import { accountsApi } from '../../api/accounts';
import { useConfirm } from '../../components/confirm';
import { dateTime } from '../../components/labels';
import { EmptyState, ErrorState } from '../../components/states';
import type { Loadable } from '../../components/use-api';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';
import { useSession } from '../../session';
import type { Paged } from '../../types';
import { ContactModal } from './ContactModal';
import { OidcBindingModal } from './OidcBindingModal';
import { ResetPasswordModal } from './ResetPasswordModal';
import { RolesModal } from './RolesModal';

type Props = { state: Loadable<Paged<Account>>; roles: Role[]; page: number; pageSize: number; onPage: (p: number) => void };

export function AccountsTable({ state, roles, page, pageSize, onPage }: Props) {
  const { t, lang } = usePrefs();
  const { can, me } = useSession();
  const confirm = useConfirm();
  const [resetting, setResetting] = useState<Account | null>(null);
  const [granting, setGranting] = useState<Account | null>(null);
  const [binding, setBinding] = useState<Account | null>(null);
  const [contact, setContact] = useState<{ account: Account; channel: 'email' | 'phone' } | null>(null);
  const roleName = (code: string) => {
    const r = roles.find((x) => x.code === code);
    return r ? localName(lang, r) : code;
  };
  const act = (a: Account, what: 'disable' | 'enable' | 'unlock') =>
    confirm({
      title: t(what === 'disable' ? 'acc.disableConfirm' : what === 'enable' ? 'acc.enableConfirm' : 'acc.unlockConfirm', { name: a.username }),
      danger: what === 'disable',
      okText: t(what === 'disable' ? 'acc.disable' : what === 'enable' ? 'acc.enable' : 'acc.unlock'),
      onOk: async () => {
        await accountsApi[what].call({ params: { id: a.id } });
        state.reload();
      },
    });

  return (
    <>
      {state.error ? <ErrorState error={state.error} onRetry={state.reload} /> : null}
      <Table<Account>
        rowKey="id"
        loading={state.loading}
        dataSource={state.data?.items ?? []}
        scroll={{ x: 1280 }}
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
          { title: t('acc.username'), dataIndex: 'username', render: (v: string) => <span className="qh-mono">{v}</span> },
          { title: t('acc.displayName'), dataIndex: 'displayName' },
          { title: t('acc.org'), dataIndex: 'orgName' },
          { title: t('email.column'), dataIndex: 'email', render: (v: string | null) => (v ? <span className="qh-mono">{v}</span> : t('common.none')) },
          {
            title: t('phone.column'),
            dataIndex: 'phoneMasked',
            width: 130,
            render: (v: string | null) => (v ? <span className="qh-mono">{v}</span> : t('common.none')),
          },
          {
            title: t('acc.roles'),
            dataIndex: 'roles',
            render: (rs: string[]) => (rs.length ? rs.map((r) => <Tag key={r}>{roleName(r)}</Tag>) : t('common.none')),
          },
          {
            title: t('acc.status'),
            key: 'status',
            render: (_: unknown, a) => (
              <>
                <Tag className={a.status === 'active' ? 'qh-tag-ok' : 'qh-tag-archived'}>{a.status === 'active' ? t('acc.active') : t('acc.disabled')}</Tag>
                {a.locked ? <Tag className="qh-tag-bad">{t('acc.locked')}</Tag> : null}
              </>
            ),
          },
          { title: t('acc.failedLogins'), dataIndex: 'failedLogins', align: 'right' },
          { title: t('acc.lastLogin'), dataIndex: 'lastLoginAt', render: (v: string | null) => (v ? dateTime(v) : t('acc.never')) },
          {
            title: t('common.actions'),
            key: 'actions',
            width: 240,
            render: (_: unknown, a) => {
              const self = a.id === me?.id;
              return (
                <Flex gap={4} wrap>
                  {can('account.write') && !self ? (
                    <Button
                      size="small"
                      danger={a.status === 'active'}
                      onClick={() => act(a, a.status === 'active' ? 'disable' : 'enable')}
                      aria-label={`${a.status === 'active' ? t('acc.disable') : t('acc.enable')}：${a.username}`}
                    >
                      {a.status === 'active' ? t('acc.disable') : t('acc.enable')}
                    </Button>
                  ) : null}
                  {can('account.write') ? (
                    <Button size="small" onClick={() => setResetting(a)} aria-label={`${t('acc.resetPassword')}：${a.username}`}>
                      {t('acc.resetPassword')}
                    </Button>
                  ) : null}
                  {can('account.write') ? (
                    <Button size="small" onClick={() => setContact({ account: a, channel: 'email' })} aria-label={`${t('email.set')}：${a.username}`}>
                      {t('email.set')}
                    </Button>
                  ) : null}
                  {can('account.write') ? (
                    <Button size="small" onClick={() => setContact({ account: a, channel: 'phone' })} aria-label={`${t('phone.set')}：${a.username}`}>
                      {t('phone.set')}
                    </Button>
                  ) : null}
                  {can('account.unlock') && a.locked ? (
                    <Button size="small" onClick={() => act(a, 'unlock')} aria-label={`${t('acc.unlock')}：${a.username}`}>
                      {t('acc.unlock')}
                    </Button>
                  ) : null}
                  {can('role.grant') ? (
                    <Button size="small" onClick={() => setGranting(a)} aria-label={`${t('acc.editRoles')}：${a.username}`}>
                      {t('acc.editRoles')}
                    </Button>
                  ) : null}
                  {can('account.oidc') ? (
                    <Button size="small" onClick={() => setBinding(a)} aria-label={`${t('oidc.bindings')}：${a.username}`}>
                      {t('oidc.bindings')}
                    </Button>
                  ) : null}
                </Flex>
              );
            },
          },
        ]}
      />
      {binding ? <OidcBindingModal account={binding} onClose={() => setBinding(null)} /> : null}
      {contact ? (
        <ContactModal
          account={contact.account}
          channel={contact.channel}
          onClose={() => setContact(null)}
          onSaved={() => {
            setContact(null);
            state.reload();
          }}
        />
      ) : null}
      {resetting ? <ResetPasswordModal account={resetting} onClose={() => setResetting(null)} /> : null}
      {granting ? (
        <RolesModal
          account={granting}
          roles={roles}
          onClose={() => setGranting(null)}
          onSaved={() => {
            setGranting(null);
            state.reload();
          }}
        />
      ) : null}
    </>
  );
}
