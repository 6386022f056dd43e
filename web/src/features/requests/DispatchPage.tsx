import { Button, Card, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { requestsApi } from '../../api/requests';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { ActionModal, type ActionSpec } from './ActionModal';
import { RequestTable } from './RequestsPage';
import { sendStep } from './shared';

type View = 'returned' | 'dispatched';

/** The dispatcher's view: requests returned for re-dispatch, and those waiting for a unit to accept them. */
export function DispatchPage() {
  const t = useT();
  const [view, setView] = useState<View>('returned');
  const [page, setPage] = useState(1);
  const [spec, setSpec] = useState<ActionSpec | null>(null);
  const pageSize = 20;
  const state = useEndpoint(requestsApi.list, { query: { status: view, page, pageSize } });
  return (
    <>
      <PageTitle>{t('req.dispatchTitle')}</PageTitle>
      <Card>
        <Typography.Paragraph className="qh-muted">{t('req.dispatchHint')}</Typography.Paragraph>
        <Segmented<View>
          value={view}
          onChange={(v) => {
            setView(v);
            setPage(1);
          }}
          options={[
            { value: 'returned', label: t('req.dispatchReturned') },
            { value: 'dispatched', label: t('req.dispatchWaiting') },
          ]}
          style={{ marginBottom: 12 }}
        />
        <SectionTitle>{t('common.results')}</SectionTitle>
        <RequestTable
          state={state}
          page={page}
          pageSize={pageSize}
          onPage={setPage}
          extraColumn={{
            title: t('common.actions'),
            render: (r) =>
              r.access === 'primary' ? (
                <Button
                  size="small"
                  onClick={() =>
                    setSpec({
                      send: sendStep('dispatch', r.id),
                      title: t('req.dispatchOne', { number: r.number }),
                      body: { version: r.version },
                      org: { label: 'req.field.targetOrg' },
                      text: { label: 'req.field.note', key: 'note', required: false },
                    })
                  }
                >
                  {t('req.act.dispatch')}
                </Button>
              ) : null,
          }}
        />
      </Card>
      {spec ? (
        <ActionModal
          spec={spec}
          onClose={() => setSpec(null)}
          onDone={() => {
            setSpec(null);
            state.reload();
          }}
        />
      ) : null}
    </>
  );
}
