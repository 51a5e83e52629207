import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { snapshot } from '../../src/lib/board/board';
import { projectMeeting } from '../../src/lib/server/theme-input/project';
import { CSV_COLUMNS } from '../../src/lib/theme-input/csv';
import { THEME_INPUT_SCHEMA_VERSION, type ThemeInputExport } from '../../src/lib/theme-input/schema';
import { boardClient, command, meetingSocket, noteId } from './board-fixtures';
import { cliOnApp } from './cli';
import { signedInModerator } from './moderator-fixtures';
import { projectedIdea, useTestApp } from './harness';
import { runMeetingScript, type MeetingScript, type ScriptedMeeting } from './meeting-script';

// Issue 5's acceptance: a scripted meeting becomes theme input in SQL that matches the board,
// exports that validate and read right, suppression of small groups, and a purge that leaves no
// name behind.

const PASSWORD = 'a long passphrase for theme input';

/** 13 people: sectors business 6, municipality 5, civil society 2; Umeå 7, Skellefteå 4, Bjurholm 2. */
const people: MeetingScript['participants'] = [
	...['Åsa Öberg', 'Björn Ärlig', 'Cecilia Ådahl', 'David Ekström', 'Elin Östlund', 'Filip Näslund'].map((displayName, i) => ({
		displayName,
		organisation: `Företag ${displayName.split(' ')[1]} AB`,
		sectorCode: 'business',
		municipalityCode: i < 6 ? '2480' : '2482',
		attendance: i % 2 ? ('remote' as const) : ('on_site' as const)
	})),
	...['Greta Lindqvist', 'Hampus Sjölund', 'Ida Holmgren', 'Jonas Berglund', 'Karin Wikström'].map((displayName, i) => ({
		displayName,
		organisation: `${displayName.split(' ')[1]}s kommunkontor`,
		sectorCode: 'municipality',
		municipalityCode: i === 0 ? '2480' : '2482',
		attendance: 'on_site' as const
	})),
	...['Lovisa Strömgren', 'Måns Fjällström'].map((displayName) => ({
		displayName,
		organisation: 'Byföreningen Ödsmål',
		sectorCode: 'civil_society',
		municipalityCode: '2403',
		attendance: 'remote' as const
	}))
];

const script: MeetingScript = {
	participants: people,
	clusters: [
		{
			title: 'Kollektivtrafik',
			ideas: [
				{ by: 0, text: 'Bättre busstrafik, "på riktigt"\nmellan orterna', firstDraft: 'Åsa Öberg tycker: tätare bussar' },
				{ by: 6, text: 'Pendeltåg Umeå–Vännäs' }
			]
		},
		{ title: 'Bredband på landsbygden', ideas: [{ by: 11, text: 'Fiber till alla byar; även fritidshus' }, { by: 2, text: 'Mobiltäckning längs E12' }] },
		{ title: 'Kompetens', ideas: [{ by: 7, text: 'Yrkeshögskola i inlandet' }] }
	],
	unclustered: [{ by: 12, text: 'Mötesplatser för unga i byarna' }],
	hidden: [{ by: 3, text: 'Ett inlägg som inte hör hit' }],
	votes: [
		{ by: 0, on: 1 },
		{ by: 1, on: 1 },
		{ by: 2, on: 1 },
		{ by: 11, on: 1 },
		{ by: 12, on: 1 },
		{ by: 3, on: 0 },
		{ by: 4, on: 'Pendeltåg Umeå–Vännäs' },
		{ by: 5, on: 'Pendeltåg Umeå–Vännäs' },
		{ by: 6, on: 2 },
		{ by: 7, on: 'Mötesplatser för unga i byarna' },
		{ by: 8, on: 'Fiber till alla byar; även fritidshus' }
	],
	ranking: [1, 0, 2],
	rationales: { 1: 'Grunden för allt annat – företag och skolor behöver uppkoppling', 0: 'Arbetspendling över kommungränserna' },
	top: [1]
};

