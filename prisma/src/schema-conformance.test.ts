import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from './database';
import { Prisma } from './generated/client';
import { createTestDatabase } from './testing';

// The migrations are written by hand (the schema engine cannot run here), so this test holds
// them to schema.prisma: the catalog must match the DMMF, and every model must round-trip.

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: 'scalar' | 'enum' | 'object';
  type: string;
  isList: boolean;
  isRequired: boolean;
  isId: boolean;
  isUnique: boolean;
  isUpdatedAt: boolean;
  nativeType: [string, string[]] | null;
  relationFromFields?: string[];
  relationToFields?: string[];
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { name: string | null; fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: 'id' | 'unique' | 'normal' | 'fulltext';
  fields: { name: string }[];
}
interface Dmmf {
  datamodel: { models: DmmfModel[]; enums: { name: string; values: { name: string }[] }[]; indexes: DmmfIndex[] };
}

const require = createRequire(import.meta.url);
const schemaWasm = require('@prisma/prisma-schema-wasm') as { get_dmmf(params: string): string };

let dmmf: Dmmf;
let db: Database;

beforeAll(async () => {
  const source = await readFile(new URL('../schema.prisma', import.meta.url), 'utf8');
  dmmf = JSON.parse(schemaWasm.get_dmmf(JSON.stringify({ prismaSchema: [['schema.prisma', source]] }))) as Dmmf;
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.close();
});

const query = <T extends Record<string, unknown>>(sql: string, params: unknown[] = []) =>
  db.sql.withSession((s) => s.query<T>(sql, params));
const tableOf = (m: DmmfModel) => m.dbName ?? m.name;
const columnOf = (f: DmmfField) => f.dbName ?? f.name;
const columnsOf = (m: DmmfModel) => m.fields.filter((f) => f.kind !== 'object');

/** The PostgreSQL type a field must have, as information_schema names it. */
function expectedType(f: DmmfField): string {
  if (f.kind === 'enum') return f.type;
  const native = f.nativeType?.[0];
  const args = f.nativeType?.[1] ?? [];
  if (native === 'Uuid') return 'uuid';
  if (native === 'Char') return `bpchar(${args[0]})`;
  if (native === 'VarChar') return `varchar(${args[0]})`;
  if (native === 'Timestamptz') return `timestamptz(${args[0] ?? 6})`;
  if (native === 'Decimal') return `numeric(${args[0]},${args[1]})`;
  const byType: Record<string, string> = {
    String: 'text',
    Int: 'int4',
    BigInt: 'int8',
    Boolean: 'bool',
    Float: 'float8',
    Decimal: 'numeric',
    Json: 'jsonb',
    Bytes: 'bytea',
    DateTime: 'timestamp(3)',
  };
  const base = byType[f.type];
  if (!base) throw new Error(`no expectation for ${f.type}`);
  return base;
}

