import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseReferenceData, readReferenceFile } from './reference-data';

const BUNDLED = fileURLToPath(new URL('../../../server/reference/vasterbotten.json', import.meta.url));

const valid = {
	municipalities: [{ code: '2480', name: 'Umeå' }],
	sectors: [{ code: 'other', name: { sv: 'Annat', en: 'Other' } }]
};

describe('reference data', () => {
	it('the bundled file lists the 15 municipalities of Västerbotten with their official codes', async () => {
		const data = await readReferenceFile(BUNDLED);
		expect(data.municipalities).toHaveLength(15);
		expect(data.municipalities.every((m) => /^24\d\d$/.test(m.code))).toBe(true);
		expect(data.municipalities).toContainEqual({ code: '2480', name: 'Umeå' });
		expect(data.municipalities).toContainEqual({ code: '2482', name: 'Skellefteå' });
		expect(data.municipalities.at(-1)).toEqual({ code: '2463', name: 'Åsele' });
	});

	it('the bundled file names every sector in Swedish and English', async () => {
		const data = await readReferenceFile(BUNDLED);
		expect(data.sectors.map((s) => s.code)).toEqual([
			'municipality', 'region', 'business', 'civil_society', 'agency', 'academia', 'other'
		]);
		expect(data.sectors[1].name).toEqual({ sv: 'Region (landsting)', en: 'Region (county council)' });
	});

	it('accepts a minimal file of another region', () => {
		expect(parseReferenceData(valid)).toEqual(valid);
	});

	it('refuses a duplicate code and says where it is', () => {
		const data = { ...valid, municipalities: [...valid.municipalities, { code: '2480', name: 'Umeå igen' }] };
		expect(() => parseReferenceData(data)).toThrow(/municipalities\.1\.code: duplicate code "2480"/);
	});

	it('refuses a sector without an English name, an empty list and unknown fields', () => {
		expect(() => parseReferenceData({ ...valid, sectors: [{ code: 'x', name: { sv: 'X' } }] })).toThrow(/sectors\.0\.name\.en/);
		expect(() => parseReferenceData({ ...valid, municipalities: [] })).toThrow(/municipalities/);
		expect(() => parseReferenceData({ ...valid, municipalities: [{ code: '1', name: 'A', population: 3 }] })).toThrow(/population/);
	});

	it('refuses codes with spaces or other characters that do not belong in a code', () => {
		expect(() => parseReferenceData({ ...valid, municipalities: [{ code: '24 80', name: 'Umeå' }] })).toThrow(/municipalities\.0\.code/);
	});

	it('names the file when it is not JSON or cannot be read', async () => {
		const dir = await mkdtemp(join(tmpdir(), 'samla-ref-'));
		try {
			const file = join(dir, 'broken.json');
			await writeFile(file, '{ "municipalities": [');
			await expect(readReferenceFile(file)).rejects.toThrow(`The reference file ${file} is not valid JSON`);
			await expect(readReferenceFile(join(dir, 'missing.json'))).rejects.toThrow(/Cannot read the reference file .*missing\.json/);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	});
});
