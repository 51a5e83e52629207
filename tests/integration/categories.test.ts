import { beforeAll, describe, expect, it } from 'vitest';
import type { ThemeInputExport } from '../../src/lib/theme-input/schema';
import type { Synthesis } from '../../src/lib/theme-input/synthesis';
import { signedInModerator } from './moderator-fixtures';
import { useTestApp } from './harness';
import { runMeetingScript, type MeetingScript } from './meeting-script';

// Issue 12, point 4: the process owner defines a small list of shared categories, moderators tag
// the groups of each theme, and the synthesis and the SQL views answer "the same concern across
// themes" from the tags alone (not from matching titles).

const PASSWORD = 'a long passphrase for categories';
const people = (n: number): MeetingScript['participants'] =>
	Array.from({ length: n }, (_, i) => ({ displayName: `P${i}`, sectorCode: 'business', municipalityCode: '2480', attendance: 'on_site' as const }));

describe('shared categories across themes (issue 12)', () => {
	const app = useTestApp();
	let owner: string;
	let helper: string;
	let outsider: string;
	let processId: string;
	const meetings: { id: string; joinCode: string; clusterIds: string[] }[] = [];

	const call = async (token: string, method: string, path: string, body?: unknown) => {
		const response = await fetch(`${app.url}/api/v1${path}`, {
			method,
			headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
			body: body !== undefined ? JSON.stringify(body) : undefined
		});
		const text = await response.text();
		return { status: response.status, body: text ? JSON.parse(text) : null };
	};

	beforeAll(async () => {
		owner = (await signedInModerator(app, { email: 'agare@kat.example', name: 'Ägare', password: PASSWORD })).token;
		const helperAccount = await signedInModerator(app, { email: 'hjalp@kat.example', name: 'Hjälpreda', password: PASSWORD });
		helper = helperAccount.token;
		outsider = (await signedInModerator(app, { email: 'utanfor@kat.example', name: 'Utanför', password: PASSWORD })).token;
		processId = (await call(owner, 'POST', '/processes', { title: 'RUS-dialogen' })).body.process.id;
		await app.sql`insert into process_moderators (process_id, moderator_id, role) values (${processId}, ${helperAccount.id}, 'moderator')`;
		for (const [themeTitle, titles] of [
			['Kompetensförsörjning', ['Yrkesutbildning nära', 'Bostäder för nyanställda']],
			['Mobilitet', ['Kollektivtrafik på landsbygden', 'Laddinfrastruktur']]
		] as const) {
			const { meeting } = (await call(owner, 'POST', `/processes/${processId}/meetings`, { themeTitle, notesPrivateUntilReveal: false })).body;
			const run = await runMeetingScript(app.url, { ...meeting, moderatorToken: owner }, {
				participants: people(5),
				clusters: titles.map((title, i) => ({ title, ideas: [{ by: i, text: `Idé: ${title}` }] })),
				votes: [0, 0, 1, 0, 1].map((on, by) => ({ by, on })),
				ranking: [0, 1]
			});
			meetings.push({ ...meeting, clusterIds: run.clusterIds });
		}
	}, 120_000);

	it('only an owner defines the list; names are unique per process; bad input changes nothing', async () => {
		const created = await call(owner, 'POST', `/processes/${processId}/categories`, { name: 'Attraktiva livsmiljöer', description: 'Fokusområde 1' });
		expect(created.status).toBe(201);
		expect(created.body.category).toMatchObject({ name: 'Attraktiva livsmiljöer', description: 'Fokusområde 1', position: 1 });
		expect((await call(owner, 'POST', `/processes/${processId}/categories`, { name: 'Kompetens' })).body.category.position).toBe(2);

		expect(await call(owner, 'POST', `/processes/${processId}/categories`, { name: 'attraktiva LIVSMILJÖER' })).toMatchObject({ status: 409, body: { code: 'NAME_TAKEN' } });
		expect(await call(helper, 'POST', `/processes/${processId}/categories`, { name: 'Hjälpredans' })).toMatchObject({ status: 403, body: { code: 'NOT_OWNER' } });
		expect(await call(outsider, 'GET', `/processes/${processId}/categories`)).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
		expect(await call(owner, 'POST', `/processes/${processId}/categories`, { name: '' })).toMatchObject({ status: 400, body: { fields: { name: 'REQUIRED' } } });
		expect(await call(owner, 'POST', `/processes/${processId}/categories`, { name: 'X', colour: 'red' })).toMatchObject({ status: 400, body: { fields: { colour: 'UNKNOWN_FIELD' } } });

		const renamed = await call(owner, 'PATCH', `/processes/${processId}/categories/${created.body.category.id}`, { name: 'Livsmiljöer' });
		expect(renamed).toMatchObject({ status: 200, body: { category: { name: 'Livsmiljöer', description: 'Fokusområde 1' } } });
		const list = await call(helper, 'GET', `/processes/${processId}/categories`);
		expect(list.body.categories.map((c: { name: string }) => c.name)).toEqual(['Livsmiljöer', 'Kompetens']);
	});

	it('a moderator tags groups; the theme input, the synthesis and the SQL views find the same concern across themes', async () => {
		const categories = (await call(owner, 'GET', `/processes/${processId}/categories`)).body.categories as { id: string; name: string }[];
		const [livsmiljo, kompetens] = categories;
		const [skills, mobility] = meetings;
		// Housing (skills) and rural public transport (mobility) are both about places to live.
		expect((await call(helper, 'PUT', `/meetings/${skills.id}/clusters/${skills.clusterIds[1]}/categories`, { categoryIds: [livsmiljo.id, kompetens.id] })).status).toBe(200);
		expect((await call(owner, 'PUT', `/meetings/${mobility.id}/clusters/${mobility.clusterIds[0]}/categories`, { categoryIds: [livsmiljo.id] })).status).toBe(200);
		expect((await call(owner, 'PUT', `/meetings/${skills.id}/clusters/${skills.clusterIds[0]}/categories`, { categoryIds: [kompetens.id] })).status).toBe(200);

		// Refused: an unknown group, a category of another process, a meeting that is not yours.
		expect(await call(owner, 'PUT', `/meetings/${skills.id}/clusters/c-none/categories`, { categoryIds: [] })).toMatchObject({ status: 404, body: { code: 'NO_SUCH_GROUP' } });
		const otherProcess = (await call(owner, 'POST', '/processes', { title: 'Annan' })).body.process.id;
		const foreign = (await call(owner, 'POST', `/processes/${otherProcess}/categories`, { name: 'Främmande' })).body.category.id;
		expect(await call(owner, 'PUT', `/meetings/${skills.id}/clusters/${skills.clusterIds[0]}/categories`, { categoryIds: [foreign] })).toMatchObject({
			status: 400,
			body: { fields: { categoryIds: 'UNKNOWN_CATEGORY' } }
		});
		expect(await call(owner, 'PUT', `/meetings/${skills.id}/clusters/${skills.clusterIds[0]}/categories`, { categoryIds: ['nej'] })).toMatchObject({ status: 400 });
		expect(await call(outsider, 'PUT', `/meetings/${skills.id}/clusters/${skills.clusterIds[0]}/categories`, { categoryIds: [] })).toMatchObject({ status: 404 });

		const input = (await call(owner, 'GET', `/meetings/${skills.id}/theme-input`)).body as ThemeInputExport;
		expect(input.clusters.map((c) => [c.title, c.categories.map((t) => t.name)])).toEqual([
			['Yrkesutbildning nära', ['Kompetens']],
			['Bostäder för nyanställda', ['Livsmiljöer', 'Kompetens']]
		]);

		const synthesis = (await call(owner, 'GET', `/processes/${processId}/synthesis`)).body as Synthesis;
		expect(synthesis.categories.map((c) => [c.name, c.themes, c.priorities.map((p) => `${p.themeTitle}: ${p.title}`)])).toEqual([
			['Livsmiljöer', 2, ['Kompetensförsörjning: Bostäder för nyanställda', 'Mobilitet: Kollektivtrafik på landsbygden']],
			['Kompetens', 1, ['Kompetensförsörjning: Yrkesutbildning nära', 'Kompetensförsörjning: Bostäder för nyanställda']]
		]);

		// The analysts' question, from the documented views alone: which categories recur across themes?
		const across = await app.sql<{ categoryName: string; themes: number; priorities: string }[]>`
			select category_name, count(distinct meeting_id)::int as themes,
			       string_agg(theme_title || ': ' || title, '; ' order by theme_title, rank_position) as priorities
			from theme_input_priority_categories
			where process_id = ${processId}
			group by category_name
			having count(distinct meeting_id) > 1`;
		expect(across.map((r) => ({ ...r }))).toEqual([
			{ categoryName: 'Livsmiljöer', themes: 2, priorities: 'Kompetensförsörjning: Bostäder för nyanställda; Mobilitet: Kollektivtrafik på landsbygden' }
		]);
		const listed = await app.sql`select name from theme_input_categories where process_id = ${processId} order by position`;
		expect(listed.map((r) => r.name)).toEqual(['Livsmiljöer', 'Kompetens']);

		// Every tag change is in the audit log; removing a category removes its tags.
		const [{ n }] = await app.sql<{ n: number }[]>`select count(*)::int as n from audit_log where action = 'group_categories_set' and meeting_id = ${skills.id}`;
		expect(n).toBe(2);
		expect((await call(owner, 'DELETE', `/processes/${processId}/categories/${kompetens.id}`)).status).toBe(204);
		const after = (await call(owner, 'GET', `/meetings/${skills.id}/theme-input`)).body as ThemeInputExport;
		expect(after.clusters.map((c) => c.categories.map((t) => t.name))).toEqual([[], ['Livsmiljöer']]);
		expect(await call(owner, 'DELETE', `/processes/${processId}/categories/${kompetens.id}`)).toMatchObject({ status: 404 });
	});
});
