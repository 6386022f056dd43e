import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../db/client.js';

/**
 * What an organization merge moves: every row of `fromId` goes to `toId`; org paths under `fromPath` go under `toPath`;
 * a copied organization name of the merged unit becomes `toName`.
 */
export type OrgReassignment = { fromId: number; toId: number; fromPath: string; toPath: string; fromName: string; toName: string };

/** What moving a unit under a new parent changes in copied paths: the unit's old path becomes `toPath`, units below it follow. */
export type OrgRepath = { fromPath: string; toPath: string };

/**
 * The SET value that rewrites a denormalized organization path column after a merge: the merged unit's own path
 * becomes the survivor's, a unit below it moves under the survivor (after a move, the unit's new path). Use with
 * `WHERE <column> <@ fromPath`.
 */
export function repath(column: string, m: OrgRepath): RawBuilder<unknown> {
  const c = sql.ref(column);
  return sql`CASE WHEN ${c} = ${m.fromPath}::ltree THEN ${m.toPath}::ltree ELSE ${m.toPath}::ltree || subpath(${c}, nlevel(${m.fromPath}::ltree)) END`;
}

/** Rows touched by an UPDATE or DELETE. */
export const affected = (r: { numAffectedRows?: bigint }): number => Number(r.numAffectedRows ?? 0);

/**
 * Moves a link table's rows (`org_id` with an owner such as a venue or an activity, unique as a pair) from the merged
 * unit to the survivor: a link the survivor already has to the same owner is dropped first. Returns the rows moved.
 */
export async function moveLinks(db: Db, table: string, ownerColumn: string, m: OrgReassignment): Promise<number> {
  const t = sql.table(table);
  await sql`DELETE FROM ${t} x WHERE x.org_id = ${m.fromId}
    AND EXISTS (SELECT 1 FROM ${t} y WHERE ${sql.ref(`y.${ownerColumn}`)} = ${sql.ref(`x.${ownerColumn}`)} AND y.org_id = ${m.toId})`.execute(db);
  return affected(await sql`UPDATE ${t} SET org_id = ${m.toId} WHERE org_id = ${m.fromId}`.execute(db));
}
