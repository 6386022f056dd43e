import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { KNOWN_FOREIGN_TABLES, MODULE_TABLES, READS_EVERYTHING, SHARED_READ_TABLES } from '../modules/module-tables.js';

/**
 * Module boundaries in the data: every table belongs to one module, and a module's SQL names only its own tables
 * and the shared reference tables (docs/ARCHITECTURE.md). Import boundaries are checked by lint (eslint.config.js).
 */
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const MODULES = path.join(ROOT, 'modules');
const MIGRATIONS = path.join(ROOT, 'db', 'migrations');

/** Tables and views the migrations leave in the schema (created, not dropped; partitions excluded). */
export function schemaTables(): Set<string> {
  const tables = new Set<string>();
  for (const f of readdirSync(MIGRATIONS).sort()) {
    const text = readFileSync(path.join(MIGRATIONS, f), 'utf8').replace(/--[^\n]*/g, '');
    for (const m of text.matchAll(/CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([a-z_][a-z0-9_]*)(\s+PARTITION\s+OF)?/gi)) {
      if (!m[2] && !m[1]!.endsWith('_')) tables.add(m[1]!.toLowerCase());
    }
    for (const m of text.matchAll(/CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+)?VIEW\s+([a-z_][a-z0-9_]*)/gi)) tables.add(m[1]!.toLowerCase());
    for (const m of text.matchAll(/DROP\s+(?:TABLE|VIEW)\s+(?:IF\s+EXISTS\s+)?([a-z_][a-z0-9_]*)/gi)) tables.delete(m[1]!.toLowerCase());
    for (const m of text.matchAll(/ALTER\s+TABLE\s+([a-z_][a-z0-9_]*)\s+RENAME\s+TO\s+([a-z_][a-z0-9_]*)/gi)) {
      tables.delete(m[1]!.toLowerCase());
      tables.add(m[2]!.toLowerCase());
    }
  }
  return tables;
}

/** The schema tables a source text names in SQL: Kysely builders and joins, and FROM/JOIN/INTO/UPDATE in sql`` text. */
export function tablesNamed(source: string, schema: Set<string>): Set<string> {
  const names = new Set<string>();
  const text = source.replace(/^\s*(\/\/|\*|\/\*).*$/gm, '');
  for (const m of text.matchAll(
    /\.(?:selectFrom|insertInto|updateTable|deleteFrom|innerJoin|leftJoin|rightJoin|fullJoin|mergeInto|using)\(\s*'([a-z_][a-z0-9_]*)/g,
  ))
    names.add(m[1]!);
  for (const m of text.matchAll(/\b(?:FROM|JOIN|INTO|UPDATE|TABLE)\s+([a-z_][a-z0-9_]*)/g)) names.add(m[1]!);
  for (const m of text.matchAll(/sql\.table\(\s*'([a-z_][a-z0-9_]*)/g)) names.add(m[1]!);
  return new Set([...names].filter((n) => schema.has(n)));
}

function moduleSources(mod: string): Array<{ file: string; text: string }> {
  return readdirSync(path.join(MODULES, mod), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !/\.test\.ts$|test-helpers/.test(f))
    .map((f) => ({ file: `server/modules/${mod}/${f}`, text: readFileSync(path.join(MODULES, mod, f), 'utf8') }));
}

const modules = readdirSync(MODULES, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name);

describe('module boundaries in SQL', () => {
  const schema = schemaTables();

  it('gives every table of the schema exactly one owning module', () => {
    const owners = new Map<string, string[]>();
    for (const [mod, tables] of Object.entries(MODULE_TABLES)) for (const t of tables) owners.set(t, [...(owners.get(t) ?? []), mod]);
    const unowned = [...schema].filter((t) => !owners.has(t)).sort();
    const shared = [...owners].filter(([, m]) => m.length > 1).map(([t, m]) => `${t}: ${m.join(', ')}`);
    const gone = [...owners.keys()].filter((t) => !schema.has(t)).sort();
    expect({ unowned, shared, gone }, 'add new tables to their module in server/modules/module-tables.ts').toEqual({ unowned: [], shared: [], gone: [] });
    for (const mod of modules) expect(MODULE_TABLES[mod], `module ${mod} has no entry in module-tables.ts`).toBeDefined();
  });

  it.each(modules)('the SQL of module %s names only its own tables and the shared reference tables', (mod) => {
    if (READS_EVERYTHING.includes(mod)) return;
    const own = new Set([...(MODULE_TABLES[mod] ?? []), ...SHARED_READ_TABLES]);
    const known = new Set(KNOWN_FOREIGN_TABLES[mod] ?? []);
    const foreign = new Map<string, string[]>();
    for (const { file, text } of moduleSources(mod)) {
      for (const t of tablesNamed(text, schema)) if (!own.has(t)) foreign.set(t, [...(foreign.get(t) ?? []), file]);
    }
    const added = [...foreign].filter(([t]) => !known.has(t)).map(([t, files]) => `${t} (in ${files.join(', ')})`);
    expect(added, `module ${mod} names another module's table: read it through that module's service`).toEqual([]);
    const stale = [...known].filter((t) => !foreign.has(t));
    expect(stale, `module ${mod} no longer reads these: remove them from KNOWN_FOREIGN_TABLES`).toEqual([]);
  });
});
