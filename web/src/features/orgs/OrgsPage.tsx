import { Flex, Radio } from 'antd';
import { useSearchParams } from 'react-router-dom';
import { PageTitle } from '../../components/PageTitle';
import { EmptyState, ErrorState, LoadingState } from '../../components/states';
import { useOrgTypes } from '../../components/use-org-types';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';
import { useMe } from '../../session';
import { OrgTypeView } from './OrgTypeView';

/** One tab per organization type: the tree on the left, the searchable list on the right. */
export function OrgsPage() {
  const { t, lang } = usePrefs();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const { types, error, reload } = useOrgTypes();

  const body = () => {
    if (error) return <ErrorState error={error} onRetry={reload} />;
    if (!types) return <LoadingState />;
    if (types.length === 0) return <EmptyState description={t('orgs.noTypes')} />;
    const wanted = params.get('type');
    const active =
      types.find((x) => x.code === wanted)?.code ??
      types.find((x) => x.code === me.orgType && x.total > 0)?.code ??
      types.find((x) => x.total > 0)?.code ??
      types[0]?.code;
    const current = types.find((x) => x.code === active);
    // Radio buttons rather than tabs: they wrap on narrow screens and in English instead of overflowing into a menu.
    return (
      <>
        <Flex gap="small" align="center" wrap style={{ marginBottom: 16 }}>
          <span id="org-type-label">
            {t('orgs.type')}
            {t('common.colon')}
          </span>
          <Radio.Group
            aria-labelledby="org-type-label"
            optionType="button"
            buttonStyle="solid"
            value={active}
            onChange={(e) => setParams({ type: String(e.target.value) }, { replace: true })}
            options={types.map((x) => ({ value: x.code, label: `${localName(lang, x)}（${x.total}）` }))}
          />
        </Flex>
        {current ? <OrgTypeView key={current.code} type={current.code} typeName={localName(lang, current)} /> : null}
      </>
    );
  };

  return (
    <>
      <PageTitle>{t('orgs.title')}</PageTitle>
      {body()}
    </>
  );
}
