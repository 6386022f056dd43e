import { Card, Col, Row, Tabs } from 'antd';
import { useState } from 'react';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { useT } from '../../prefs';
import { RegionDetailPanel } from './RegionDetailPanel';
import { RegionSearch } from './RegionSearch';
import { RegionTree } from './RegionTree';
import { ZonesTab } from './ZonesTab';

export function RegionsPage() {
  const t = useT();
  const [selected, setSelected] = useState<string | null>(null);

  const divisions = (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={10}>
        <Card>
          <SectionTitle>{t('regions.treeTitle')}</SectionTitle>
          <RegionSearch onPick={setSelected} />
          <div className="qh-tree-panel">
            <RegionTree selected={selected} onSelect={setSelected} />
          </div>
        </Card>
      </Col>
      <Col xs={24} lg={14}>
        <Card>
          <SectionTitle>{t('regions.detail')}</SectionTitle>
          <RegionDetailPanel code={selected} onPick={setSelected} />
        </Card>
      </Col>
    </Row>
  );

  return (
    <>
      <PageTitle>{t('regions.title')}</PageTitle>
      <Tabs
        items={[
          { key: 'tree', label: t('regions.tabTree'), children: divisions },
          { key: 'zones', label: t('regions.tabZones'), children: <ZonesTab /> },
        ]}
      />
    </>
  );
}
