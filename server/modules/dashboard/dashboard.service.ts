import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from '../../db/client.js';
import { actorOf, type AuditTrail } from '../../platform/audit/audit.js';
import type { RequestContext } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { toXlsx } from '../../platform/export/xlsx.js';
import { MEDIATED_OUTCOMES, SATISFIED_LEVELS, TREND_METRICS, resolveArea } from './dashboard.policy.js';
import * as repo from './dashboard.repository.js';
import { regionEnglishName } from './region-english.js';
import type { Area, FigureRow, Label, Period } from './dashboard.repository.js';
import { chinaToday } from '../../platform/time.js';
import type { Cards, DashboardView, GeoBody, TableKey, TableRow } from '../../../contracts/dashboard.js';

const LEVEL_LABEL: Record<string, [string, string]> = {
  city: ['市级', 'City'],
  district: ['区（市）县级', 'District'],
  street: ['街道（乡镇）级', 'Street / town'],
  community: ['社区（村）级', 'Community'],
  grassroots: ['基层单位', 'Grassroots unit'],
};
const STATUS_LABEL: Record<string, [string, string]> = {
  dispatched: ['已派单', 'Dispatched'],
  returned: ['已退回', 'Returned'],
  accepted: ['已受理', 'Accepted'],
  in_progress: ['办理中', 'In progress'],
  resolved: ['已办结', 'Resolved'],
  closed: ['已关闭', 'Closed'],
};
const OUTCOME_LABEL: Record<string, [string, string]> = {
  mediated: ['调解成功', 'Mediated'],
  confirmed: ['调解成功并司法确认', 'Mediated and confirmed'],
  arbitrated: ['转仲裁', 'Arbitrated'],
  litigated: ['转诉讼', 'Litigated'],
  withdrawn: ['撤回', 'Withdrawn'],
  failed: ['调解不成', 'Failed'],
};
const RATING_LABEL: Record<string, [string, string]> = {
  1: ['非常满意', 'Very satisfied'],
  2: ['满意', 'Satisfied'],
  3: ['基本满意', 'Fairly satisfied'],
  4: ['不满意', 'Dissatisfied'],
  5: ['非常不满意', 'Very dissatisfied'],
};
const LEADER_LABEL: Record<string, [string, string]> = {
  total: ['领导班子成员', 'Leadership members'],
  'mode.full_time': ['专职', 'Full-time'],
  'mode.seconded': ['挂职', 'Seconded'],
  'mode.part_time': ['兼职', 'Part-time'],
  frontline: ['一线职工', 'Front-line workers'],
  model_worker: ['劳动模范', 'Model workers'],
};
const GENDER_LABEL: Record<string, [string, string]> = { female: ['女', 'Female'], male: ['男', 'Male'] };
const VOL_LABEL: Record<string, [string, string]> = { active: ['在册', 'Active'], inactive: ['停用', 'Inactive'] };
const MODEL_LABEL: Record<string, [string, string]> = { national: ['全国级', 'National'], provincial: ['省级', 'Provincial'], city: ['市级', 'City'] };
const BENEFIT_KIND_LABEL: Record<string, [string, string]> = {
  free_service: ['免费服务', 'Free service'],
  discount: ['折扣优惠', 'Discount'],
  voucher: ['消费券', 'Voucher'],
  goods: ['实物', 'Goods'],
  subsidy: ['补助', 'Subsidy'],
  mutual_aid: ['职工互助保障', 'Mutual-aid insurance'],
  education_grant: ['金秋助学', 'Education grant'],
  seasonal_care: ['送清凉/送温暖', 'Seasonal care'],
};
const SORG_DOMAIN_LABEL: Record<string, [string, string]> = {
  labour: ['劳动领域', 'Labour'],
  women_children: ['妇女儿童', 'Women and children'],
  youth: ['青少年', 'Youth'],
  disability: ['助残', 'Disability'],
  science: ['科技', 'Science'],
  returnees: ['侨界', 'Returnees'],
  elderly: ['养老', 'Elderly care'],
  community: ['社区', 'Community'],
  other: ['其他', 'Other'],
};
const USAGE_SOURCE_LABEL: Record<string, [string, string]> = { redeem: ['核销', 'Redemptions'], report: ['线上服务报送', 'Reported by online services'] };

