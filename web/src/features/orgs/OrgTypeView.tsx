import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Flex, Row } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { SectionTitle } from '../../components/PageTitle';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import type { Org } from '@contracts/orgs';
import { CreateOrgModal } from './CreateOrgModal';
import { OrgTable } from './OrgTable';
import { OrgTree } from './OrgTree';

export function OrgTypeView({ type, typeName }: { type: string; typeName: string }) {
  const t = useT();
  const { can } = useSession();
  const [selected, setSelected] = useState<Org | null>(null);
  const [creating, setCreating] = useState(false);
  const [version, setVersion] = useState(0);
  const writable = can('org.write');

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={8} xxl={6}>
        <Card>
          <SectionTitle>{t('orgs.tree')}</SectionTitle>
          {selected ? (
            <Flex gap="small" wrap align="center" style={{ marginBottom: 8 }}>
              <span>{t('orgs.selectedNode', { name: selected.name })}</span>
              <Link to={`/orgs/${selected.id}`}>{t('common.detail')}</Link>
            </Flex>
          ) : null}
          <div className="qh-tree-panel">
            <OrgTree key={`${type}-${version}`} type={type} label={t('orgs.treeLabel', { type: typeName })} selected={selected} onSelect={setSelected} />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={16} xxl={18}>
        <Card>
          <Flex justify="space-between" align="center" wrap gap="small">
            <SectionTitle>{t('orgs.list')}</SectionTitle>
            {writable ? (
              <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setCreating(true)}>
                {t('orgs.createUnit')}
              </Button>
            ) : null}
          </Flex>
          <OrgTable type={type} parent={selected} onClearParent={() => setSelected(null)} version={version} />
        </Card>
      </Col>
      {creating ? (
        <CreateOrgModal
          type={type}
          parent={selected}
          onClose={() => setCreating(false)}
          onCreated={() => {
            setCreating(false);
            setVersion((v) => v + 1);
          }}
        />
      ) : null}
    </Row>
  );
}
