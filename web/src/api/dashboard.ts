import type { dashboard } from '@contracts/dashboard';
import { endpoint } from './endpoint';

type C = typeof dashboard;

export const dashboardApi = {
  annualReportYears: endpoint<C['annualReportYears']>('GET /dashboard/annual-reports/years'),
  annualReports: endpoint<C['annualReports']>('GET /dashboard/annual-reports'),
  startAnnualReport: endpoint<C['startAnnualReport']>('POST /dashboard/annual-reports'),
  annualReport: endpoint<C['annualReport']>('GET /dashboard/annual-reports/:id'),
  annualReportPdf: endpoint<C['annualReportPdf']>('GET /dashboard/annual-reports/:id/pdf'),
  annualReportXlsx: endpoint<C['annualReportXlsx']>('GET /dashboard/annual-reports/:id/xlsx'),
  view: endpoint<C['view']>('GET /dashboard'),
  exportTable: endpoint<C['exportTable']>('GET /dashboard/export'),
  members: endpoint<C['members']>('GET /dashboard/members'),
  map: endpoint<C['map']>('GET /dashboard/map'),
  uploadMap: endpoint<C['uploadMap']>('PUT /dashboard/map'),
};
