/** Dashboard routes: the city dashboard (数据驾驶舱), its drill-down, exports and district map, and the annual reports. */
import { Type, type Static, type TArray, type TNull, type TNumber, type TUnion } from '@sinclair/typebox';
import { IdParam, Lit, Nullable, Obj, PageQuery, Paged, RegionCode, route, File } from './core.js';
import { CARD_KEYS, RATE_KEYS, TABLE_KEYS, type CardKey, type TableKey } from './dashboard.enums.js';

export { CARD_KEYS, RATE_KEYS, TABLE_KEYS, type CardKey, type TableKey };

const tags = ['dashboard'] as const;

/**
 * Cards that may have no figure: a rate whose base is zero, and benefit person-times in a street, which are
 * recorded per district only.
 */
export const NULLABLE_KEYS = [...RATE_KEYS, 'benefitPersonTimes'] as const;
type NullableKey = (typeof NULLABLE_KEYS)[number];

const Month = Type.String({ pattern: '^[0-9]{4}-(0[1-9]|1[0-2])$', maxLength: 7 });
const AreaQuery = { district: Type.Optional(RegionCode), street: Type.Optional(RegionCode) };
const ViewQuery = { ...AreaQuery, from: Type.Optional(Month), to: Type.Optional(Month) };
export const DashboardQuery = Obj(ViewQuery);
export type DashboardQuery = Static<typeof DashboardQuery>;

// A rate is null when its base is zero (no requests, no ratings): the page shows "—", not 0 %.
export const Cards = Obj(
  Object.fromEntries(CARD_KEYS.map((k) => [k, (NULLABLE_KEYS as readonly string[]).includes(k) ? Nullable(Type.Number()) : Type.Number()])) as {
    [K in CardKey]: K extends NullableKey ? TUnion<[TNumber, TNull]> : TNumber;
  },
);
export type Cards = Static<typeof Cards>;
export const TableRow = Obj({ code: Type.String(), labelZh: Type.String(), labelEn: Type.String(), value: Type.Number() });
export type TableRow = Static<typeof TableRow>;
export const DashboardView = Obj({
  area: Obj({ district: Type.String(), street: Type.String(), nameZh: Type.String(), nameEn: Type.String() }),
  period: Obj({ from: Nullable(Type.String()), to: Nullable(Type.String()) }),
  cards: Cards,
  tables: Obj(Object.fromEntries(TABLE_KEYS.map((k) => [k, Type.Array(TableRow)])) as Record<TableKey, TArray<typeof TableRow>>),
  trend: Type.Array(Obj({ month: Type.String(), values: Type.Record(Type.String(), Type.Number()) })),
  districts: Type.Array(Obj({ code: Type.String(), labelZh: Type.String(), labelEn: Type.String(), values: Cards })),
  /** Whether the deployment has an approved district map: the page fetches it only then. */
  hasMap: Type.Boolean(),
});
export type DashboardView = Static<typeof DashboardView>;
export const DashboardMember = Obj({
  id: Type.Integer(),
  memberNo: Type.String(),
  nameMasked: Type.String(),
  gender: Type.String(),
  birthYear: Type.Integer(),
  joinedOn: Type.String(),
  orgName: Type.String(),
  regionName: Type.String(),
});
export type DashboardMember = Static<typeof DashboardMember>;
const Feature = Type.Object({
  type: Type.String({ maxLength: 20 }),
  properties: Type.Optional(Type.Union([Type.Record(Type.String(), Type.Unknown()), Type.Null()])),
  geometry: Type.Optional(Type.Unknown()),
});
// A FeatureCollection: its members, closed, with the optional ones GeoJSON files commonly carry.
export const GeoBody = Obj({
  type: Type.String({ maxLength: 40 }),
  features: Type.Array(Feature, { maxItems: 500 }),
  name: Type.Optional(Type.String({ maxLength: 200 })),
  crs: Type.Optional(Type.Unknown()),
  bbox: Type.Optional(Type.Array(Type.Number(), { maxItems: 6 })),
});
export type GeoBody = Static<typeof GeoBody>;