/** A share, or null when there is nothing to share out (no ratings is "—", not 0 %). */
const rate = (a: number, b: number): number | null => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);

type ByMetric = Map<string, FigureRow[]>;
function byMetric(rows: FigureRow[]): ByMetric {
  const m: ByMetric = new Map();
  for (const r of rows) {
    const list = m.get(r.metric);
    if (list) list.push(r);
    else m.set(r.metric, [r]);
  }
  return m;
}

/**
 * The leadership rollup keys each dimension by term end ('total@2028-06-30', 'total@' when open-ended): keeps the
 * rows of terms that have not ended by `today` and strips the term end, so the figures count serving members only.
 */
export function servingLeaders<R extends { metric: string; dim: string }>(rows: R[], today: string): R[] {
  const out: R[] = [];
  for (const r of rows) {
    if (r.metric !== 'leaders') {
      out.push(r);
      continue;
    }
    const at = r.dim.lastIndexOf('@');
    if (at < 0) continue;
    const end = r.dim.slice(at + 1);
    if (end === '' || end >= today) out.push({ ...r, dim: r.dim.slice(0, at) });
  }
  return out;
}

/** The city dashboard (数据驾驶舱): every figure read from the rollups (or, for the benchmark and checks, recomputed). */
export class DashboardService {
  private labelCache: { at: number; byKind: Map<string, Map<string, Label>> } | null = null;
  private foldTimer: NodeJS.Timeout | null = null;
  private folding: Promise<number> | null = null;

  constructor(
    private readonly db: Database,
    private readonly audit: AuditTrail,
    private readonly dataDir: string,
  ) {}

  /** Folds the rollup deltas written by the triggers into the rollup (ADR 0008); readers see the same figures before and after. */
  async fold(): Promise<number> {
    this.folding ??= repo.fold(this.db).finally(() => {
      this.folding = null;
    });
    return this.folding;
  }

  /** Folds every few seconds while the server runs, so the deltas stay few. */
  startFolding(everyMs = 2000, onError: (err: unknown) => void = () => {}): void {
    if (this.foldTimer) return;
    this.foldTimer = setInterval(() => void this.fold().catch(onError), everyMs);
    this.foldTimer.unref();
  }

  async stopFolding(): Promise<void> {
    if (this.foldTimer) clearInterval(this.foldTimer);
    this.foldTimer = null;
    if (this.folding) await this.folding.catch(() => 0);
  }

  private async labels(): Promise<Map<string, Map<string, Label>>> {
    if (this.labelCache && Date.now() - this.labelCache.at < 60_000) return this.labelCache.byKind;
    const byKind = new Map<string, Map<string, Label>>();
    for (const row of await repo.labels(this.db)) {
      // Regions have a Chinese name and a pinyin key only: the English page names them in English, not by the key.
      const l = row.kind === 'region' ? { ...row, en: regionEnglishName(row.zh, row.en) } : row;
      (byKind.get(l.kind) ?? byKind.set(l.kind, new Map()).get(l.kind)!).set(l.code, l);
    }
    this.labelCache = { at: Date.now(), byKind };
    return byKind;
  }

  private async area(ctx: RequestContext, q: { district?: string; street?: string }): Promise<Area> {
    let parent: string | null = null;
    if (q.district) {
      const d = await repo.regionOf(this.db, q.district);
      if (!d || d.level !== 'district') throw new AppError('NOT_FOUND', 'query.district');
    }
    if (q.street) {
      const s = await repo.regionOf(this.db, q.street);
      if (!s || s.level !== 'street') throw new AppError('NOT_FOUND', 'query.street');
      parent = s.parent_code;
    }
    return resolveArea(ctx.actor, q, parent);
  }

