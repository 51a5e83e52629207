import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ThemeInputExport } from '../../src/lib/theme-input/schema';
import { signedInModerator } from './moderator-fixtures';
import { useTestApp } from './harness';
import { runMeetingScript, type MeetingScript } from './meeting-script';

// Issue 9, defects 10, 12 and 16, as a hostile client or a careless publisher would meet them:
// raw HTTP against the built app.

const PASSWORD = 'a long passphrase for publication tests';

// Five from the municipality sector and five from Malå (2418), but only ONE municipal employee
// from Malå: each attribute alone has 5 people (so does Umeå), the combination 1.
const participants: MeetingScript['participants'] = [
	{ displayName: 'Ensam i Malå', sectorCode: 'municipality', municipalityCode: '2418', attendance: 'on_site' },
	...[1, 2, 3, 4].map((i) => ({ displayName: `Kommun ${i}`, sectorCode: 'municipality', municipalityCode: '2480', attendance: 'on_site' as const })),
	...[1, 2, 3, 4].map((i) => ({ displayName: `Företag ${i}`, sectorCode: 'business', municipalityCode: '2418', attendance: 'on_site' as const })),
	{ displayName: 'Företag i Umeå', sectorCode: 'business', municipalityCode: '2480', attendance: 'on_site' }
];