export const AnnualReport = Obj({
  id: Type.Integer(),
  year: Type.Integer(),
  level: Lit(['city', 'district'] as const),
  district: Nullable(Type.String()),
  areaZh: Type.String(),
  areaEn: Type.String(),
  status: Lit(['pending', 'running', 'done', 'failed'] as const),
  progress: Type.Integer(),
  error: Nullable(Type.String()),
  pdfBytes: Nullable(Type.Integer()),
  xlsxBytes: Nullable(Type.Integer()),
  createdAt: Type.String(),
  finishedAt: Nullable(Type.String()),
});
export type AnnualReport = Static<typeof AnnualReport>;
export const AnnualReportYears = Obj({ years: Type.Array(Type.Integer()), defaultYear: Nullable(Type.Integer()) });
export type AnnualReportYears = Static<typeof AnnualReportYears>;

export const dashboard = {
  annualReportYears: route({
    method: 'GET',
    url: '/dashboard/annual-reports/years',
    tags,
    summary: 'The years an annual report can be made for (those with figures), and the one offered first',
    response: AnnualReportYears,
  }),
  annualReports: route({
    method: 'GET',
    url: '/dashboard/annual-reports',
    tags,
    summary: 'Annual reports of the city or districts within my region, newest first, with their progress',
    response: Obj({ items: Type.Array(AnnualReport) }),
  }),
  startAnnualReport: route({
    method: 'POST',
    url: '/dashboard/annual-reports',
    tags,
    summary: 'Start making the annual report (PDF and Excel) of the city, or of a district, for a year; a background job',
    body: Obj({ year: Type.Integer({ minimum: 1949, maximum: 2200 }), district: Type.Optional(RegionCode) }),
    response: AnnualReport,
    status: 202,
  }),
  annualReport: route({
    method: 'GET',
    url: '/dashboard/annual-reports/:id',
    tags,
    summary: 'One annual report and its progress',
    params: IdParam,
    response: AnnualReport,
  }),
  annualReportPdf: route({
    method: 'GET',
    url: '/dashboard/annual-reports/:id/pdf',
    tags,
    summary: 'The annual report as a PDF',
    params: IdParam,
    response: File,
  }),
  annualReportXlsx: route({
    method: 'GET',
    url: '/dashboard/annual-reports/:id/xlsx',
    tags,
    summary: "The annual report's tables as an Excel workbook",
    params: IdParam,
    response: File,
  }),
  view: route({
    method: 'GET',
    url: '/dashboard',
    tags,
    summary: 'The dashboard (数据驾驶舱) of the city, a district or a street within my region, for a period of months',
    querystring: DashboardQuery,
    response: DashboardView,
  }),
  exportTable: route({
    method: 'GET',
    url: '/dashboard/export',
    tags,
    summary: 'One dashboard table as an Excel file',
    querystring: Obj({ ...ViewQuery, table: Lit(TABLE_KEYS) }),
    response: File,
  }),
  members: route({
    method: 'GET',
    url: '/dashboard/members',
    tags,
    summary: 'Drill-down behind the members figure: membership records of the area (masked)',
    querystring: Obj({ ...PageQuery, ...AreaQuery }),
    response: Paged(DashboardMember),
  }),
  map: route({
    method: 'GET',
    url: '/dashboard/map',
    tags,
    summary: "The deployment's approved district map (GeoJSON), or null when none was uploaded",
    response: Type.Unknown(),
  }),
  uploadMap: route({
    method: 'PUT',
    url: '/dashboard/map',
    tags,
    summary: "Upload the deployment's approved district map (GeoJSON FeatureCollection; features name districts by adcode or name)",
    body: GeoBody,
    response: Obj({ features: Type.Integer(), matched: Type.Integer() }),
  }),
};