  /** The dashboard of an area within the caller's scope; `naive` recomputes every figure from the records. */
  async view(ctx: RequestContext, q: { district?: string; street?: string; from?: string; to?: string }, naive = false): Promise<DashboardView> {
    if (q.from && q.to && q.from > q.to) throw new AppError('VALIDATION', 'query.to', { reason: 'before_from' });
    return this.viewOf(await this.area(ctx, q), { from: q.from, to: q.to }, naive);
  }

  /** The dashboard of an area already resolved against a scope (the annual report's figures come from here too). */
  async viewOf(a: Area, p: Period, naive = false): Promise<DashboardView> {
    const q = p;
    const defs = naive ? await repo.sources(this.db) : [];
    const naiveRows = naive ? await repo.naiveFigures(this.db, defs, a, p) : [];
    const naiveFig = naiveRows.map(({ metric, dim, month, value }) => ({ metric, dim, month, value }));
    const [{ rows: allRows, trend }, allByDistrict, communities, expected, labels] = await Promise.all([
      naive ? Promise.resolve({ rows: naiveFig, trend: naiveFig.filter((r) => r.month !== '') }) : repo.rollupFigures(this.db, a, p),
      a.street !== '*'
        ? Promise.resolve([])
        : naive
          ? Promise.resolve(naiveRows.filter((r) => r.district !== ''))
          : repo.rollupByDistrict(this.db, p, a.district === '*' ? undefined : a.district),
      repo.communityCount(this.db, a),
      repo.expectedVenueTypes(this.db),
      this.labels(),
    ]);
    // A leadership term counts until the end of its last day.
    const today = chinaToday();
    const rows = servingLeaders(allRows, today);
    const byDistrict = servingLeaders(allByDistrict, today);
    const label = (kind: string, code: string, fallback?: [string, string]): TableRow => {
      const l = labels.get(kind)?.get(code);
      return { code, labelZh: l?.zh ?? fallback?.[0] ?? code, labelEn: l?.en ?? fallback?.[1] ?? code, value: 0 };
    };
    // Rows grouped by metric once: each card and table reads only its own metric's rows (the city has thousands).
    const sum = (ix: ByMetric, metric: string, pred: (dim: string) => boolean = () => true) =>
      (ix.get(metric) ?? []).reduce((s, r) => (pred(r.dim) ? s + r.value : s), 0);
    const rowsIx = byMetric(rows);
    const group = (metric: string, mk: (code: string) => TableRow): TableRow[] => {
      const m = new Map<string, number>();
      for (const r of rowsIx.get(metric) ?? []) m.set(r.dim, (m.get(r.dim) ?? 0) + r.value);
      return [...m]
        .filter(([, v]) => v !== 0)
        .map(([code, value]) => ({ ...mk(code), value }))
        .sort((x, y) => y.value - x.value);
    };
    /** Communities covered by each expected venue type: the distinct venue_cover dims `<type>.<community>` above zero. */
    const coveredOf = (ix: ByMetric): Map<string, number> => {
      const dims = new Map<string, Set<string>>(expected.map((t) => [t, new Set<string>()]));
      for (const r of ix.get('venue_cover') ?? []) {
        if (r.value <= 0) continue;
        for (const t of expected) if (r.dim.startsWith(`${t}.`)) dims.get(t)!.add(r.dim);
      }
      return new Map([...dims].map(([t, d]) => [t, d.size]));
    };
    const cardsOf = (rs: ByMetric, communityN: number, inStreet: boolean, covered = coveredOf(rs)): Cards => {
      const requests = sum(rs, 'requests_status');
      const resolved = sum(rs, 'requests_progress', (d) => d === 'resolved');
      const ratings = sum(rs, 'ratings');
      const gaps = expected.reduce((s, t) => s + Math.max(0, communityN - covered.get(t)!), 0);
      return {
        units: sum(rs, 'org_units'),
        members: sum(rs, 'members'),
        socialWorkers: sum(rs, 'social_workers'),
        leaders: sum(rs, 'leaders', (d) => d === 'total'),
        requests,
        responseRate: rate(
          sum(rs, 'requests_progress', (d) => d === 'responded'),
          requests,
        ),
        resolutionRate: rate(resolved, requests),
        onTimeRate: rate(
          sum(rs, 'requests_progress', (d) => d === 'resolved_on_time'),
          resolved,
        ),
        satisfactionRate: rate(
          sum(rs, 'ratings', (d) => SATISFIED_LEVELS.includes(d)),
          ratings,
        ),
        disputes: sum(rs, 'disputes'),
        disputesMediated: sum(rs, 'disputes_outcome', (d) => MEDIATED_OUTCOMES.includes(d)),
        venues: sum(rs, 'venues'),
        coverageGaps: gaps,
        volunteers: sum(rs, 'volunteers', (d) => d === 'active'),
        volunteerHours: Math.round(sum(rs, 'volunteer_hours', (d) => d === 'confirmed') * 100) / 100,
        activities: sum(rs, 'activities'),
        personTimes: sum(rs, 'person_times'),
        benefitClaims: sum(rs, 'benefit_claims'),
        benefitPersonTimes: inStreet ? null : sum(rs, 'benefit_person_times'),
        socialOrgs: sum(rs, 'social_orgs'),
      };
    };
    const districtRows = new Map<string, FigureRow[]>();
    for (const r of byDistrict) (districtRows.get(r.district) ?? districtRows.set(r.district, []).get(r.district)!).push(r);
    const districtCommunities = a.street === '*' ? await this.communitiesByDistrict() : new Map<string, number>();
    const districts = [...districtRows]
      .map(([code, rs]) => ({ ...label('region', code), values: cardsOf(byMetric(rs), districtCommunities.get(code) ?? 0, false) }))
      .sort((x, y) => x.code.localeCompare(y.code));

    const months = new Map<string, Record<string, number>>();
    for (const r of trend) {
      if (r.month === '' || !(TREND_METRICS as readonly string[]).includes(r.metric)) continue;
      if (r.metric === 'volunteer_hours' && r.dim !== 'confirmed') continue;
      const m = months.get(r.month) ?? months.set(r.month, {}).get(r.month)!;
      m[r.metric] = (m[r.metric] ?? 0) + r.value;
    }
    const coveredInArea = coveredOf(rowsIx);
    const split = (code: string) => code.split('.');
    const tables: Record<TableKey, TableRow[]> = {
      unitsByType: (() => {
        const m = new Map<string, number>();
        for (const r of rowsIx.get('org_units') ?? []) m.set(split(r.dim)[0]!, (m.get(split(r.dim)[0]!) ?? 0) + r.value);
        return [...m].map(([code, value]) => ({ ...label('org_type', code), value })).sort((x, y) => y.value - x.value);
      })(),
      unitsByLevel: group('org_units', (code) => {
        const [t, lv] = split(code);
        const tl = label('org_type', t!);
        const ll = LEVEL_LABEL[lv!] ?? [lv!, lv!];
        return { code, labelZh: `${tl.labelZh} · ${ll[0]}`, labelEn: `${tl.labelEn} · ${ll[1]}`, value: 0 };
      }),
      membersByGender: group('members', (c) => label('', c, GENDER_LABEL[c])),
      socialWorkers: group('social_workers', (c) => label('programme', c)),
      leadership: group('leaders', (c) => label('', c, LEADER_LABEL[c])),
      requestsByStatus: group('requests_status', (c) => label('', c, STATUS_LABEL[c])),
      requestsByCategory: group('requests_category', (c) => label('category', c)),
      requestsByDistrict: districts.map((d) => ({ code: d.code, labelZh: d.labelZh, labelEn: d.labelEn, value: d.values.requests })),
      ratingsByLevel: group('ratings', (c) => label('', c, RATING_LABEL[c])).sort((x, y) => x.code.localeCompare(y.code)),
      disputesByOutcome: group('disputes_outcome', (c) => label('', c, OUTCOME_LABEL[c])),
      venuesByType: group('venues', (c) => label('venue_type', c)),
      venuesByModelLevel: group('venues_model', (code) => {
        const [t, lv] = split(code);
        const tl = label('venue_type', t!);
        const ml = MODEL_LABEL[lv!] ?? [lv!, lv!];
        return { code, labelZh: `${tl.labelZh} · ${ml[0]}`, labelEn: `${tl.labelEn} · ${ml[1]}`, value: 0 };
      }),
      coverageGaps: expected.map((t) => ({ ...label('venue_type', t), value: Math.max(0, communities - coveredInArea.get(t)!) })),
      activitiesByCampaign: group('person_times', (c) =>
        c === 'none' ? { code: c, labelZh: '未归属专项', labelEn: 'No campaign', value: 0 } : label('campaign', c),
      ),
      volunteersByStatus: group('volunteers', (c) => label('', c, VOL_LABEL[c])),
      benefitClaimsByKind: group('benefit_claims', (c) => label('', c, BENEFIT_KIND_LABEL[c])),
      benefitClaimsByDistrict: districts
        .map((d) => ({ code: d.code, labelZh: d.labelZh, labelEn: d.labelEn, value: d.values.benefitClaims }))
        .filter((d) => d.value !== 0),
      benefitPersonTimesBySource: group('benefit_person_times', (c) => label('', c, USAGE_SOURCE_LABEL[c])),
      socialOrgsByDomain: group('social_orgs', (c) => label('', c, SORG_DOMAIN_LABEL[c])),
    };
    const areaLabel =
      a.street !== '*' ? label('region', a.street) : a.district !== '*' ? label('region', a.district) : { labelZh: '全市', labelEn: 'Whole city' };
    return {
      area: { district: a.district, street: a.street, nameZh: areaLabel.labelZh, nameEn: areaLabel.labelEn },
      period: { from: q.from ?? null, to: q.to ?? null },
      cards: cardsOf(rowsIx, communities, a.street !== '*', coveredInArea),
      tables,
      trend: [...months].sort(([x], [y]) => x.localeCompare(y)).map(([month, values]) => ({ month, values })),
      districts,
      hasMap: existsSync(this.mapFile()),
    };
  }

