import { beforeAll, describe, expect, it } from 'vitest';
import type { Synthesis } from '../../src/lib/theme-input/synthesis';
import { signedInModerator } from './moderator-fixtures';
import { useTestApp } from './harness';
import { runMeetingScript, type MeetingScript } from './meeting-script';

// Issue 12's acceptance: four meetings run through the API and socket.io, and the synthesis the
// strategy team reads: top priorities only, shares per voter, a preliminary marker on the meeting
// not closed, the meeting not held listed once, and zeros for a municipality never heard (Norsjö).

const PASSWORD = 'a long passphrase for the synthesis';
const people = (municipality: string, n: number): MeetingScript['participants'] =>
	Array.from({ length: n }, (_, i) => ({ displayName: `P${municipality}-${i}`, sectorCode: i % 2 ? 'business' : 'municipality', municipalityCode: municipality, attendance: 'on_site' as const }));
const clusters = (titles: string[]) => titles.map((title, i) => ({ title, ideas: [{ by: i % 5, text: `Idé om ${title.toLowerCase()}` }] }));

describe('the synthesis of a process (issue 12)', () => {
	const app = useTestApp();
	let token: string;
	let processId: string;
	const meetings: Record<'marked' | 'ranked' | 'open' | 'draft', { id: string; joinCode: string }> = {} as never;

	const api = (path: string) => fetch(`${app.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
	const post = async (path: string, body: unknown) => {
		const response = await fetch(`${app.url}/api/v1${path}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		expect(response.status).toBeLessThan(300);
		return response.json();
	};

	beforeAll(async () => {
		token = (await signedInModerator(app, { email: 'syntes@region.example', name: 'Syn Tes', password: PASSWORD })).token;
		processId = ((await post('/processes', { title: 'RUS-dialogen' })) as { process: { id: string } }).process.id;
		const create = async (themeTitle: string, day: number) =>
			((await post(`/processes/${processId}/meetings`, { themeTitle, notesPrivateUntilReveal: false, startsAt: `2026-0${day}-01T09:00:00+01:00` })) as {
				meeting: { id: string; joinCode: string };
			}).meeting;
		meetings.marked = await create('Kulturliv', 1);
		meetings.ranked = await create('Digital region', 2);
		meetings.open = await create('Hälsa och välfärd', 3);
		meetings.draft = await create('Mobilitet', 4);
		const run = (m: { id: string; joinCode: string }, script: MeetingScript) => runMeetingScript(app.url, { ...m, moderatorToken: token }, script);

		// Kulturliv: 5 voters, 10 votes; the moderators mark one priority as top.
		await run(meetings.marked, {
			participants: people('2480', 5),
			clusters: clusters(['Bygdegårdar', 'Kulturskola', 'Bibliotek', 'Festivaler']),
			votes: [0, 0, 0, 1, 1, 2, 2, 3, 0, 1].map((on, i) => ({ by: i % 5, on })),
			ranking: [0, 1, 2, 3],
			top: [1]
		});
		// Digital region: 6 voters, 6 votes, five ranked groups and no mark: the first three are the top.
		await run(meetings.ranked, {
			participants: people('2482', 6),
			clusters: clusters(['Bredband', 'E-tjänster', 'Digital kompetens', 'Öppna data', 'Cybersäkerhet']),
			votes: [0, 0, 1, 2, 3, 4].map((on, i) => ({ by: i, on })),
			ranking: [0, 1, 2, 3, 4]
		});
		// Hälsa och välfärd: left open in rank.
		await run(meetings.open, {
			participants: people('2418', 5),
			clusters: clusters(['Vård nära', 'Psykisk hälsa']),
			votes: [{ by: 0, on: 0 }, { by: 1, on: 1 }],
			ranking: [0, 1],
			keepOpen: true
		});
	}, 120_000);

	it('lists only the top priorities, with support, shares and votes per voter, the open theme marked preliminary', async () => {
		const synthesis = (await (await api(`/processes/${processId}/synthesis`)).json()) as Synthesis;
		const top = synthesis.topPriorities.map((p) => [p.themeTitle, p.title, p.status]);
		expect(top).toEqual([
			['Kulturliv', 'Kulturskola', 'final'],
			['Digital region', 'Bredband', 'final'],
			['Digital region', 'E-tjänster', 'final'],
			['Digital region', 'Digital kompetens', 'final'],
			['Hälsa och välfärd', 'Vård nära', 'preliminary'],
			['Hälsa och välfärd', 'Psykisk hälsa', 'preliminary']
		]);
		// Kulturskola: 3 votes of 10 cast by 5 voters; Bredband: 2 of 6 by 6.
		const kulturskola = synthesis.topPriorities.find((p) => p.title === 'Kulturskola')!;
		expect([kulturskola.support, kulturskola.share, kulturskola.votesPerVoter, kulturskola.voters]).toEqual([3, 0.3, 0.6, 5]);
		const bredband = synthesis.topPriorities.find((p) => p.title === 'Bredband')!;
		expect([bredband.support, bredband.share, bredband.votesPerVoter]).toEqual([2, 0.3333, 0.3333]);
		expect(bredband.breadth).toEqual({ municipalities: 1, sectors: 2 });
	});

	it('lists the meeting not held once, and not among the themes', async () => {
		const synthesis = (await (await api(`/processes/${processId}/synthesis`)).json()) as Synthesis;
		expect(synthesis.notHeld.map((m) => m.themeTitle)).toEqual(['Mobilitet']);
		expect(synthesis.meetings.map((m) => [m.meeting.themeTitle, m.meeting.status])).toEqual([
			['Kulturliv', 'final'],
			['Digital region', 'final'],
			['Hälsa och välfärd', 'preliminary']
		]);
		const markdown = await (await api(`/processes/${processId}/synthesis.md`)).text();
		expect(markdown.match(/Mobilitet/g)?.length).toBe(1);
		expect(markdown).toContain('| Hälsa och välfärd (preliminär) | 1 | Vård nära |');
		expect(markdown).not.toContain('0 deltagare');
	});

	it('shows every municipality and sector of the reference lists in the participation matrix, 0 where nobody came from', async () => {
		const synthesis = (await (await api(`/processes/${processId}/synthesis?publication=true`)).json()) as Synthesis;
		const names = synthesis.matrix.municipalities.map((r) => r.name);
		expect(names).toHaveLength(15);
		const norsjo = synthesis.matrix.municipalities.find((r) => r.name === 'Norsjö')!;
		expect(norsjo.cells.map((c) => c.participants)).toEqual([0, 0, 0]);
		expect(synthesis.matrix.municipalities.find((r) => r.name === 'Umeå')!.cells.map((c) => c.participants)).toEqual([5, 0, 0]);
		expect(synthesis.matrix.sectors.map((r) => r.code)).toEqual(expect.arrayContaining(['municipality', 'business', 'civil_society']));
		const markdown = await (await api(`/processes/${processId}/synthesis.md`)).text();
		expect(markdown).toContain('| Norsjö | 0 | 0 | 0 |');
		expect(markdown).toContain('| Umeå | 5 | 0 | 0 |');
	});
});

