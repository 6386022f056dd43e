import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Actor } from '../../platform/auth/actor.js';
import { AppError } from '../../platform/errors.js';
import { anyOf, asScope, noScope, type ScopeSql } from '../../platform/scope.js';
import type { Attribute, Criterion, DocumentSpec, Kind, Rule, Stage } from '../../../contracts/honours.js';

export type { Attribute, Criterion, DocumentSpec, Kind, Rule, Stage };

/** The review levels, each held by one organization of the chain. */
export type Level = 'street' | 'district' | 'city';

export { chinaToday } from '../../platform/time.js';

/** Certificate numbers: RY-<year>-<sequence>, registered in honour_awards. */
export const certificateNumber = (year: number, seq: number): string => `RY-${year}-${String(seq).padStart(6, '0')}`;

const KEY = /^[a-z][a-z0-9_]{0,31}$/;

/** Checks a programme's criteria definitions; keys are unique identifiers, choices have options. */
export function checkCriteria(criteria: Criterion[]): void {
  const seen = new Set<string>();
  criteria.forEach((c, i) => {
    if (!KEY.test(c.key)) throw new AppError('VALIDATION', `criteria.${i}.key`, { reason: 'pattern' });
    if (seen.has(c.key)) throw new AppError('VALIDATION', `criteria.${i}.key`, { reason: 'duplicate' });
    seen.add(c.key);
    if (c.type === 'choice' && !(c.options && c.options.length > 0))
      throw new AppError('VALIDATION', `criteria.${i}.options`, { reason: 'minItems', limit: 1 });
    if (c.min !== undefined && c.max !== undefined && c.max < c.min) throw new AppError('VALIDATION', `criteria.${i}.max`, { reason: 'minimum', limit: c.min });
  });
}

/** Checks the rules: each attribute once per direction, a share between 0 and 100. */
export function checkRules(rules: Rule[]): void {
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    if (!(r.percent >= 0 && r.percent <= 100)) throw new AppError('VALIDATION', `rules.${i}.percent`, { reason: 'maximum', limit: 100 });
    const k = `${r.attribute}:${r.op}`;
    if (seen.has(k)) throw new AppError('VALIDATION', `rules.${i}.attribute`, { reason: 'duplicate' });
    seen.add(k);
  });
}

type Answer = string | number | boolean;

/** Checks a nominee's answers against the programme's typed criteria; returns only the defined keys, normalised. */
export function checkAnswers(criteria: Criterion[], answers: Record<string, unknown>): Record<string, Answer> {
  const out: Record<string, Answer> = {};
  const known = new Set(criteria.map((c) => c.key));
  for (const k of Object.keys(answers)) if (!known.has(k)) throw new AppError('VALIDATION', `answers.${k}`, { reason: 'unknown_field' });
  for (const c of criteria) {
    const field = `answers.${c.key}`;
    const v = answers[c.key];
    if (v === undefined || v === null || v === '') {
      if (c.required) throw new AppError('VALIDATION', field, { reason: 'required' });
      continue;
    }
    switch (c.type) {
      case 'text':
        if (typeof v !== 'string') throw new AppError('VALIDATION', field, { reason: 'type', expected: 'string' });
        if (v.length > 500) throw new AppError('VALIDATION', field, { reason: 'maxLength', limit: 500 });
        out[c.key] = v.normalize('NFC').trim();
        break;
      case 'number':
        if (typeof v !== 'number' || !Number.isFinite(v)) throw new AppError('VALIDATION', field, { reason: 'type', expected: 'number' });
        if (c.min !== undefined && v < c.min) throw new AppError('VALIDATION', field, { reason: 'minimum', limit: c.min });
        if (c.max !== undefined && v > c.max) throw new AppError('VALIDATION', field, { reason: 'maximum', limit: c.max });
        out[c.key] = v;
        break;
      case 'boolean':
        if (typeof v !== 'boolean') throw new AppError('VALIDATION', field, { reason: 'type', expected: 'boolean' });
        out[c.key] = v;
        break;
      case 'date':
        if (typeof v !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)))
          throw new AppError('VALIDATION', field, { reason: 'format', format: 'date' });
        out[c.key] = v;
        break;
      case 'choice':
        if (typeof v !== 'string' || !(c.options ?? []).includes(v)) throw new AppError('VALIDATION', field, { reason: 'enum' });
        out[c.key] = v;
        break;
    }
  }
  return out;
}

/** Checks that every required document is named; returns only the defined keys. */
export function checkDocuments(specs: DocumentSpec[], docs: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  const known = new Set(specs.map((d) => d.key));
  for (const k of Object.keys(docs)) if (!known.has(k)) throw new AppError('VALIDATION', `documents.${k}`, { reason: 'unknown_field' });
  for (const d of specs) {
    const v = docs[d.key]?.normalize('NFC').trim();
    if (!v) throw new AppError('VALIDATION', `documents.${d.key}`, { reason: 'required' });
    out[d.key] = v;
  }
  return out;
}

export type Member = { kind: Kind } & Record<Attribute, boolean>;

export type RuleResult = Rule & {
  /** Individuals on the list and those with the attribute. */
  individuals: number;
  count: number;
  /** The share achieved, 0..100 with one decimal; null on an empty list. */
  achieved: number | null;
  ok: boolean;
  /** How many more (min) or fewer (max) individuals with the attribute the list needs. */
  shortfall: number;
};

