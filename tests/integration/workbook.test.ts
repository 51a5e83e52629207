import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliOnApp } from './cli';
import { signedInModerator } from './moderator-fixtures';
import { useTestApp } from './harness';
import { runMeetingScript } from './meeting-script';

// Issue 12's acceptance: the process workbook of the demo process, opened by LibreOffice (headless,
// each sheet converted to CSV), has the documented sheets, numbers as numbers, and all nine
// meetings; one of them run, so its priorities, ideas and participation are there too.

const PASSWORD = 'a long passphrase for the workbook';
const SHEETS = ['Översikt', 'Prioriteringar', 'Idéer', 'Deltagande', 'Röster per grupp', 'Kategorier'];

describe('the theme-input workbook (issue 12)', () => {
	const app = useTestApp();
	let token: string;
	let processId: string;

	beforeAll(async () => {
		token = (await signedInModerator(app, { email: 'excel@region.example', name: 'Ex Cel', password: PASSWORD })).token;
		expect((await cliOnApp(app, ['seed-demo', '--owner', 'excel@region.example'])).code).toBe(0);
		const processes = (await (await fetch(`${app.url}/api/v1/processes`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
			processes: { id: string }[];
		};
		processId = processes.processes[0].id;
		const { meetings } = (await (await fetch(`${app.url}/api/v1/processes/${processId}/meetings`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
			meetings: { id: string; joinCode: string; themeTitle: string }[];
		};
		expect(meetings).toHaveLength(9);
		await runMeetingScript(app.url, { ...meetings[0], moderatorToken: token }, {
			participants: Array.from({ length: 6 }, (_, i) => ({ displayName: `D${i}`, sectorCode: 'business', municipalityCode: '2480', attendance: 'on_site' as const })),
			clusters: [
				{ title: 'Yrkeshögskola', ideas: [{ by: 0, text: '=Fler utbildningsplatser' }, { by: 1, text: 'Lärlingar' }] },
				{ title: 'Validering', ideas: [{ by: 2, text: 'Validera kompetens' }] }
			],
			votes: [0, 0, 1, 0, 1, 0].map((on, by) => ({ by, on })),
			ranking: [0, 1]
		});
	}, 90_000);

	it('LibreOffice opens the process workbook: the documented sheets, numbers as numbers, all nine meetings', async () => {
		const response = await fetch(`${app.url}/api/v1/processes/${processId}/export.xlsx`, { headers: { authorization: `Bearer ${token}` } });
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
		const dir = await mkdtemp(join(tmpdir(), 'samla-xlsx-'));
		try {
			const file = join(dir, 'process.xlsx');
			await writeFile(file, Buffer.from(await response.arrayBuffer()));
			// Every sheet as CSV (the last option, -1: all sheets), cells as shown: a number format
			// (a percentage, a date) shows only on a cell LibreOffice reads as a number.
			await promisify(execFile)(
				'soffice',
				['--headless', `-env:UserInstallation=file://${join(dir, 'profile')}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,1053,false,false,true,false,false,-1', '--outdir', dir, file],
				{ timeout: 120_000 }
			);
			const csvFiles = (await readdir(dir)).filter((f) => f.endsWith('.csv')).sort();
			expect(csvFiles.map((f) => f.replace(/^process-/, '').replace(/\.csv$/, '')).sort()).toEqual([...SHEETS].sort());
			const sheet = async (name: string) => {
				const text = await readFile(join(dir, `process-${name}.csv`), 'utf8');
				return { raw: text.split(/\r?\n/).filter(Boolean), rows: parse(text) as string[][] };
			};

			const overview = await sheet('Översikt');
			expect(overview.rows[0]).toEqual(['Tema', 'Datum', 'Status', 'Deltagare', 'Röstande', 'Röster', 'Idéer', 'Grupper']);
			expect(overview.rows).toHaveLength(10);
			expect(overview.rows.filter((r) => r[2] === 'Ej hållet')).toHaveLength(8);
			expect(overview.rows.filter((r) => r[2] === 'Avslutat')).toHaveLength(1);
			const held = overview.rows.find((r) => r[2] === 'Avslutat')!;
			expect(held.slice(3)).toEqual(['6', '6', '6', '3', '2']);
			expect(held[1]).toMatch(/^\d{4}-\d{2}-\d{2}$/); // the date format applied: a date cell

			const priorities = await sheet('Prioriteringar');
			expect(priorities.rows[0].slice(0, 6)).toEqual(['Tema', 'Status', 'Plats', 'Prioritering', 'Topprioritet', 'Stöd (röster)']);
			const first = priorities.rows.find((r) => r[3] === 'Yrkeshögskola')!;
			expect(first.slice(2, 6)).toEqual(['1', 'Yrkeshögskola', 'ja', '4']);
			expect(first[8]).toBe('66.7%'); // the percentage format applied: a number cell

			const ideas = await sheet('Idéer');
			expect(ideas.rows.map((r) => r[3])).toContain('=Fler utbildningsplatser'); // text, never a formula
			const participation = await sheet('Deltagande');
			expect(participation.rows.filter((r) => r[1] === 'Norsjö')).toHaveLength(1);
			const umea = participation.rows.find((r) => r[1] === 'Umeå')!;
			expect(umea.at(-1)).toBe('6');
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
	}, 180_000);

	it('cells are typed, headers frozen, columns sized, in the meeting workbook too', async () => {
		const { meetings } = (await (await fetch(`${app.url}/api/v1/processes/${processId}/meetings`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
			meetings: { id: string }[];
		};
		const response = await fetch(`${app.url}/api/v1/meetings/${meetings[0].id}/export.xlsx`, { headers: { authorization: `Bearer ${token}` } });
		expect(response.status).toBe(200);
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(await response.arrayBuffer());
		expect(workbook.worksheets.map((w) => w.name)).toEqual(SHEETS);
		for (const sheet of workbook.worksheets) {
			expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
			expect(sheet.getColumn(1).width).toBeGreaterThan(10);
		}
		const overview = workbook.getWorksheet('Översikt')!;
		expect(overview.getRow(2).getCell(2).value).toBeInstanceOf(Date);
		expect(typeof overview.getRow(2).getCell(4).value).toBe('number');
		const priorities = workbook.getWorksheet('Prioriteringar')!;
		expect(priorities.getRow(2).getCell(9).value).toBeCloseTo(4 / 6, 4);
		expect(priorities.getColumn(9).numFmt).toBe('0.0%');
	});

	it('the CSV for Swedish Excel is separated by semicolons, with the byte order mark', async () => {
		const { meetings } = (await (await fetch(`${app.url}/api/v1/processes/${processId}/meetings`, { headers: { authorization: `Bearer ${token}` } })).json()) as {
			meetings: { id: string }[];
		};
		const response = await fetch(`${app.url}/api/v1/meetings/${meetings[0].id}/export.csv?separator=semicolon`, { headers: { authorization: `Bearer ${token}` } });
		const text = Buffer.from(await response.arrayBuffer()).toString('utf8');
		expect(text.startsWith('\uFEFFtheme;cluster;cluster_rank;'), text.slice(0, 40)).toBe(true);
		const rows = parse(text.slice(1), { delimiter: ';' }) as string[][];
		expect(rows.flat()).toContain("'=Fler utbildningsplatser");
		const bad = await fetch(`${app.url}/api/v1/meetings/${meetings[0].id}/export.csv?separator=tab`, { headers: { authorization: `Bearer ${token}` } });
		expect(bad.status).toBe(400);
	});
});