describe('theme input', () => {
	const app = useTestApp();
	let token: string;
	let processId: string;
	let meeting: { id: string; joinCode: string };
	let run: ScriptedMeeting;

	const api = (path: string, bearer: string | null = token) =>
		fetch(`${app.url}/api/v1${path}`, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

	async function signIn(email: string, name: string): Promise<string> {
		return (await signedInModerator(app, { email, name, password: PASSWORD })).token;
	}

	async function createMeeting(themeTitle: string, settings: Record<string, unknown> = {}) {
		const response = await fetch(`${app.url}/api/v1/processes/${processId}/meetings`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({
				themeTitle,
				guidingQuestions: ['Vad behöver länet år 2040?', 'Hur når vi dit, tillsammans?'],
				startsAt: '2018-11-21T09:00:00+01:00',
				notesPrivateUntilReveal: false,
				...settings
			})
		});
		expect(response.status).toBe(201);
		const body = (await response.json()) as { meeting: { id: string; joinCode: string } };
		return body.meeting;
	}

	const tableRows = async (meetingId: string) => ({
		clusters: await app.sql`select cluster_id, title, board_order, rank_position, rationale, is_top, votes, idea_votes
			from theme_clusters where meeting_id = ${meetingId} order by board_order`,
		ideas: await app.sql`select note_id, text, cluster_id, position, created_at, votes, author_kind, author_sector_code,
			author_municipality_code, author_attendance from theme_ideas where meeting_id = ${meetingId} order by note_id`,
		authorNames: await app.sql`select note_id, author_name from theme_ideas where meeting_id = ${meetingId} order by note_id`,
		votes: await app.sql`select item_kind, item_id, votes, voters from theme_votes where meeting_id = ${meetingId} order by item_kind, item_id`,
		segments: await app.sql`select cluster_id, segment_kind, segment_code, votes, idea_votes, voters
			from theme_segment_votes where meeting_id = ${meetingId} order by 1, 2, 3`,
		participation: await app.sql`select sector_code, municipality_code, attendance, participants, voters
			from theme_participation where meeting_id = ${meetingId} order by 1, 2, 3`,
		projection: await app.sql`select projected_at, final, content_hash from theme_projections where meeting_id = ${meetingId}`
	});

	beforeAll(async () => {
		token = await signIn('strateg@region.example', 'Stina Strateg');
		const created = await fetch(`${app.url}/api/v1/processes`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify({ title: 'RUS-dialogen', ownerOrganisation: 'Region Västerbotten' })
		});
		processId = ((await created.json()) as { process: { id: string } }).process.id;
		meeting = await createMeeting('Mobilitet och transportinfrastruktur');
		run = await runMeetingScript(app.url, { ...meeting, moderatorToken: token }, script);
	}, 120_000);

	it('the theme-input tables match the board exactly after the meeting is closed', async () => {
		const board = boardClient(app.url, meeting.id, token);
		await board.synced;
		const snap = snapshot(board.doc);
		board.destroy();
		const rows = await tableRows(meeting.id);

		expect(rows.projection).toEqual([expect.objectContaining({ final: true })]);
		expect(rows.clusters.map((c) => [c.clusterId, c.title, c.boardOrder])).toEqual(snap.clusters.map((c, i) => [c.id, c.title, i + 1]));
		const expectedIdeas = [
			...snap.clusters.flatMap((c) => c.notes.map((n, i) => ({ id: n.id, text: n.text, clusterId: c.id, position: i + 1, createdAt: n.createdAt }))),
			...snap.unclustered.map((n, i) => ({ id: n.id, text: n.text, clusterId: null, position: i + 1, createdAt: n.createdAt }))
		].sort((a, b) => (a.id < b.id ? -1 : 1));
		expect(rows.ideas.map((i) => ({ id: i.noteId, text: i.text, clusterId: i.clusterId, position: i.position, createdAt: i.createdAt.getTime() }))).toEqual(
			expectedIdeas
		);
		// The hidden note is not an idea; the edited one has its final text only.
		expect(rows.ideas.map((i) => i.text)).not.toContain('Ett inlägg som inte hör hit');
		expect(rows.ideas.map((i) => i.text)).toContain('Bättre busstrafik, "på riktigt"\nmellan orterna');

		// Ranks, rationale, top mark and votes as the meeting left them.
		const byTitle = new Map(rows.clusters.map((c) => [c.title, c]));
		expect(byTitle.get('Bredband på landsbygden')).toMatchObject({ rankPosition: 1, isTop: true, votes: 5, ideaVotes: 1 });
		expect(byTitle.get('Kollektivtrafik')).toMatchObject({ rankPosition: 2, isTop: false, votes: 1, ideaVotes: 2, rationale: 'Arbetspendling över kommungränserna' });
		expect(byTitle.get('Kompetens')).toMatchObject({ rankPosition: 3, votes: 1, ideaVotes: 0 });
		const [{ n: voteRows }] = await app.sql<{ n: number }[]>`select count(*)::int as n from votes where meeting_id = ${meeting.id}`;
		expect(rows.votes.reduce((sum, v) => sum + (v.votes as number), 0)).toBe(voteRows);

		// Segments: the five votes on broadband came from business (3), municipality (0), civil society (2).
		const broadband = run.clusterIds[1];
		const sectorVotes = rows.segments.filter((s) => s.clusterId === broadband && s.segmentKind === 'sector');
		expect(sectorVotes.map((s) => [s.segmentCode, s.votes, s.ideaVotes])).toEqual([
			['business', 3, 0],
			['civil_society', 2, 0],
			['municipality', 0, 1]
		]);
		expect(rows.participation.reduce((sum, p) => sum + (p.participants as number), 0)).toBe(13);
		// Authors are named (the meeting shows authors), with their segment.
		const pendel = rows.ideas.find((i) => i.text === 'Pendeltåg Umeå–Vännäs')!;
		expect(pendel).toMatchObject({ authorKind: 'participant', authorSectorCode: 'municipality', authorMunicipalityCode: '2480' });
		expect(rows.authorNames.find((a) => a.noteId === pendel.noteId)!.authorName).toBe('Greta Lindqvist');
	});

	it('projecting again changes nothing', async () => {
		const before = await tableRows(meeting.id);
		expect(await projectMeeting(app.sql, meeting.id)).toEqual({ ok: true, changed: false, final: true });
		expect(await tableRows(meeting.id)).toEqual(before);
	});

	it('the projection follows a live board within a few seconds', async () => {
		const live = await createMeeting('Kulturliv', { votesPerParticipant: 3, maxVotesPerItem: 1 });
		const moderator = await meetingSocket(app.url, live.id, token);
		expect((await command(moderator, 'meeting:phase', { phase: 'brainstorm' })).ok).toBe(true);
		const id = noteId();
		expect(await command(moderator, 'note:add', { id, text: 'Kulturskola i varje kommun' })).toEqual({ ok: true });
		expect(await projectedIdea(app.sql, live.id, id)).toEqual([{ text: 'Kulturskola i varje kommun' }]);
		moderator.close();
	});

	it('the JSON export validates against its published schema', async () => {
		const schema = await (await fetch(`${app.url}/api/v1/schemas/theme-input.json`)).json();
		const ajv = new Ajv2020({ strict: false, allErrors: true });
		addFormats(ajv);
		const validate = ajv.compile(schema);
		for (const query of ['', '?publication=true']) {
			const response = await api(`/meetings/${meeting.id}/theme-input${query}`);
			expect(response.status).toBe(200);
			const body = (await response.json()) as ThemeInputExport;
			expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
			expect(body.schemaVersion).toBe(THEME_INPUT_SCHEMA_VERSION);
			expect(body.clusters.map((c) => [c.title, c.rank])).toEqual([
				['Bredband på landsbygden', 1],
				['Kollektivtrafik', 2],
				['Kompetens', 3]
			]);
		}
	});

	it('the CSV opens with the right columns and Swedish letters, quoting commas, quotes and line breaks', async () => {
		const response = await api(`/meetings/${meeting.id}/export.csv`);
		expect(response.status).toBe(200);
		expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
		const bytes = new Uint8Array(await response.arrayBuffer());
		expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
		const records = parse(Buffer.from(bytes), { bom: true, columns: true }) as Record<string, string>[];
		expect(Object.keys(records[0])).toEqual([...CSV_COLUMNS]);
		expect(records).toHaveLength(6);
		expect(records[0]).toMatchObject({
			theme: 'Mobilitet och transportinfrastruktur',
			cluster: 'Bredband på landsbygden',
			cluster_rank: '1',
			cluster_votes: '5',
			idea: 'Fiber till alla byar; även fritidshus',
			idea_votes: '1',
			author_sector: 'Civilsamhälle',
			author_municipality: 'Bjurholm'
		});
		expect(records.map((r) => r.idea)).toContain('Bättre busstrafik, "på riktigt"\nmellan orterna');
		expect(records.at(-1)).toMatchObject({ cluster: '', cluster_rank: '', idea: 'Mötesplatser för unga i byarna' });
	});

	it('the Markdown report has the ranked priorities in order, with rationales and no names', async () => {
		const response = await api(`/meetings/${meeting.id}/export.md`);
		expect(response.status).toBe(200);
		const report = await response.text();
		expect(report).toMatch(/^# Mobilitet och transportinfrastruktur/);
		expect(report).toContain('- Vad behöver länet år 2040?');
		const first = report.indexOf('### 1. Bredband på landsbygden (Topprioritet)');
		const second = report.indexOf('### 2. Kollektivtrafik');
		const third = report.indexOf('### 3. Kompetens');
		expect(first).toBeGreaterThan(0);
		expect(second).toBeGreaterThan(first);
		expect(third).toBeGreaterThan(second);
		expect(report).toContain('Grunden för allt annat – företag och skolor behöver uppkoppling');
		expect(report).toContain('Pendeltåg Umeå–Vännäs');
		for (const p of people) expect(report).not.toContain(p.displayName);
	});

	it('breakdowns meant for publication suppress groups under 5 people; the moderators’ own export does not', async () => {
		const internal = (await (await api(`/meetings/${meeting.id}/theme-input`)).json()) as ThemeInputExport;
		const published = (await (await api(`/meetings/${meeting.id}/theme-input?publication=true`)).json()) as ThemeInputExport;
		const sizes = (data: ThemeInputExport, kind: 'bySector' | 'byMunicipality') => data.participation[kind].map((s) => [s.code, s.participants]);
		expect(sizes(internal, 'bySector')).toEqual([
			['municipality', 5],
			['business', 6],
			['civil_society', 2]
		]);
		// Civil society (2) is under 5; municipality (5) is hidden too, or 13 − 6 would reveal the 2.
		expect(sizes(published, 'bySector')).toEqual([
			['municipality', null],
			['business', 6],
			['civil_society', null]
		]);
		expect(sizes(published, 'byMunicipality')).toEqual([
			['2403', null],
			['2482', null],
			['2480', 7]
		]);
		const broadband = published.clusters[0];
		expect(broadband.votesBySector.find((s) => s.code === 'civil_society')).toEqual({
			code: 'civil_society',
			name: 'Civilsamhälle',
			votes: null,
			ideaVotes: null,
			suppressed: true
		});
		const fiber = broadband.ideas.find((i) => i.text.startsWith('Fiber'))!;
		expect(fiber.author).toMatchObject({ sectorCode: null, municipalityCode: null, name: null });
		expect(internal.clusters[0].ideas.find((i) => i.text.startsWith('Fiber'))!.author).toMatchObject({
			sectorCode: 'civil_society',
			name: 'Lovisa Strömgren'
		});
		const report = await (await api(`/meetings/${meeting.id}/export.md`)).text();
		expect(report).toMatch(/\| Civilsamhälle \| färre än 5 \|/);
		expect(report).toMatch(/\| Näringsliv \| 6 \|/);
		const csv = parse(Buffer.from(await (await api(`/meetings/${meeting.id}/export.csv?publication=true`)).arrayBuffer()), {
			bom: true,
			columns: true
		}) as Record<string, string>[];
		expect(csv.find((r) => r.idea.startsWith('Fiber'))).toMatchObject({ author_sector: '', author_municipality: '' });
	});

	it('only moderators of the process can read exports: not a participant token, not a moderator of another process', async () => {
		const other = await signIn('annan@kommun.example', 'Olle Annan');
		const paths = [`/meetings/${meeting.id}/theme-input`, `/meetings/${meeting.id}/export.csv`, `/meetings/${meeting.id}/export.md`];
		for (const path of paths) {
			const anonymous = await api(path, null);
			expect(anonymous.status).toBe(401);
			expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
			expect((await api(path, run.participants[0].token)).status).toBe(401);
			const foreign = await api(path, other);
			expect(foreign.status).toBe(404);
			expect(await foreign.json()).toMatchObject({ code: 'NOT_FOUND' });
		}
		expect((await api(`/processes/${processId}/synthesis`, other)).status).toBe(404);
		expect((await api(`/processes/${processId}/synthesis.md`, run.participants[0].token)).status).toBe(401);
	});

	it('the process synthesis has every meeting held, its priorities and the participation matrix; the meeting not held is listed once', async () => {
		const response = await api(`/processes/${processId}/synthesis?publication=true`);
		expect(response.status).toBe(200);
		const synthesis = (await response.json()) as {
			meetings: ThemeInputExport[];
			notHeld: { themeTitle: string }[];
			matrix: { themes: { themeTitle: string }[]; municipalities: { code: string; cells: { participants: number | null }[] }[] };
		};
		expect(synthesis.matrix.themes.map((t) => t.themeTitle)).toEqual(['Mobilitet och transportinfrastruktur']);
		expect(synthesis.notHeld.map((t) => t.themeTitle)).toEqual(['Kulturliv']);
		expect(synthesis.matrix.municipalities.find((r) => r.code === '2480')!.cells.map((c) => c.participants)).toEqual([7]);
		expect(synthesis.matrix.municipalities.find((r) => r.code === '2403')!.cells.map((c) => c.participants)).toEqual([null]);
		const report = await (await api(`/processes/${processId}/synthesis.md`)).text();
		expect(report).toContain('# Syntes: RUS-dialogen');
		expect(report).toMatch(/\| Mobilitet och transportinfrastruktur \| 1 \| Bredband på landsbygden \(Topprioritet\) \| 6 \|/);
	});

	it('an operator exports the same files with the CLI, and cannot purge a meeting that is still open', async () => {
		const cli = (args: string[]) => cliOnApp(app, args);
		const dir = await mkdtemp(join(tmpdir(), 'samla-export-'));
		try {
			const file = join(dir, 'export.csv');
			expect(await cli(['export', '--meeting', meeting.id, '--format', 'csv', '--out', file])).toEqual({ code: 0, output: `Wrote ${file}.\n` });
			const fromApi = Buffer.from(await (await api(`/meetings/${meeting.id}/export.csv`)).arrayBuffer());
			expect((await readFile(file)).equals(fromApi)).toBe(true);
		} finally {
			await rm(dir, { recursive: true, force: true });
		}
		const report = await cli(['export', '--meeting', meeting.id, '--format', 'md']);
		expect(report.code).toBe(0);
		expect(report.output).toContain('### 1. Bredband på landsbygden (Topprioritet)');
		const json = await cli(['export', '--meeting', meeting.id, '--format', 'json', '--publication']);
		expect(JSON.parse(json.output)).toMatchObject({ schemaVersion: THEME_INPUT_SCHEMA_VERSION, publication: true });
		const [open] = await app.sql<{ id: string }[]>`select id from meetings where process_id = ${processId} and phase <> 'closed'`;
		expect(await cli(['purge', '--meeting', open.id])).toEqual({ code: 1, output: 'The meeting is not closed: close it first, then purge.\n' });
	}, 60_000);

	it('purging leaves no participant name or organisation in any table or in the stored board, and the theme input unchanged', async () => {
		const secrets = [...new Set(people.flatMap((p) => [p.displayName, p.organisation!]))];
		const columns = await app.sql<{ tableName: string; columnName: string; dataType: string }[]>`
			select table_name, column_name, data_type from information_schema.columns
			where table_schema = 'public' and data_type in ('text', 'character varying', 'jsonb', 'json', 'bytea', 'ARRAY')`;
		expect(columns.some((c) => c.tableName === 'board_updates' && c.dataType === 'bytea')).toBe(true);
		async function findSecrets(): Promise<string[]> {
			const found: string[] = [];
			for (const { tableName, columnName, dataType } of columns) {
				for (const secret of secrets) {
					const [{ n }] =
						dataType === 'bytea'
							? await app.sql<{ n: number }[]>`select count(*)::int as n from ${app.sql(tableName)}
								where position(convert_to(${secret}, 'UTF8') in ${app.sql(columnName)}) > 0`
							: await app.sql<{ n: number }[]>`select count(*)::int as n from ${app.sql(tableName)}
								where ${app.sql(columnName)}::text ilike ${'%' + secret + '%'}`;
					if (n) found.push(`${tableName}.${columnName}: ${secret}`);
				}
			}
			return found;
		}
		// The search works: before the purge it finds the names, also the one in the board's history.
		const before = await findSecrets();
		expect(before).toContain('participants.display_name: Åsa Öberg');
		expect(before).toContain('participants.organisation: Byföreningen Ödsmål');
		expect(before.some((f) => f.startsWith('board_updates.update: Åsa Öberg') || f.startsWith('board_snapshots.state: Åsa Öberg'))).toBe(true);
		const inputBefore = await tableRows(meeting.id);
		const boardBefore = await boardSnapshot();

		// The moderator purges from the meeting page (a form, as without JavaScript).
		const page = `${app.url}/processes/${processId}/meetings/${meeting.id}`;
		const purge = (confirm: boolean) =>
			fetch(`${page}?/purge`, {
				method: 'POST',
				redirect: 'manual',
				headers: { origin: app.url, cookie: `samla_session=${token}`, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
				body: new URLSearchParams(confirm ? { confirm: 'yes' } : {})
			});
		expect((await purge(false)).status).toBe(400);
		expect(await findSecrets()).toEqual(before);
		expect((await purge(true)).status).toBe(200);

		expect(await findSecrets()).toEqual([]);
		const [{ n: updates }] = await app.sql<{ n: number }[]>`select count(*)::int as n from board_updates where meeting_id = ${meeting.id}`;
		expect(updates).toBe(0);
		const inputAfter = await tableRows(meeting.id);
		const { authorNames, projection, ...contentAfter } = inputAfter;
		const { authorNames: namesBefore, projection: _p, ...contentBefore } = inputBefore;
		expect(contentAfter).toEqual(contentBefore);
		expect(namesBefore.some((a) => a.authorName !== null)).toBe(true);
		expect(authorNames.every((a) => a.authorName === null)).toBe(true);
		expect(projection).toEqual([expect.objectContaining({ final: true })]);
		// The board reloads from the rewritten state with the same content.
		expect(await boardSnapshot()).toEqual(boardBefore);
		const names = await app.sql<{ displayName: string }[]>`
			select display_name from participants where meeting_id = ${meeting.id} order by created_at, id`;
		expect(names.map((n) => n.displayName)).toEqual(people.map((_, i) => `Deltagare ${i + 1}`));
		// A purged meeting cannot be reopened; its participants' tokens are gone.
		const moderator = await meetingSocket(app.url, meeting.id, token);
		expect(await command(moderator, 'meeting:phase', { phase: 'rank' })).toMatchObject({ ok: false });
		moderator.close();
		expect((await api(`/meetings/${meeting.id}/theme-input`)).status).toBe(200);
	});

	async function boardSnapshot() {
		const board = boardClient(app.url, meeting.id, token);
		await board.synced;
		const snap = snapshot(board.doc);
		board.destroy();
		const plain = (n: { id: string; text: string; createdAt: number }) => [n.id, n.text, n.createdAt];
		return { clusters: snap.clusters.map((c) => [c.id, c.title, c.notes.map(plain)]), unclustered: snap.unclustered.map(plain) };
	}
});
