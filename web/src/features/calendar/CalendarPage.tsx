import { Alert, Card, Col, Form, Row, Select } from 'antd';
import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { PageTitle, SectionTitle } from '../../components/PageTitle';
import { DataState } from '../../components/states';
import { useEndpoint } from '../../components/use-api';
import { useT } from '../../prefs';
import { useSession } from '../../session';
import { calendarApi } from '../../api/calendar';
import { ArrangementForm } from './ArrangementForm';
import { DaysTable } from './DaysTable';
import { MonthGrid } from './MonthGrid';
import { OverrideForm } from './OverrideForm';
import { WorkdayCalculator } from './WorkdayCalculator';

export function CalendarPage() {
  const t = useT();
  const { can } = useSession();
  const now = new Date();
  const [params] = useSearchParams();
  const wanted = Number(params.get('year')) || now.getFullYear();
  const [year, setYear] = useState(wanted);
  useEffect(() => setYear(wanted), [wanted]);
  const [month, setMonth] = useState(now.getMonth());
  const state = useEndpoint(calendarApi.year, { params: { year } });
  const years = [...new Set([...(state.data?.years ?? []), now.getFullYear(), now.getFullYear() + 1, year])].sort((a, b) => b - a);

  return (
    <>
      <PageTitle>{t('cal.title')}</PageTitle>
      <Card style={{ marginBottom: 16 }}>
        <Form layout="inline" name="calendar-year" component="div">
          <Form.Item label={t('cal.year')} htmlFor="cal-year">
            <Select
              id="cal-year"
              value={year}
              onChange={(y: number) => setYear(y)}
              options={years.map((y) => ({ value: y, label: String(y) }))}
              style={{ width: 120 }}
            />
          </Form.Item>
        </Form>
      </Card>
      <DataState state={state}>
        {(cal) => (
          <>
            {!cal.covered ? (
              <Alert
                type="warning"
                showIcon
                role="alert"
                title={t('cal.notCovered', { year: cal.year })}
                description={t('cal.notCoveredText', { year: cal.year })}
                style={{ marginBottom: 16 }}
              />
            ) : cal.provisional ? (
              <Alert
                type="info"
                showIcon
                title={t('cal.provisionalYear', { year: cal.year })}
                description={t('cal.provisionalYearText', { year: cal.year })}
                style={{ marginBottom: 16 }}
              />
            ) : null}
            <Row gutter={[16, 16]}>
              <Col xs={24} xl={14}>
                <Card>
                  <SectionTitle>{t('cal.monthView')}</SectionTitle>
                  <MonthGrid year={cal.year} month={month} onMonth={setMonth} days={cal.days} />
                </Card>
              </Col>
              <Col xs={24} xl={10}>
                <Card style={{ marginBottom: 16 }}>
                  <SectionTitle>{t('cal.calculator')}</SectionTitle>
                  <WorkdayCalculator />
                </Card>
                {can('calendar.write') && cal.covered && cal.provisional ? (
                  <Card style={{ marginBottom: 16 }} id="arrangement">
                    <SectionTitle>{t('cal.arrangement')}</SectionTitle>
                    <ArrangementForm year={cal.year} onApplied={state.reload} />
                  </Card>
                ) : null}
                {can('calendar.write') ? (
                  <Card>
                    <SectionTitle>{t('cal.overrides')}</SectionTitle>
                    <OverrideForm year={cal.year} onSaved={state.reload} />
                  </Card>
                ) : null}
              </Col>
            </Row>
            <Card style={{ marginTop: 16 }}>
              <SectionTitle>{t('cal.listTitle')}</SectionTitle>
              <DaysTable days={cal.days} writable={can('calendar.write')} onChanged={state.reload} />
            </Card>
          </>
        )}
      </DataState>
    </>
  );
}
