import { readdir, readFile } from 'node:fs/promises';
import { samlaFile } from '../root';
import type { Sql } from './sql';

/** A forward-only migration: `00001_init.sql` → version 1. */
export interface Migration {
	version: number;
	name: string;
	file: string;
}

const MIGRATIONS_DIR = samlaFile('src/lib/server/db/migrations');
const FILE_NAME = /^(\d{5})_([a-z0-9_]+)\.sql$/;
/** Any constant works; it only has to be the same for every Samla process on one database. */
const LOCK_KEY = 0x5a4d4c41;

/** Lists the migration files in order, rejecting malformed names, duplicates and gaps. */
export async function listMigrations(dir = MIGRATIONS_DIR): Promise<Migration[]> {
	const files = (await readdir(dir)).filter((f) => f.endsWith('.sql')).sort();
	const migrations = files.map((file) => {
		const match = FILE_NAME.exec(file);
		if (!match) throw new Error(`Migration file name ${file} is not NNNNN_name.sql`);
		return { version: Number(match[1]), name: match[2], file: `${dir}/${file}` };
	});
	migrations.forEach((m, i) => {
		if (m.version !== i + 1) {
			throw new Error(`Migrations must be numbered 1, 2, 3 … without gaps; found ${m.version} at position ${i + 1}`);
		}
	});
	return migrations;
}

/**
 * Applies every migration not yet recorded in `schema_migrations`, each in its own transaction.
 * An advisory lock keeps two Samla processes starting at once from racing. Returns the versions applied.
 */
export async function migrate(sql: Sql, dir = MIGRATIONS_DIR): Promise<number[]> {
	const migrations = await listMigrations(dir);
	return sql.begin(async (tx) => {
		await tx`select pg_advisory_xact_lock(${LOCK_KEY})`;
		await tx`
			create table if not exists schema_migrations (
				version integer primary key,
				name text not null,
				applied_at timestamptz not null default now()
			)`;
		const done = new Set((await tx<{ version: number }[]>`select version from schema_migrations`).map((r) => r.version));
		const applied: number[] = [];
		for (const migration of migrations) {
			if (done.has(migration.version)) continue;
			await tx.unsafe(await readFile(migration.file, 'utf8'));
			await tx`insert into schema_migrations (version, name) values (${migration.version}, ${migration.name})`;
			applied.push(migration.version);
		}
		return applied;
	}) as Promise<number[]>;
}