  private communityCache: Map<string, number> | null = null;
  private async communitiesByDistrict(): Promise<Map<string, number>> {
    if (!this.communityCache) {
      const m = new Map<string, number>();
      const labels = await this.labels();
      for (const code of labels.get('region')?.keys() ?? [])
        if (/^[0-9]{6}$/.test(code)) m.set(code, await repo.communityCount(this.db, { district: code, street: '*' }));
      this.communityCache = m;
    }
    return this.communityCache;
  }

  /** One dashboard table as an Excel file (formula-injection protected), audited with its row count. */
  async exportTable(ctx: RequestContext, table: TableKey, q: { district?: string; street?: string; from?: string; to?: string }): Promise<Buffer> {
    const v = await this.view(ctx, q);
    const rows = v.tables[table];
    const buf = await toXlsx(
      table,
      [
        { header: '代码 Code', value: (r: TableRow) => r.code, width: 18 },
        { header: '名称', value: (r) => r.labelZh, width: 30 },
        { header: 'Name', value: (r) => r.labelEn, width: 30 },
        { header: '数值 Value', value: (r) => r.value, width: 14 },
      ],
      rows,
      `QunHub export by ${ctx.actor.username} at ${new Date().toISOString()} — ${v.area.nameZh} ${v.period.from ?? ''}–${v.period.to ?? ''}`,
    );
    await this.audit.appendStandalone(actorOf(ctx), {
      action: 'dashboard.export',
      objectType: 'dashboard',
      detail: { table, rows: rows.length, district: v.area.district, street: v.area.street },
    });
    return buf;
  }

