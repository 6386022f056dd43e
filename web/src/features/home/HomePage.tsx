import { Card, Col, Row, Statistic } from 'antd';
import { useEffect, useState } from 'react';
import { orgsApi } from '../../api/orgs';
import { regionsApi } from '../../api/regions';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { ErrorState, LoadingState } from '../../components/states';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';
import { useMe, useSession } from '../../session';
import type { OrgType } from '@contracts/orgs';
import type { RegionDetail } from '@contracts/regions';

type OrgCount = { type: OrgType; total: number };
type RegionCounts = { districts: number; streets: number; mine: RegionDetail | null };

async function loadOrgCounts(): Promise<OrgCount[]> {
  const types = (await orgsApi.types.call()).items;
  const counts = await Promise.all(types.map(async (type) => ({ type, total: (await orgsApi.list.call({ query: { type: type.code, pageSize: 1 } })).total })));
  return counts.filter((c) => !c.type.isPartner || c.total > 0);
}

async function loadRegionCounts(myRegion: string | undefined): Promise<RegionCounts> {
  const roots = (await regionsApi.children.call({ query: {} })).items;
  const districts = (await Promise.all(roots.map((r) => regionsApi.children.call({ query: { parent: r.code } })))).flatMap((x) => x.items);
  const mine = myRegion ? await regionsApi.get.call({ params: { code: myRegion } }) : null;
  return { districts: districts.length, streets: districts.reduce((s, d) => s + d.childCount, 0), mine };
}

export function HomePage() {
  const { t, lang } = usePrefs();
  const me = useMe();
  const { can } = useSession();
  const myRegion = me.scope.regionPath.split('.').pop();
  const [orgs, setOrgs] = useState<OrgCount[] | null>(null);
  const [regions, setRegions] = useState<RegionCounts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const canOrgs = can('org.read');

  useEffect(() => {
    let live = true;
    setError(null);
    Promise.all([canOrgs ? loadOrgCounts() : Promise.resolve([]), loadRegionCounts(myRegion)])
      .then(([o, r]) => {
        if (!live) return;
        setOrgs(o);
        setRegions(r);
      })
      .catch((e: unknown) => live && setError(e));
    return () => {
      live = false;
    };
  }, [canOrgs, myRegion, tick]);

  return (
    <>
      <PageTitle>{t('home.title')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <SectionTitle>{t('home.welcome', { name: me.displayName })}</SectionTitle>
        <p style={{ margin: 0 }}>{t('home.org', { org: me.orgName })}</p>
        {regions?.mine ? (
          <p style={{ margin: '4px 0 0' }}>
            {t('home.scopeRegion', { region: [...regions.mine.ancestors.map((a) => a.name), regions.mine.name].join(' / ') })}
          </p>
        ) : null}
        <p className="qh-muted" style={{ margin: '8px 0 0' }}>
          {t('home.countsNote')}
        </p>
      </Card>
      {error ? <ErrorState error={error} onRetry={() => setTick((n) => n + 1)} /> : null}
      {!error && (!regions || (canOrgs && !orgs)) ? <LoadingState /> : null}
      {canOrgs && orgs ? (
        <Card style={{ marginBottom: 16 }}>
          <SectionTitle>{t('home.orgCounts')}</SectionTitle>
          <Row gutter={[16, 16]}>
            {orgs.map((o) => (
              <Col key={o.type.code} xs={12} md={8} xl={4}>
                <Statistic className="qh-stat" title={localName(lang, o.type)} value={o.total} />
              </Col>
            ))}
          </Row>
        </Card>
      ) : null}
      {!canOrgs && regions ? <p className="qh-muted">{t('home.noOrgAccess')}</p> : null}
      {regions ? (
        <Card>
          <SectionTitle>{t('home.regionCounts')}</SectionTitle>
          <Row gutter={[16, 16]}>
            <Col xs={12} md={8}>
              <Statistic className="qh-stat" title={t('home.districts')} value={regions.districts} />
            </Col>
            <Col xs={12} md={8}>
              <Statistic className="qh-stat" title={t('home.streets')} value={regions.streets} />
            </Col>
            {regions.mine ? (
              <Col xs={12} md={8}>
                <Statistic className="qh-stat" title={t('home.myRegionChildren', { region: regions.mine.name })} value={regions.mine.childCount} />
              </Col>
            ) : null}
          </Row>
        </Card>
      ) : null}
    </>
  );
}