describe('the analysts’ SQL views (issue 12)', () => {
	const app = useTestApp();
	let processId: string;

	beforeAll(async () => {
		const { token } = await signedInModerator(app, { email: 'sql@region.example', name: 'Ana Lys', password: PASSWORD });
		const post = async (path: string, body: unknown) =>
			(await fetch(`${app.url}/api/v1${path}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
				body: JSON.stringify(body)
			})).json();
		processId = ((await post('/processes', { title: 'SQL-prov' })) as { process: { id: string } }).process.id;
		for (const [theme, municipality] of [['Kulturliv', '2480'], ['Digital region', '2482']]) {
			const { meeting } = (await post(`/processes/${processId}/meetings`, { themeTitle: theme, notesPrivateUntilReveal: false })) as {
				meeting: { id: string; joinCode: string };
			};
			await runMeetingScript(app.url, { ...meeting, moderatorToken: token }, {
				participants: [...people(municipality, 3), ...people('2401', 2)],
				clusters: [
					{ title: `${theme} A`, ideas: [{ by: 0, text: `${theme}: första` }, { by: 3, text: `${theme}: andra` }] },
					{ title: `${theme} B`, ideas: [{ by: 1, text: `${theme}: tredje` }] },
					{ title: `${theme} C`, ideas: [{ by: 2, text: `${theme}: fjärde` }] },
					{ title: `${theme} D`, ideas: [{ by: 4, text: `${theme}: femte` }] }
				],
				votes: [
					{ by: 0, on: 0 },
					{ by: 3, on: `${theme}: andra` },
					{ by: 4, on: 0 },
					{ by: 1, on: 1 },
					{ by: 2, on: 2 }
				],
				ranking: [0, 1, 2, 3]
			});
		}
	}, 90_000);

	it('answers "top 3 per theme", "breadth by municipality" and "contributors per priority" from the documented views alone', async () => {
		// The queries as PROTOCOL.md gives them.
		const top3 = await app.sql`
			select theme_title, rank_position, title, support from theme_input_priorities
			where process_id = ${processId} and rank_position <= 3 order by theme_title, rank_position`;
		expect(top3.map((r) => [r.themeTitle, r.rankPosition, r.title, r.support])).toEqual([
			['Digital region', 1, 'Digital region A', 3],
			['Digital region', 2, 'Digital region B', 1],
			['Digital region', 3, 'Digital region C', 1],
			['Kulturliv', 1, 'Kulturliv A', 3],
			['Kulturliv', 2, 'Kulturliv B', 1],
			['Kulturliv', 3, 'Kulturliv C', 1]
		]);
		const breadth = await app.sql`
			select p.theme_title, p.title, count(distinct v.voter_municipality_code) filter (where v.voter_municipality_code <> '') as municipalities
			from theme_input_priorities p
			join theme_input_votes v on v.meeting_id = p.meeting_id and v.cluster_id = p.cluster_id
			where p.process_id = ${processId}
			group by p.theme_title, p.title order by p.theme_title, p.title`;
		expect(breadth.map((r) => [r.title, Number(r.municipalities)])).toEqual([
			['Digital region A', 2],
			['Digital region B', 1],
			['Digital region C', 1],
			['Kulturliv A', 2],
			['Kulturliv B', 1],
			['Kulturliv C', 1]
		]);
		const contributors = await app.sql`
			select p.theme_title, p.title, count(distinct k.person) as contributors
			from theme_input_priorities p
			join (
				select meeting_id, cluster_id, author_key as person from theme_input_ideas where author_key is not null
				union
				select meeting_id, cluster_id, voter_key from theme_input_votes where voter_key is not null
			) k on k.meeting_id = p.meeting_id and k.cluster_id = p.cluster_id
			where p.process_id = ${processId}
			group by p.theme_title, p.title order by p.theme_title, p.title`;
		// Group A: written by participants 0 and 3, voted for by 0, 3 and 4: three different people.
		expect(contributors.map((r) => [r.title, Number(r.contributors)])).toEqual([
			['Digital region A', 3],
			['Digital region B', 1],
			['Digital region C', 1],
			['Digital region D', 1],
			['Kulturliv A', 3],
			['Kulturliv B', 1],
			['Kulturliv C', 1],
			['Kulturliv D', 1]
		]);
		// Keys are stable within a meeting and differ across meetings.
		const keys = await app.sql<{ themeTitle: string; authorKey: string }[]>`
			select theme_title, author_key from theme_input_ideas where process_id = ${processId} and author_key is not null`;
		const byTheme = (t: string) => new Set(keys.filter((k) => k.themeTitle === t).map((k) => k.authorKey));
		expect([...byTheme('Kulturliv')].some((k) => byTheme('Digital region').has(k))).toBe(false);
	});
});
