import { Card, Form, Select } from 'antd';
import { useState } from 'react';
import { PageTitle } from '../../components/PageTitle';
import { orgsApi } from '../../api/orgs';
import { useEndpoint } from '../../components/use-api';
import { localName } from '../../i18n';
import { usePrefs } from '../../prefs';
import { BreakdownSection } from './BreakdownSection';
import { CompositionSection } from './CompositionSection';
import { ExchangesSection } from './ExchangesSection';
import { StaffSummarySection } from './StaffSummarySection';

/** Leadership-team composition per level, social workers by programme, and cadre exchanges. */
export function LeadershipPage() {
  const { t, lang } = usePrefs();
  const types = useEndpoint(orgsApi.types);
  const [type, setType] = useState<string | undefined>(undefined);

  return (
    <>
      <PageTitle>{t('lead.title')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" name="lead-type" component="div">
          <Form.Item label={t('lead.type')} htmlFor="lead-type-select">
            <Select
              id="lead-type-select"
              value={type ?? ''}
              onChange={(v: string) => setType(v || undefined)}
              loading={types.loading}
              options={[
                { value: '', label: t('lead.allTypes') },
                ...(types.data?.items ?? []).filter((x) => !x.isPartner).map((x) => ({ value: x.code, label: localName(lang, x) })),
              ]}
              style={{ width: 220 }}
            />
          </Form.Item>
        </Form>
      </Card>
      <CompositionSection type={type} />
      <BreakdownSection />
      <StaffSummarySection type={type} />
      <ExchangesSection />
    </>
  );
}
