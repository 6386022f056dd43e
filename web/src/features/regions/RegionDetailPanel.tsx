import { Breadcrumb, Button, Descriptions } from 'antd';
import { labelOf } from '../../components/labels';
import { DataState } from '../../components/states';
import { regionsApi } from '../../api/regions';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';

export function RegionDetailPanel({ code, onPick }: { code: string | null; onPick: (code: string) => void }) {
  const t = useT();
  const state = useEndpoint(regionsApi.get, code ? { params: { code } } : null);
  if (!code) return <p className="qh-muted">{t('regions.noSelection')}</p>;
  return (
    <DataState state={state}>
      {(r) => (
        <>
          <nav aria-label={t('regions.ancestors')} style={{ marginBottom: 12 }}>
            <Breadcrumb
              items={[
                ...r.ancestors.map((a) => ({
                  key: a.code,
                  title: (
                    <Button type="link" size="small" style={{ padding: 0, height: 'auto' }} onClick={() => onPick(a.code)}>
                      {a.name}
                    </Button>
                  ),
                })),
                { key: r.code, title: <span aria-current="page">{r.name}</span> },
              ]}
            />
          </nav>
          <Descriptions
            bordered
            column={1}
            size="small"
            items={[
              { key: 'name', label: t('regions.name'), children: r.name },
              { key: 'official', label: t('regions.officialName'), children: r.officialName },
              { key: 'code', label: t('regions.code'), children: <span className="qh-mono">{r.code}</span> },
              { key: 'level', label: t('regions.level'), children: labelOf(t, 'regionLevel', r.level) },
              { key: 'pinyin', label: t('regions.pinyin'), children: r.pinyin },
              { key: 'initials', label: t('regions.initials'), children: r.initials },
              { key: 'children', label: t('regions.childCount'), children: r.childCount },
            ]}
          />
        </>
      )}
    </DataState>
  );
}