describe('migrated database matches schema.prisma', () => {
  it('has exactly the tables of the models', async () => {
    const rows = await query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
    );
    const actual = rows.map((r) => r.name).filter((n) => n !== '_prisma_migrations').sort();
    expect(actual).toEqual(dmmf.datamodel.models.map(tableOf).sort());
  });

  it('has every column with its type and nullability, and no others', async () => {
    for (const model of dmmf.datamodel.models) {
      const rows = await query<{ name: string; type: string; nullable: string; len: number | null; prec: number | null; nprec: number | null; nscale: number | null }>(
        `SELECT column_name AS name, udt_name AS type, is_nullable AS nullable,
                character_maximum_length AS len, datetime_precision AS prec,
                numeric_precision AS nprec, numeric_scale AS nscale
           FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = $1`,
        [tableOf(model)],
      );
      const actual = Object.fromEntries(
        rows.map((r) => {
          const type =
            r.type === 'bpchar' || r.type === 'varchar'
              ? `${r.type}(${r.len})`
              : r.type === 'timestamptz' || r.type === 'timestamp'
                ? `${r.type}(${r.prec})`
                : r.type === 'numeric' && r.nprec !== null
                  ? `numeric(${r.nprec},${r.nscale})`
                  : r.type;
          return [r.name, { type, nullable: r.nullable === 'YES' }];
        }),
      );
      const expected = Object.fromEntries(
        columnsOf(model).map((f) => [
          columnOf(f),
          // Prisma creates scalar lists as nullable arrays and treats NULL as empty.
          { type: f.isList ? `_${expectedType(f)}` : expectedType(f), nullable: !f.isRequired || f.isList },
        ]),
      );
      expect({ model: model.name, columns: actual }).toEqual({ model: model.name, columns: expected });
    }
  });

  it('has every enum with exactly its values in order', async () => {
    for (const e of dmmf.datamodel.enums) {
      const rows = await query<{ label: string }>(
        `SELECT e.enumlabel AS label FROM pg_enum e JOIN pg_type t ON t.oid = e.enumtypid
           JOIN pg_namespace n ON n.oid = t.typnamespace
          WHERE t.typname = $1 AND n.nspname = current_schema() ORDER BY e.enumsortorder`,
        [e.name],
      );
      expect({ [e.name]: rows.map((r) => r.label) }).toEqual({ [e.name]: e.values.map((v) => v.name) });
    }
  });

  it('has every primary key, unique constraint, index and foreign key', async () => {
    const indexes = await query<{ table: string; def: string }>(
      `SELECT tablename AS table, indexdef AS def FROM pg_indexes WHERE schemaname = current_schema()`,
    );
    const modelByName = new Map(dmmf.datamodel.models.map((m) => [m.name, m]));
    for (const index of dmmf.datamodel.indexes) {
      const model = modelByName.get(index.model)!;
      const cols = index.fields.map((f) => columnOf(model.fields.find((x) => x.name === f.name)!)).join(', ');
      const unique = index.type === 'id' || index.type === 'unique';
      const found = indexes.some(
        // PostgreSQL quotes an identifier in indexdef only when it must.
        (i) => i.table === tableOf(model) && i.def.replaceAll('"', '').endsWith(`(${cols})`) && i.def.startsWith(unique ? 'CREATE UNIQUE' : 'CREATE INDEX'),
      );
      expect({ index: `${index.model}(${cols}) ${index.type}`, found }).toEqual({ index: `${index.model}(${cols}) ${index.type}`, found: true });
    }
    const fks = await query<{ table: string; cols: string; target: string }>(
      `SELECT tc.table_name AS table, string_agg(kcu.column_name, ',' ORDER BY kcu.ordinal_position) AS cols,
              max(ccu.table_name) AS target
         FROM information_schema.table_constraints tc
         JOIN information_schema.key_column_usage kcu ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema
         JOIN information_schema.constraint_column_usage ccu ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema
        WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()
        GROUP BY tc.table_name, tc.constraint_name`,
    );
    const expectedFks = dmmf.datamodel.models.flatMap((m) =>
      m.fields
        .filter((f) => f.kind === 'object' && f.relationFromFields?.length)
        .map((f) => ({
          table: tableOf(m),
          cols: f.relationFromFields!.map((n) => columnOf(m.fields.find((x) => x.name === n)!)).join(','),
          target: tableOf(modelByName.get(f.type)!),
        })),
    );
    const sortKey = (x: { table: string; cols: string }) => `${x.table}.${x.cols}`;
    expect([...fks].sort((a, b) => sortKey(a).localeCompare(sortKey(b)))).toEqual(
      [...expectedFks].sort((a, b) => sortKey(a).localeCompare(sortKey(b))),
    );
  });

  it('writes every field of every model through the client and reads it back', async () => {
    const models = dmmf.datamodel.models;
    const enums = new Map(dmmf.datamodel.enums.map((e) => [e.name, e.values.map((v) => v.name)]));
    const written = new Map<string, Record<string, unknown>>();
    const parentsOf = (m: DmmfModel) =>
      m.fields.filter((f) => f.kind === 'object' && f.relationFromFields?.length && f.type !== m.name).map((f) => f.type);
    const ordered: DmmfModel[] = [];
    const pending = [...models];
    while (pending.length) {
      const next = pending.findIndex((m) => parentsOf(m).every((p) => ordered.some((o) => o.name === p)));
      expect(next, 'relations must form no cycle').toBeGreaterThanOrEqual(0);
      ordered.push(...pending.splice(next, 1));
    }

    const sample = (m: DmmfModel, f: DmmfField): unknown => {
      if (f.kind === 'enum') return enums.get(f.type)!.at(-1);
      const native = f.nativeType?.[0];
      switch (f.type) {
        case 'String':
          if (native === 'Uuid') return randomUUID();
          if (native === 'Char' || native === 'VarChar') return randomBytes(64).toString('hex').slice(0, Number(f.nativeType![1][0]));
          return `${m.name}.${f.name} 值 ${randomBytes(4).toString('hex')}`;
        case 'Int':
          return 1 + Math.floor(Math.random() * 1_000_000);
        case 'BigInt':
          return 9_007_199_254_740_993n;
        case 'Boolean':
          return true;
        case 'Float':
          return 1.25;
        case 'Decimal':
          return new Prisma.Decimal('12345678.91');
        case 'DateTime':
          return new Date(Date.UTC(2026, 10, 28, 8, 30, 15, 123));
        case 'Json':
          return { nested: ['二', 3, null, { ok: true }] };
        case 'Bytes':
          return new Uint8Array(randomBytes(8));
        default:
          throw new Error(`no sample for ${f.type}`);
      }
    };

    for (const m of ordered) {
      const data: Record<string, unknown> = {};
      for (const f of columnsOf(m)) data[f.name] = f.isList ? [sample(m, f), sample(m, f)] : sample(m, f);
      for (const rel of m.fields.filter((f) => f.kind === 'object' && f.relationFromFields?.length)) {
        const parent = written.get(rel.type)!;
        rel.relationFromFields!.forEach((from, i) => {
          data[from] = parent[rel.relationToFields![i]!];
        });
      }
      const delegate = (db.prisma as unknown as Record<string, { create(a: unknown): Promise<unknown>; findUniqueOrThrow(a: unknown): Promise<Record<string, unknown>> }>)[
        m.name.charAt(0).toLowerCase() + m.name.slice(1)
      ]!;
      await delegate.create({ data });
      const idField = m.fields.find((f) => f.isId);
      const key = m.primaryKey?.fields ?? [idField!.name];
      const where = idField ? { [idField.name]: data[idField.name] } : { [m.primaryKey!.name ?? key.join('_')]: Object.fromEntries(key.map((k) => [k, data[k]])) };
      const back = await delegate.findUniqueOrThrow({ where });
      for (const f of columnsOf(m)) {
        // @updatedAt is the client's to set, so it only has to be a recent time.
        if (f.isUpdatedAt) {
          expect(back[f.name]).toBeInstanceOf(Date);
          continue;
        }
        // Decimals come back as new Decimal objects; their string forms must agree.
        const comparable = (v: unknown) => (v instanceof Prisma.Decimal ? v.toFixed() : v);
        expect({ field: `${m.name}.${f.name}`, value: comparable(back[f.name]) }).toEqual({ field: `${m.name}.${f.name}`, value: comparable(data[f.name]) });
      }
      written.set(m.name, data);
    }
    expect([...written.keys()].sort()).toEqual(models.map((m) => m.name).sort());
  });
});