  /** Drill-down behind the members figure: membership records of the area (masked names only). */
  async members(ctx: RequestContext, q: { district?: string; street?: string; page: number; pageSize: number }) {
    const a = await this.area(ctx, q);
    return repo.listMembers(this.db, ctx.actor.scope.regionPath, a, q.pageSize, (q.page - 1) * q.pageSize);
  }

  /** Every rollup row beside its recomputation from the records; `ok` is false on any difference. */
  async verify(): Promise<{
    ok: boolean;
    metrics: { metric: string; rows: number; mismatches: repo.VerifyRow[]; cityTotal: { rollup: number; recomputed: number } }[];
  }> {
    const metrics = [];
    for (const d of await repo.sources(this.db)) {
      const rows = await repo.compareAll(this.db, d);
      const city = rows.filter((r) => r.district === '*' && r.month === '*');
      metrics.push({
        metric: d.metric,
        rows: rows.length,
        mismatches: rows.filter((r) => Math.abs(r.rollup - r.recomputed) > 1e-6),
        cityTotal: { rollup: city.reduce((s, r) => s + r.rollup, 0), recomputed: city.reduce((s, r) => s + r.recomputed, 0) },
      });
    }
    return { ok: metrics.every((m) => m.mismatches.length === 0), metrics };
  }

