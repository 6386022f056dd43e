import type { Db } from '../../db/client.js';
import type { ScopeSql } from '../../platform/scope.js';
import type { SubjectType } from './ratings.policy.js';

/** Handling figures a subject module reports per handling unit for one month (what the response and resolution rates count). */
export type HandlingFigures = { org_path: string; total: number; accepted_in_time: number; resolved: number };

/** What a module whose records are rated offers the ratings component. */
export type SubjectProvider = {
  /** Per handling unit within `scope` (a predicate over `orgs o`): subjects of the month, accepted within SLA, resolved. */
  handlingFigures(db: Db, scope: ScopeSql, from: string, to: string): Promise<HandlingFigures[]>;
  /** Readable labels of subjects (a request's number). */
  labels(db: Db, ids: number[]): Promise<Map<number, string>>;
};

/** The subject modules registered at wiring time: their handling figures and the labels of their subjects. */
export class RatedSubjects {
  private readonly providers = new Map<SubjectType, SubjectProvider>();

  register(type: SubjectType, provider: SubjectProvider): void {
    this.providers.set(type, provider);
  }

  get(type: SubjectType): SubjectProvider | undefined {
    return this.providers.get(type);
  }

  /** Readable labels by `type:id` (a request's number); subjects of a type without a provider have none. */
  async labels(db: Db, items: Array<{ subject_type: string; subject_id: number }>): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const byType = new Map<string, number[]>();
    for (const i of items) byType.set(i.subject_type, [...(byType.get(i.subject_type) ?? []), i.subject_id]);
    for (const [type, ids] of byType) {
      const p = this.providers.get(type as SubjectType);
      if (!p) continue;
      for (const [id, label] of await p.labels(db, ids)) out.set(`${type}:${id}`, label);
    }
    return out;
  }
}

/** The fields a rectification and an appeal share: the rating, its subject with a readable label, the rated unit. */
export const ratedFields = (
  r: { id: number; rating_id: number; subject_type: string; subject_id: number; org_id: number; org_name: string },
  labels: Map<string, string>,
) => ({
  id: r.id,
  ratingId: r.rating_id,
  subjectType: r.subject_type,
  subjectId: r.subject_id,
  subjectLabel: labels.get(`${r.subject_type}:${r.subject_id}`) ?? String(r.subject_id),
  orgId: r.org_id,
  orgName: r.org_name,
});
