import { mkdirSync, readFileSync, renameSync, writeFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import type ExcelJSModule from 'exceljs';
import type { AnnualReport, AnnualReportYears } from '../../../contracts/dashboard.js';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { neutralise } from '../../platform/export/xlsx.js';
import { enqueueJob, type JobRunner } from '../../platform/jobs/jobs.js';
import { chinaToday } from '../../platform/time.js';
import * as repo from './annual-report.repository.js';
import { renderAnnualReportPdf } from './annual-report-pdf.js';
import type { DashboardService } from './dashboard.service.js';
import { regionEnglishName } from './region-english.js';

export const ANNUAL_REPORT_JOB = 'dashboard.annual_report';

/** A figure of the year beside the previous year's; null where a year has nothing to show (a rate without base). */
export type Figure = { code: string; zh: string; en: string; value: number | null; prev: number | null; kind: 'count' | 'rate' | 'hours' };
export type Section = { code: string; zh: string; en: string; rows: Figure[] };
export type ReportData = {
  year: number;
  areaZh: string;
  areaEn: string;
  level: 'city' | 'district';
  generatedAt: string;
  headline: Figure[];
  sections: Section[];
  tiles: { zh: string; en: string; metricZh: string; metricEn: string; items: { code: string; zh: string; en: string; value: number }[] };
};

/** The change against the previous year: a share for counts, percentage points for rates; null is "—". */
export function change(f: Pick<Figure, 'value' | 'prev' | 'kind'>): number | null {
  if (f.value === null || f.prev === null || f.prev === 0) return null;
  if (f.kind === 'rate') return Math.round((f.value - f.prev) * 10000) / 100;
  return Math.round(((f.value - f.prev) / f.prev) * 10000) / 10000;
}

/**
 * The annual report (年度报告, C16): per level (city or a district) and year, a PDF and an Excel workbook of every figure
 * the seed text states, from the records, beside the previous year; made by a background job and kept under DATA_DIR.
 */
export class AnnualReportService {
  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly dashboard: DashboardService,
    private readonly dir: string,
  ) {}

  register(jobs: JobRunner): void {
    jobs.handle(ANNUAL_REPORT_JOB, async (payload) => this.generate(Number(payload.id)));
  }

  /** City staff reach the city and every district; district staff their district; nobody below a district (its figures include neighbours). */
  private scope(ctx: RequestContext): string {
    const p = ctx.actor.scope.regionPath;
    if (p.split('.').length > 2) throw new AppError('NOT_FOUND');
    return p;
  }

  /** Years that have figures, newest first, and the one the page offers first (last year when it has figures). */
  async years(ctx: RequestContext): Promise<AnnualReportYears> {
    this.scope(ctx);
    const thisYear = Number(chinaToday().slice(0, 4));
    const years = (await repo.yearsWithData(this.db)).filter((y) => y <= thisYear);
    return { years, defaultYear: years.includes(thisYear - 1) ? thisYear - 1 : (years[0] ?? null) };
  }

  async start(ctx: RequestContext, body: { year: number; district?: string }): Promise<AnnualReport> {
    const scope = this.scope(ctx);
    const thisYear = Number(chinaToday().slice(0, 4));
    if (body.year > thisYear) throw new AppError('VALIDATION', 'body.year', { reason: 'future' });
    let regionPath: string;
    if (body.district) {
      const r = await repo.region(this.db, body.district);
      if (!r || r.level !== 'district' || !(r.path === scope || r.path.startsWith(`${scope}.`))) throw new AppError('NOT_FOUND', 'body.district');
      regionPath = r.path;
    } else {
      const city = await repo.cityRegion(this.db);
      if (scope !== city.path) throw new AppError('NOT_FOUND', 'body.district');
      regionPath = city.path;
    }
    const id = await this.db.transaction().execute(async (trx) => {
      const id = await repo.insertReport(trx, { year: body.year, district: body.district ?? null, regionPath, accountId: ctx.actor.accountId });
      await enqueueJob(trx, ANNUAL_REPORT_JOB, { id }, { dedupeKey: `${ANNUAL_REPORT_JOB}:${id}`, maxAttempts: 2 });
      await this.audit.append(trx, actorOf(ctx), {
        action: 'dashboard.annual_report.start',
        objectType: 'annual_report',
        objectId: id,
        detail: { year: body.year, district: body.district ?? null },
      });
      return id;
    });
    return this.get(ctx, id);
  }

  async list(ctx: RequestContext): Promise<AnnualReport[]> {
    const rows = await repo.listReports(this.db, this.scope(ctx), 50);
    return Promise.all(rows.map((r) => this.toView(r)));
  }

  async get(ctx: RequestContext, id: number): Promise<AnnualReport> {
    const r = await repo.getReport(this.db, id, this.scope(ctx));
    if (!r) throw new AppError('NOT_FOUND');
    return this.toView(r);
  }

  /** A finished report's file, audited; a report still being made is INVALID_STATE. */
  async download(ctx: RequestContext, id: number, format: 'pdf' | 'xlsx'): Promise<{ file: Buffer; name: string }> {
    const r = await repo.getReport(this.db, id, this.scope(ctx));
    if (!r) throw new AppError('NOT_FOUND');
    const f = this.file(r, format);
    if (r.status !== 'done' || !existsSync(f)) throw new AppError('INVALID_STATE', 'id');
    const file = readFileSync(f);
    await this.audit.appendStandalone(actorOf(ctx), {
      action: 'dashboard.annual_report.download',
      objectType: 'annual_report',
      objectId: id,
      detail: { format, bytes: file.length },
    });
    return { file, name: `annual-report-${r.year}-${r.district ?? 'city'}.${format}` };
  }

  private file(r: repo.ReportRow, format: 'pdf' | 'xlsx'): string {
    return path.join(this.dir, `annual-report-${r.id}-${r.file_key}.${format}`);
  }

  private async areaName(district: string | null): Promise<{ zh: string; en: string }> {
    const city = await repo.cityRegion(this.db);
    const cityEn = regionEnglishName(city.name, city.pinyin);
    if (!district) return { zh: city.name, en: cityEn };
    const d = await repo.region(this.db, district);
    return { zh: `${city.name}${d?.name ?? district}`, en: `${d ? regionEnglishName(d.name, d.pinyin) : district}, ${cityEn}` };
  }

  private async toView(r: repo.ReportRow): Promise<AnnualReport> {
    const name = await this.areaName(r.district);
    return {
      id: r.id,
      year: r.year,
      level: r.district ? 'district' : 'city',
      district: r.district,
      areaZh: name.zh,
      areaEn: name.en,
      status: r.status,
      progress: r.progress,
      error: r.error,
      pdfBytes: r.pdf_bytes,
      xlsxBytes: r.xlsx_bytes,
      createdAt: r.created_at.toISOString(),
      finishedAt: r.finished_at?.toISOString() ?? null,
    };
  }

  /** Every figure of the report for a year and the one before it (the figures a test compares with the records). */
  async figures(district: string | null, year: number): Promise<ReportData> {
    const area = district ? await repo.region(this.db, district) : await repo.cityRegion(this.db);
    if (!area) throw new AppError('NOT_FOUND', 'district');
    const a = { district: district ?? '*', street: '*' };
    const [cur, prev] = await Promise.all([year, year - 1].map((y) => this.dashboard.viewOf(a, { from: `${y}-01`, to: `${y}-12` })));
    const [yc, yp] = await Promise.all([year, year - 1].map((y) => repo.yearFigures(this.db, area.path, district, y)));
    const pair = (f: (x: 0 | 1) => Promise<repo.Count[]>) => Promise.all([f(0), f(1)]);
    const [units, venues, workers] = await Promise.all([
      pair((i) => repo.unitsByType(this.db, area.path, year - i)),
      pair((i) => repo.venuesByType(this.db, area.path, year - i)),
      pair((i) => repo.workersByProgramme(this.db, area.path, year - i)),
    ]);
    const total = (rows: repo.Count[]) => rows.reduce((s, r) => s + r.n, 0);
    const ratings = (v: typeof cur) => v!.tables.ratingsByLevel.reduce((s, r) => s + r.value, 0);
    const fig = (code: string, zh: string, en: string, value: number | null, p: number | null, kind: Figure['kind'] = 'count'): Figure => ({
      code,
      zh,
      en,
      value,
      prev: p,
      kind,
    });
    const c = cur!.cards;
    const p = prev!.cards;
    const headline: Figure[] = [
      fig('units', '群团组织单位', 'Mass-organization units', total(units[0]), total(units[1])),
      fig('venues', '服务阵地', 'Positions and venues', total(venues[0]), total(venues[1])),
      fig('requests', '受理群众诉求', 'Requests received', c.requests, p.requests),
      fig('ratings', '满意度评价', 'Satisfaction ratings', ratings(cur), ratings(prev)),
      fig('satisfactionRate', '群众满意率', 'Satisfaction rate', c.satisfactionRate, p.satisfactionRate, 'rate'),
      fig('disputes', '劳动纠纷案件', 'Labour-dispute cases', c.disputes, p.disputes),
      fig('disputesMediated', '成功调解劳动纠纷', 'Disputes mediated', c.disputesMediated, p.disputesMediated),
      fig('activities', '开展活动', 'Activities held', c.activities, p.activities),
      fig('personTimes', '活动参与人次', 'Participants (person-times)', c.personTimes, p.personTimes),
      fig('volunteers', '注册志愿者', 'Registered volunteers', yc!.volunteers, yp!.volunteers),
      fig('volunteerHours', '志愿服务时长（小时）', 'Volunteer hours', c.volunteerHours, p.volunteerHours, 'hours'),
      fig('socialWorkers', '社会化工作者', 'Social workers', total(workers[0]), total(workers[1])),
      fig('leaders', '领导班子成员', 'Leadership members', yc!.leaders, yp!.leaders),
      fig('honours', '表彰奖励', 'Honours awarded', yc!.honours, yp!.honours),
      fig('socialOrgs', '社会组织', 'Social organizations', yc!.socialOrgs, yp!.socialOrgs),
      fig('benefitClaims', '普惠领取', 'Benefit claims', yc!.benefitClaims, yp!.benefitClaims),
      fig('benefitRedeemed', '普惠核销', 'Benefits redeemed', yc!.benefitRedeemed, yp!.benefitRedeemed),
    ];
    const merge = (rows: [repo.Count[], repo.Count[]]): Figure[] => {
      const m = new Map<string, Figure>();
      for (const r of rows[0]) m.set(r.code, fig(r.code, r.zh, r.en, r.n, 0));
      for (const r of rows[1]) (m.get(r.code) ?? m.set(r.code, fig(r.code, r.zh, r.en, 0, 0)).get(r.code)!).prev = r.n;
      return [...m.values()];
    };
    const byOutcome = (): Figure[] => {
      const m = new Map<string, Figure>();
      for (const r of cur!.tables.disputesByOutcome) m.set(r.code, fig(r.code, r.labelZh, r.labelEn, r.value, 0));
      for (const r of prev!.tables.disputesByOutcome) (m.get(r.code) ?? m.set(r.code, fig(r.code, r.labelZh, r.labelEn, 0, 0)).get(r.code)!).prev = r.value;
      return [...m.values()];
    };
    const name = await this.areaName(district);
    const tiles = await repo.tiles(this.db, 'requests_status', district, year);
    return {
      year,
      areaZh: name.zh,
      areaEn: name.en,
      level: district ? 'district' : 'city',
      generatedAt: new Date().toISOString(),
      headline,
      sections: [
        { code: 'unitsByType', zh: '群团组织单位（按类型）', en: 'Units by type', rows: merge(units) },
        { code: 'venuesByType', zh: '服务阵地（按类型）', en: 'Positions and venues by type', rows: merge(venues) },
        { code: 'socialWorkers', zh: '社会化工作者（按队伍）', en: 'Social workers by programme', rows: merge(workers) },
        { code: 'disputesByOutcome', zh: '劳动纠纷（按结果）', en: 'Labour disputes by outcome', rows: byOutcome() },
      ],
      tiles: {
        zh: district ? '各街道（乡镇）受理诉求' : '各区（市）县受理诉求',
        en: district ? 'Requests received by street / town' : 'Requests received by district',
        metricZh: '诉求',
        metricEn: 'requests',
        items: tiles.map((t) => ({ code: t.code, zh: t.zh, en: regionEnglishName(t.zh, t.en), value: t.n })),
      },
    };
  }

  /** The job: figures, PDF, workbook, each step recorded as progress; a failure is kept on the report, not retried forever. */
  async generate(id: number): Promise<void> {
    const r = await repo.getReport(this.db, id, null);
    if (!r || r.status === 'done') return;
    try {
      await repo.setProgress(this.db, id, 'running', 10);
      const data = await this.figures(r.district, r.year);
      await repo.setProgress(this.db, id, 'running', 50);
      const pdf = await renderAnnualReportPdf(data);
      await repo.setProgress(this.db, id, 'running', 80);
      const xlsx = await annualReportXlsx(data);
      mkdirSync(this.dir, { recursive: true });
      for (const [f, buf] of [
        [this.file(r, 'pdf'), pdf],
        [this.file(r, 'xlsx'), xlsx],
      ] as const) {
        writeFileSync(`${f}.tmp`, buf);
        renameSync(`${f}.tmp`, f);
      }
      await repo.setProgress(this.db, id, 'done', 100, { pdfBytes: pdf.length, xlsxBytes: xlsx.length });
      await this.audit.appendStandalone(actorOf(null), {
        action: 'dashboard.annual_report.generate',
        objectType: 'annual_report',
        objectId: id,
        detail: { year: r.year, district: r.district, requestedBy: r.account_id, pdfBytes: pdf.length, xlsxBytes: xlsx.length },
      });
    } catch (err) {
      await repo.setProgress(this.db, id, 'failed', 0, { error: (err instanceof Error ? err.message : String(err)).slice(0, 300) });
      await this.audit.appendStandalone(actorOf(null), {
        action: 'dashboard.annual_report.generate',
        objectType: 'annual_report',
        objectId: id,
        result: 'failed',
        detail: { year: r.year, district: r.district },
      });
    }
  }
}