describe('publications and the API boundary (issue 9, defects 10, 12, 16)', () => {
	const app = useTestApp();
	let token: string;
	let processId: string;
	let meetingId: string;

	const api = (path: string, init: RequestInit = {}) =>
		fetch(`${app.url}/api/v1${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers ?? {}) } });
	const send = (method: string, path: string, body: unknown) =>
		api(path, { method, headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

	beforeAll(async () => {
		token = (await signedInModerator(app, { email: 'pub@region.example', name: 'Pub Lik', password: PASSWORD })).token;
		processId = ((await (await send('POST', '/processes', { title: 'Publiceringsprov' })).json()) as { process: { id: string } }).process.id;
		const created = await send('POST', `/processes/${processId}/meetings`, { themeTitle: 'Kommunikationer', notesPrivateUntilReveal: false });
		const { meeting } = (await created.json()) as { meeting: { id: string; joinCode: string } };
		meetingId = meeting.id;
		await runMeetingScript(app.url, { ...meeting, moderatorToken: token }, {
			participants,
			clusters: [
				{
					title: '=HYPERLINK("http://evil.example","klicka")',
					ideas: [
						{ by: 0, text: 'Idén från den enda kommunanställda i Malå' },
						{ by: 1, text: '+46 70 123 45 67' },
						{ by: 5, text: '-2+3' },
						{ by: 6, text: '@SUM(A1:A9)' }
					]
				}
			],
			votes: [{ by: 0, on: 0 }],
			ranking: [0]
		});
	});

	it('no CSV cell starts with = + - or @: such text gets a leading apostrophe (defect 12)', async () => {
		for (const query of ['', '?publication=true']) {
			const response = await api(`/meetings/${meetingId}/export.csv${query}`);
			expect(response.status).toBe(200);
			const rows = parse((await response.text()).replace(/^\uFEFF/, ''), { relaxColumnCount: false }) as string[][];
			const cells = rows.flat();
			expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c))).toEqual([]);
			expect(cells).toContain(`'=HYPERLINK("http://evil.example","klicka")`);
			expect(cells).toContain(`'+46 70 123 45 67`);
			expect(cells).toContain(`'-2+3`);
			expect(cells).toContain(`'@SUM(A1:A9)`);
		}
	});

	it('a publication attributes an idea only to a combination that 5 people share, in JSON, CSV, Markdown and the synthesis (defect 10)', async () => {
		const json = (await (await api(`/meetings/${meetingId}/theme-input?publication=true`)).json()) as ThemeInputExport;
		const lonely = json.clusters[0].ideas.find((i) => i.text.startsWith('Idén från'))!;
		// Kommun (5) and Malå (5) each alone are big enough, Kommun × Malå (1) is not: Malå stays, Kommun goes.
		expect(lonely.author.municipalityName).toBe('Malå');
		expect(lonely.author.sectorCode).toBeNull();
		expect(lonely.author.sectorName).toBeNull();
		// The working copy says everything.
		const working = (await (await api(`/meetings/${meetingId}/theme-input`)).json()) as ThemeInputExport;
		expect(working.clusters[0].ideas.find((i) => i.text.startsWith('Idén från'))!.author.sectorCode).toBe('municipality');

		const csv = parse((await (await api(`/meetings/${meetingId}/export.csv?publication=true`)).text()).replace(/^\uFEFF/, ''), { columns: true }) as Record<
			string,
			string
		>[];
		const row = csv.find((r) => r.idea.startsWith('Idén från'))!;
		expect([row.author_sector, row.author_municipality]).toEqual(['', 'Malå']);

		const synthesis = (await (await api(`/processes/${processId}/synthesis?publication=true`)).json()) as { meetings: ThemeInputExport[] };
		const inSynthesis = synthesis.meetings[0].clusters[0].ideas.find((i) => i.text.startsWith('Idén från'))!;
		expect(inSynthesis.author.sectorCode).toBeNull();

		// Every published author combination is shared by at least 5 participants of the meeting.
		const everyone = participants.map((p) => ({ sector: p.sectorCode ?? null, municipality: p.municipalityCode ?? null, attendance: p.attendance }));
		for (const idea of json.clusters.flatMap((c) => c.ideas)) {
			const a = idea.author;
			const sharing = everyone.filter(
				(p) =>
					(a.sectorCode === null || p.sector === a.sectorCode) &&
					(a.municipalityCode === null || p.municipality === a.municipalityCode) &&
					(a.attendance === null || p.attendance === a.attendance)
			);
			expect(sharing.length, idea.text).toBeGreaterThanOrEqual(5);
		}
	});

	it('publication takes only true or false: anything else is a 400 problem, never the unsuppressed copy (defect 10)', async () => {
		for (const path of [`/meetings/${meetingId}/theme-input`, `/meetings/${meetingId}/export.csv`, `/processes/${processId}/synthesis`]) {
			for (const value of ['True', '1', 'yes', '']) {
				const response = await api(`${path}?publication=${value}`);
				expect(response.status, `${path} ${value}`).toBe(400);
				expect(await response.json()).toMatchObject({ code: 'VALIDATION', fields: { publication: 'INVALID' } });
			}
		}
	});

	it('a NUL character in any text field, or a date in year 0000, is a 400 problem and changes nothing (defect 16)', async () => {
		const before = await app.sql`select count(*)::int as n from processes`;
		const refusals: [string, string, unknown][] = [
			['POST', '/processes', { title: 'Process\u0000' }],
			['PATCH', `/processes/${processId}`, { description: 'x\u0000y' }],
			['POST', `/processes/${processId}/meetings`, { themeTitle: 'Möte', guidingQuestions: ['Fråga\u0000'] }],
			['POST', `/processes/${processId}/meetings`, { themeTitle: 'Möte', startsAt: '0000-01-01T09:00:00+01:00' }],
			['PATCH', `/meetings/${meetingId}`, { location: '\u0000' }],
			['POST', `/meetings/${meetingId}/duplicate`, { titleSuffix: ' \u0000' }],
			['POST', '/auth/sign-in', { email: 'pub@region.example\u0000', password: PASSWORD }],
			['POST', '/join', { code: 'ABC-DEF-GHJ', displayName: 'N\u0000', attendance: 'remote' }]
		];
		for (const [method, path, body] of refusals) {
			const response = await send(method, path, body);
			expect(response.status, `${method} ${path}`).toBe(400);
			expect(response.headers.get('content-type'), `${method} ${path}`).toMatch(/^application\/json/);
			const problem = (await response.json()) as { code: string; message: string };
			expect(problem.code, `${method} ${path}`).toBe('VALIDATION');
			expect(typeof problem.message).toBe('string');
		}
		expect(await app.sql`select count(*)::int as n from processes`).toEqual(before);
		const [{ n }] = await app.sql<{ n: number }[]>`select count(*)::int as n from meetings where process_id = ${processId}`;
		expect(n).toBe(1);
	});

	it('every 4xx under /api/v1 answers the JSON problem body: unknown paths, wrong methods, cross-site forms, bodies too large (defect 16)', async () => {
		const cases: [string, RequestInit, number][] = [
			['/no-such-thing', {}, 404],
			['/processes/x/nothing/here', {}, 404],
			['/processes', { method: 'DELETE' }, 405],
			['/openapi.json', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }, 405],
			['/processes', { method: 'POST', headers: { 'content-type': 'text/plain', origin: 'https://evil.example' }, body: '{"title":"x"}' }, 403],
			['/processes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ title: 'x'.repeat(600_000) }) }, 413]
		];
		for (const [path, init, status] of cases) {
			const response = await api(path, init);
			expect(response.status, path).toBe(status);
			expect(response.headers.get('content-type'), path).toMatch(/^application\/json/);
			const problem = (await response.json()) as { code: unknown; message: unknown };
			expect(typeof problem.code, path).toBe('string');
			expect(typeof problem.message, path).toBe('string');
		}
		const [{ n }] = await app.sql<{ n: number }[]>`select count(*)::int as n from processes where title = 'x'`;
		expect(n).toBe(0);
	});
});
