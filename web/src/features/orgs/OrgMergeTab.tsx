import { Alert, Button, Flex, Form } from 'antd';
import { Table } from '../../components/Table';
import { useState } from 'react';
import type { MergeResult } from '@contracts/orgs';
import { errorMessage } from '../../api';
import { orgsApi } from '../../api/orgs';
import { useConfirm } from '../../components/confirm';
import { FormAlert } from '../../components/FormAlert';
import { OrgSelect } from '../../components/OrgSelect';
import { useT } from '../../prefs';
import type { Org, OrgDetail } from '@contracts/orgs';

/** Merges this unit into another of the same type: a preview counts what moves, then one confirmed, audited merge. */
export function OrgMergeTab({ org, onMerged }: { org: OrgDetail; onMerged: () => void }) {
  const t = useT();
  const confirm = useConfirm();
  const [target, setTarget] = useState<Org | undefined>();
  const [preview, setPreview] = useState<MergeResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const kind = (k: string) => {
    const label = t(`orgs.merge.kind.${k}` as never);
    return label === `orgs.merge.kind.${k}` ? k : label;
  };
  const runPreview = async () => {
    if (!target) return;
    setBusy(true);
    setError(null);
    try {
      setPreview(await orgsApi.merge.call({ body: { fromId: org.id, intoId: target.id, dryRun: true } }));
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };
  if (org.status !== 'active') return <Alert type="info" showIcon title={t('orgs.merge.notActive')} />;
  return (
    <Flex vertical gap="middle" style={{ maxWidth: 720 }}>
      <Alert type="warning" showIcon title={t('orgs.merge.help', { name: org.name })} />
      <FormAlert message={error} />
      <Form name="org-merge" layout="vertical" component="div">
        <Form.Item label={t('orgs.merge.into')} htmlFor="org-merge-into">
          <OrgSelect
            id="org-merge-into"
            type={org.typeCode}
            value={target?.id}
            exclude={[org.id]}
            onChange={(_id, o) => {
              setTarget(o);
              setPreview(null);
            }}
          />
        </Form.Item>
        <Button onClick={() => void runPreview()} disabled={!target} loading={busy}>
          {t('orgs.merge.preview')}
        </Button>
      </Form>
      {preview ? (
        <section aria-labelledby="merge-preview">
          <h2 id="merge-preview" style={{ fontSize: 16 }}>
            {t('orgs.merge.previewTitle', { from: preview.from.name, into: preview.into.name })}
          </h2>
          <Table
            rowKey="kind"
            size="small"
            pagination={false}
            dataSource={preview.moved.filter((m) => m.count > 0)}
            columns={[
              { title: t('orgs.merge.kind'), dataIndex: 'kind', render: (k: string) => kind(k) },
              { title: t('orgs.merge.count'), dataIndex: 'count', width: 120 },
            ]}
          />
          <Button
            danger
            type="primary"
            style={{ marginTop: 12 }}
            onClick={() =>
              target &&
              confirm({
                title: t('orgs.merge.confirm', { from: org.name, into: target.name }),
                okText: t('orgs.merge.do'),
                danger: true,
                successText: t('orgs.merge.done'),
                onOk: async () => {
                  await orgsApi.merge.call({ body: { fromId: org.id, intoId: target.id } });
                  setPreview(null);
                  onMerged();
                },
              })
            }
          >
            {t('orgs.merge.do')}
          </Button>
        </section>
      ) : null}
    </Flex>
  );
}
