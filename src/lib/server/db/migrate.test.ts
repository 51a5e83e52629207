import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { listMigrations } from './migrate';

describe('migrations', () => {
	it('are numbered 1, 2, 3 … without gaps', async () => {
		const migrations = await listMigrations();
		expect(migrations.length).toBeGreaterThan(0);
		expect(migrations.map((m) => m.version)).toEqual(migrations.map((_, i) => i + 1));
	});

	it('a gap in the numbering is refused', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'samla-migrations-'));
		await writeFile(join(dir, '00001_a.sql'), 'select 1;');
		await writeFile(join(dir, '00003_c.sql'), 'select 1;');
		await expect(listMigrations(dir)).rejects.toThrow(/without gaps/);
	});

	it('a file name that is not NNNNN_name.sql is refused', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'samla-migrations-'));
		await writeFile(join(dir, '1_init.sql'), 'select 1;');
		await expect(listMigrations(dir)).rejects.toThrow(/NNNNN_name/);
	});
});