  private mapFile(): string {
    return path.join(this.dataDir, 'maps', 'districts.geojson');
  }

  /** The deployment's approved district map, if one was uploaded. */
  map(): unknown {
    const f = this.mapFile();
    // No map is a normal state of a deployment, not an error: the page then shows the tile chart alone.
    if (!existsSync(f)) return null;
    return JSON.parse(readFileSync(f, 'utf8')) as unknown;
  }

  /**
   * Stores an approved GeoJSON FeatureCollection of the districts under DATA_DIR. Every feature must name its
   * district by `properties.adcode` (the 6-digit code) or by `properties.name`.
   */
  async uploadMap(ctx: RequestContext, geo: GeoBody): Promise<{ features: number; matched: number }> {
    if (geo.type !== 'FeatureCollection') throw new AppError('VALIDATION', 'body.type', { reason: 'feature_collection' });
    if (!Array.isArray(geo.features) || geo.features.length === 0) throw new AppError('VALIDATION', 'body.features', { reason: 'required' });
    const regions = (await this.labels()).get('region') ?? new Map<string, Label>();
    const districtNames = new Map([...regions.values()].filter((l) => /^[0-9]{6}$/.test(l.code)).map((l) => [l.zh, l.code]));
    let matched = 0;
    geo.features.forEach((f, i) => {
      if (f.type !== 'Feature' || !f.geometry || typeof f.geometry !== 'object') throw new AppError('VALIDATION', `body.features.${i}`, { reason: 'feature' });
      const code = String(f.properties?.adcode ?? '');
      const name = String(f.properties?.name ?? '');
      if (regions.has(code) || districtNames.has(name)) matched++;
    });
    if (matched === 0) throw new AppError('VALIDATION', 'body.features', { reason: 'no_district' });
    const file = this.mapFile();
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(`${file}.tmp`, JSON.stringify(geo));
    renameSync(`${file}.tmp`, file);
    await this.audit.appendStandalone(actorOf(ctx), {
      action: 'dashboard.map_upload',
      objectType: 'dashboard',
      detail: { features: geo.features.length, matched },
    });
    return { features: geo.features.length, matched };
  }
}