const fmtChange = (f: Figure): string | number => {
  const ch = change(f);
  return ch === null ? '—' : ch;
};

/** The report's tables as a workbook: the headline figures, each breakdown and the tiles, with the year-on-year change. */
export async function annualReportXlsx(d: ReportData): Promise<Buffer> {
  const ExcelJS = ((await import('exceljs')) as unknown as { default: typeof ExcelJSModule }).default;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'QunHub';
  const watermark = `QunHub ${d.areaZh} ${d.year} 年度报告 Annual report — generated ${d.generatedAt}`;
  const sheet = (name: string, rows: Figure[]) => {
    const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 2 }] });
    ws.addRow([neutralise(watermark)]);
    ws.addRow(['代码 Code', '指标', 'Figure', `${d.year}`, `${d.year - 1}`, '同比 Change (rate: pp)']).font = { bold: true };
    for (const f of rows) ws.addRow([f.code, f.zh, f.en, f.value ?? '—', f.prev ?? '—', fmtChange(f)].map((v) => neutralise(v)));
    [18, 26, 30, 12, 12, 22].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  };
  sheet('概览 Summary', d.headline);
  for (const s of d.sections) sheet(s.code, s.rows);
  const ws = wb.addWorksheet('tiles', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.addRow([neutralise(`${d.tiles.zh} ${d.tiles.en} ${d.year}`)]);
  ws.addRow(['代码 Code', '名称', 'Name', `${d.tiles.metricZh} ${d.tiles.metricEn}`]).font = { bold: true };
  for (const t of d.tiles.items) ws.addRow([t.code, t.zh, t.en, t.value].map((v) => neutralise(v)));
  [18, 20, 24, 14].forEach((w, i) => (ws.getColumn(i + 1).width = w));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
