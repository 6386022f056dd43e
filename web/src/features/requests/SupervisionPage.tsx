import { Button, Card, Flex, Typography } from 'antd';
import { useState } from 'react';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { requestsApi } from '../../api/requests';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { ActionModal, type ActionSpec } from './ActionModal';
import { RequestTable } from './RequestsPage';
import { sendStep } from './shared';

/** The supervision queue (督办): overdue requests of the units below; comment, set a new deadline or take over. */
export function SupervisionPage() {
  const t = useT();
  const [page, setPage] = useState(1);
  const [spec, setSpec] = useState<ActionSpec | null>(null);
  const pageSize = 20;
  const state = useEndpoint(requestsApi.supervision, { query: { page, pageSize } });
  return (
    <>
      <PageTitle>{t('req.supervisionTitle')}</PageTitle>
      <Card>
        <Typography.Paragraph className="qh-muted">{t('req.supervisionHint')}</Typography.Paragraph>
        <SectionTitle>{t('common.results')}</SectionTitle>
        <RequestTable
          state={state}
          page={page}
          pageSize={pageSize}
          onPage={setPage}
          extraColumn={{
            title: t('common.actions'),
            render: (r) => (
              <Flex gap={4} wrap>
                <Button
                  size="small"
                  onClick={() =>
                    setSpec({
                      send: sendStep('supervise', r.id),
                      title: t('req.superviseOne', { number: r.number }),
                      body: { version: r.version },
                      text: { label: 'req.field.superviseNote', key: 'note', required: true },
                      date: { label: 'req.field.newDue', key: 'resolveDue' },
                    })
                  }
                >
                  {t('req.act.supervise')}
                </Button>
                {r.status !== 'resolved' ? (
                  <Button
                    size="small"
                    danger
                    onClick={() =>
                      setSpec({
                        send: sendStep('takeOver', r.id),
                        title: t('req.takeOverOne', { number: r.number }),
                        body: { version: r.version },
                        text: { label: 'req.field.reason', key: 'note', required: true },
                        hint: t('req.takeOverHint'),
                        danger: true,
                      })
                    }
                  >
                    {t('req.act.takeOver')}
                  </Button>
                ) : null}
              </Flex>
            ),
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