/**
 * Evaluates the composition rules on a list: shares are counted over individuals only (collectives carry no
 * personal attributes); an empty list breaks no rule.
 */
export function evaluateRules(rules: Rule[], list: Member[]): RuleResult[] {
  const people = list.filter((m) => m.kind === 'individual');
  const n = people.length;
  return rules.map((r) => {
    const count = people.filter((m) => m[r.attribute]).length;
    const achieved = n === 0 ? null : Math.round((count / n) * 1000) / 10;
    let shortfall = 0;
    if (n > 0 && r.op === 'min') {
      // How many members with the attribute a list of this size needs.
      const need = Math.ceil((r.percent / 100) * n - 1e-9);
      shortfall = Math.max(0, need - count);
    }
    if (n > 0 && r.op === 'max') shortfall = Math.max(0, count - Math.floor((r.percent / 100) * n + 1e-9));
    return { ...r, individuals: n, count, achieved, ok: shortfall === 0, shortfall };
  });
}

/** The composition message parameter: which rule is broken and by how much. */
export const ruleLabel = (r: RuleResult): string =>
  `${r.attribute} ${r.op === 'min' ? '≥' : '≤'} ${r.percent}% (${r.count}/${r.individuals}, ${r.op === 'min' ? '+' : '-'}${r.shortfall})`;

/** The stage a nomination waits in at each level, and where forwarding and returning lead. */
export const LEVEL_STAGE: Record<Level, Stage> = { street: 'street', district: 'district', city: 'city' };
export const FORWARD_TO: Record<'street' | 'district', Stage> = { street: 'district', district: 'city' };
export const RETURN_TO: Record<Level, Stage> = { street: 'returned', district: 'street', city: 'district' };

/** Stages that have been forwarded past a level (the level's forwarded list). */
export const FORWARDED_PAST: Record<'street' | 'district', readonly Stage[]> = {
  street: ['district', 'city', 'shortlisted', 'awarded', 'rejected'],
  district: ['city', 'shortlisted', 'awarded', 'rejected'],
};

/**
 * What a staff account sees of a nomination: the nominating chain up to the street sees its own subtree's
 * nominations; the district unit sees what its streets forwarded; the awarding unit what the districts forwarded;
 * a vetting department the nominees it is asked about.
 */
export function nominationScope(actor: Actor): ScopeSql {
  const a = actor.scope.orgPath;
  const parts: RawBuilder<SqlBool>[] = [];
  if (actor.permissions.has('honour.read')) {
    parts.push(sql<SqlBool>`(n.nominator_path <@ ${a}::ltree AND n.street_path @> ${a}::ltree)`);
    parts.push(sql<SqlBool>`(n.district_path = ${a}::ltree AND n.stage = ANY(${FORWARDED_PAST.street as Stage[]}::text[]))`);
    parts.push(sql<SqlBool>`(n.city_path = ${a}::ltree AND n.stage = ANY(${FORWARDED_PAST.district as Stage[]}::text[]))`);
  }
  if (actor.permissions.has('honour.vet')) parts.push(vetterScope(actor));
  return anyOf(parts);
}

/** A vetting department sees a nominee once its opinion has been asked for. */
export const vetterScope = (actor: Actor): ScopeSql =>
  actor.permissions.has('honour.vet')
    ? asScope(
        sql<SqlBool>`EXISTS (SELECT 1 FROM honour_vettings v JOIN orgs vo ON vo.id = v.org_id WHERE v.nomination_id = n.id AND vo.path <@ ${actor.scope.orgPath}::ltree)`,
      )
    : noScope;

/** Programmes a staff account sees: those of its organization's ancestors or subtree, or those it vets. */
export function programmeScope(actor: Actor): ScopeSql {
  const a = actor.scope.orgPath;
  const parts: RawBuilder<SqlBool>[] = [];
  if (actor.permissions.has('honour.read')) parts.push(sql<SqlBool>`(po.path @> ${a}::ltree OR po.path <@ ${a}::ltree)`);
  if (actor.permissions.has('honour.vet'))
    parts.push(
      sql<SqlBool>`EXISTS (SELECT 1 FROM honour_vetters hv JOIN orgs vo ON vo.id = hv.org_id WHERE hv.programme_id = p.id AND vo.path <@ ${a}::ltree)`,
    );
  return anyOf(parts);
}

/** Exception requests (a list short of the programme's rules) raised by organizations of my subtree. */
export const exceptionScope = (actor: Actor): ScopeSql => asScope(sql<SqlBool>`o.path <@ ${actor.scope.orgPath}::ltree`);

/** The awards of a programme the caller sees: those of the nominations it sees. */
export const programmeAwardsScope = (actor: Actor, programmeId: number): ScopeSql =>
  asScope(sql<SqlBool>`a.programme_id = ${programmeId} AND ${nominationScope(actor)}`);

/**
 * The honours on one person's record, for a caller the service has checked may see that person (the person's
 * visibility is the scope: `people.requireVisible` first).
 */
export const visiblePersonAwardsScope = (personId: number): ScopeSql => asScope(sql<SqlBool>`a.person_id = ${personId}`);

/** The level an account acts at on a nomination: its organization is exactly that link of the chain. */
export function levelOf(orgPath: string, chain: { street_path: string; district_path: string; city_path: string }): Level | null {
  if (orgPath === chain.street_path) return 'street';
  if (orgPath === chain.district_path) return 'district';
  if (orgPath === chain.city_path) return 'city';
  return null;
}
