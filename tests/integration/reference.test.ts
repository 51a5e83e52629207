import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listMunicipalities, listSectors } from '../../src/lib/server/db/reference';
import { runCli } from './cli';
import { startTestApp, useTestApp } from './harness';

/** Runs `npm run samla -- <args>` as an operator would, against the given database. */
async function samla(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	const { code, output } = await runCli(args, { env });
	return { code, output };
}

const norrbotten = {
	region: 'Norrbottens län',
	municipalities: [
		{ code: '2584', name: 'Kiruna' },
		{ code: '2580', name: 'Luleå' }
	],
	sectors: [
		{ code: 'municipality', name: { sv: 'Kommun', en: 'Municipality' } },
		{ code: 'reindeer_herding', name: { sv: 'Rennäring', en: 'Reindeer herding' } }
	]
};

describe('reference data', () => {
	const app = useTestApp();
	let dir: string;
	beforeAll(async () => {
		dir = await mkdtemp(join(tmpdir(), 'samla-ref-'));
	});
	afterAll(async () => {
		await rm(dir, { recursive: true, force: true });
	});

	it('a fresh database gets Västerbotten’s 15 municipalities and 7 sectors at the first start', async () => {
		const municipalities = await app.sql<{ code: string; name: string }[]>`select code, name from municipalities order by sort_order`;
		expect(municipalities).toHaveLength(15);
		expect(municipalities[0]).toEqual({ code: '2403', name: 'Bjurholm' });
		expect(municipalities).toContainEqual({ code: '2480', name: 'Umeå' });
		const sectors = await app.sql<{ code: string; nameSv: string }[]>`select code, name_sv from sectors order by sort_order`;
		expect(sectors.map((s) => s.code)).toEqual(['municipality', 'region', 'business', 'civil_society', 'agency', 'academia', 'other']);
		expect(app.output()).toMatch(/Loaded reference data from .*vasterbotten\.json: 15 municipalities, 7 sectors/);
	});

	it('the lists come back in the file’s order, sectors named in the asked language', async () => {
		expect((await listMunicipalities(app.sql)).slice(0, 2)).toEqual([
			{ code: '2403', name: 'Bjurholm' },
			{ code: '2425', name: 'Dorotea' }
		]);
		expect((await listSectors(app.sql, 'sv'))[1]).toEqual({ code: 'region', name: 'Region (landsting)' });
		expect((await listSectors(app.sql, 'en'))[1]).toEqual({ code: 'region', name: 'Region (county council)' });
	});

	it('load-reference replaces the lists with another region’s, keeping entries still in use', async () => {
		// Something that refers to a municipality keeps it, even when its foreign key would null it.
		await app.sql`create table reference_test_answers (municipality_code text references municipalities (code) on delete set null)`;
		await app.sql`insert into reference_test_answers values ('2480')`;
		const file = join(dir, 'norrbotten.json');
		await writeFile(file, JSON.stringify(norrbotten));

		const result = await samla(['load-reference', '--file', file], { DATABASE_URL: app.databaseUrl });
		expect(result.output).toContain(`Loaded 2 municipalities and 2 sectors from ${file} (Norrbottens län).`);
		expect(result.output).toContain('Kept because they are in use: municipality 2480.');
		expect(result.code).toBe(0);

		const municipalities = await app.sql<{ code: string }[]>`select code from municipalities order by sort_order`;
		expect(municipalities.map((m) => m.code)).toEqual(['2584', '2580', '2480']);
		const sectors = await app.sql<{ code: string; nameEn: string }[]>`select code, name_en from sectors order by sort_order`;
		expect(sectors).toEqual([
			{ code: 'municipality', nameEn: 'Municipality' },
			{ code: 'reindeer_herding', nameEn: 'Reindeer herding' }
		]);
		const [answer] = await app.sql<{ municipalityCode: string }[]>`select municipality_code from reference_test_answers`;
		expect(answer.municipalityCode).toBe('2480');
		await app.sql`drop table reference_test_answers`;
	});

	it('load-reference refuses an invalid file, says why, and changes nothing', async () => {
		const file = join(dir, 'broken.json');
		await writeFile(file, JSON.stringify({ ...norrbotten, sectors: [{ code: 'x', name: { sv: 'X' } }] }));
		const before = await app.sql`select code from municipalities order by code`;

		const result = await samla(['load-reference', `--file=${file}`], { DATABASE_URL: app.databaseUrl });
		expect(result.code).toBe(1);
		expect(result.output).toContain(`Invalid reference file ${file}`);
		expect(result.output).toContain('sectors.0.name.en');
		expect(await app.sql`select code from municipalities order by code`).toEqual(before);
	});

	it('SAMLA_REFERENCE_FILE chooses the lists a fresh database starts with', async () => {
		const file = join(dir, 'start.json');
		await writeFile(file, JSON.stringify(norrbotten));
		const other = await startTestApp({ SAMLA_REFERENCE_FILE: file });
		try {
			const rows = await other.sql<{ name: string }[]>`select name from municipalities order by sort_order`;
			expect(rows.map((r) => r.name)).toEqual(['Kiruna', 'Luleå']);
		} finally {
			await other.close();
		}
	});

	it('the command list names load-reference', async () => {
		const result = await samla(['--help'], {});
		expect(result.output).toMatch(/load-reference\s+Replace the municipality and sector lists/);
	});
});
