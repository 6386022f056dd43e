import { Button, Form } from 'antd';
import { useState } from 'react';
import type { Org, OrgDetail } from '@contracts/orgs';
import { orgsApi } from '../../api/orgs';
import { useConfirm } from '../../components/confirm';
import { OrgSelect } from '../../components/OrgSelect';
import { useT } from '../../prefs';

/** Moves the unit (with its subtree) under another unit of the same type, after confirmation. */
export function OrgMoveTab({ org, onMoved }: { org: OrgDetail; onMoved: () => void }) {
  const t = useT();
  const confirm = useConfirm();
  const [target, setTarget] = useState<Org | undefined>();

  return (
    <Form name="org-move" layout="vertical" style={{ maxWidth: 560 }} component="div">
      <Form.Item label={t('orgs.newParent')} htmlFor="org-move-parent" extra={t('orgs.moveHelp')}>
        <OrgSelect
          id="org-move-parent"
          type={org.typeCode}
          value={target?.id}
          exclude={[org.id, ...(org.parentId ? [org.parentId] : [])]}
          onChange={(_id, o) => setTarget(o)}
        />
      </Form.Item>
      <Button
        type="primary"
        disabled={!target}
        onClick={() =>
          target &&
          confirm({
            title: t('orgs.moveConfirm', { name: org.name, parent: target.name }),
            okText: t('orgs.move'),
            successText: t('orgs.moved'),
            onOk: async () => {
              await orgsApi.move.call({ params: { id: org.id }, body: { newParentId: target.id, version: org.version } });
              setTarget(undefined);
              onMoved();
            },
          })
        }
      >
        {t('orgs.move')}
      </Button>
    </Form>
  );
}
