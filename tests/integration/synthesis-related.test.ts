import { beforeAll, describe, expect, it } from 'vitest';
import type { Synthesis } from '../../src/lib/theme-input/synthesis';
import { signedInModerator } from './moderator-fixtures';
import { useTestApp } from './harness';
import { runMeetingScript, type MeetingScript } from './meeting-script';

// Issue 14, point 4: the process synthesis lists priorities of different themes that are about the
// same thing, by the suggested groups' similarity, with the shared categories both carry — in the
// JSON, the Markdown report and the page.

const PASSWORD = 'a long passphrase for related priorities';
const people = (n: number): MeetingScript['participants'] =>
	Array.from({ length: n }, (_, i) => ({ displayName: `Deltagare ${i}`, sectorCode: 'municipality', municipalityCode: '2480', attendance: 'on_site' as const }));

const THEMES = [
	{
		themeTitle: 'Mobilitet och infrastruktur',
		clusters: [
			{ title: 'Kollektivtrafik i inlandet', ideas: ['Fler bussar till inlandet', 'Tätare turer med regionbussen på kvällar'] },
			{ title: 'Kulturskola för alla', ideas: ['Kulturskola i varje kommun', 'Billigare avgifter i kulturskolan'] }
		]
	},
	{
		themeTitle: 'Hållbara samhällen',
		clusters: [
			{ title: 'Resor på landsbygden', ideas: ['Bättre kollektivtrafik i glesbygden', 'Pendeltåg mellan kustkommunerna'] },
			{ title: 'Trygga bostäder', ideas: ['Fler hyresrätter i de mindre kommunerna', 'Billiga lägenheter för unga'] }
		]
	}
];

describe('related priorities across themes (issue 14)', () => {
	const app = useTestApp();
	let token: string;
	let processId: string;
	const firstGroups: { meetingId: string; clusterId: string }[] = [];

	const call = async (method: string, path: string, body?: unknown) => {
		const response = await fetch(`${app.url}/api/v1${path}`, {
			method,
			headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
			body: body !== undefined ? JSON.stringify(body) : undefined
		});
		expect(response.status, `${method} ${path}`).toBeLessThan(300);
		return response;
	};

	beforeAll(async () => {
		token = (await signedInModerator(app, { email: 'relaterat@region.example', name: 'Rel Aterad', password: PASSWORD })).token;
		processId = (await (await call('POST', '/processes', { title: 'RUS-dialogen' })).json()).process.id;
		for (const theme of THEMES) {
			const { meeting } = await (await call('POST', `/processes/${processId}/meetings`, { themeTitle: theme.themeTitle, notesPrivateUntilReveal: false })).json();
			const run = await runMeetingScript(app.url, { ...meeting, moderatorToken: token }, {
				participants: people(5),
				clusters: theme.clusters.map((c) => ({ title: c.title, ideas: c.ideas.map((text, i) => ({ by: i, text })) })),
				votes: [0, 0, 1, 0, 1].map((on, by) => ({ by, on })),
				ranking: [0, 1]
			});
			firstGroups.push({ meetingId: meeting.id, clusterId: run.clusterIds[0] });
		}
		const category = (await (await call('POST', `/processes/${processId}/categories`, { name: 'Tillgänglighet' })).json()).category;
		for (const group of firstGroups) await call('PUT', `/meetings/${group.meetingId}/clusters/${group.clusterId}/categories`, { categoryIds: [category.id] });
	}, 120_000);

	it('pairs the priorities of two themes that say the same in other words, with the category both carry, and nothing else', async () => {
		const synthesis = (await (await call('GET', `/processes/${processId}/synthesis`)).json()) as Synthesis;
		expect(synthesis.related).toHaveLength(1);
		const [pair] = synthesis.related;
		expect(pair.priorities.map((p) => p.title)).toEqual(['Kollektivtrafik i inlandet', 'Resor på landsbygden']);
		expect(pair.priorities.map((p) => p.themeTitle)).toEqual(THEMES.map((t) => t.themeTitle));
		expect(pair.sharedCategories.map((c) => c.name)).toEqual(['Tillgänglighet']);
		expect(pair.similarity).toBeGreaterThan(0);
		expect(pair.terms.length).toBeGreaterThan(0);
		// Texts only: no author of any idea is named.
		expect(JSON.stringify(pair)).not.toContain('Deltagare');
	});

	it('lists the pair in the Markdown report and on the synthesis page', async () => {
		const markdown = await (await call('GET', `/processes/${processId}/synthesis.md`)).text();
		const section = markdown.slice(markdown.indexOf('## Samma sak i flera teman'));
		expect(section).toContain('| Mobilitet och infrastruktur: Kollektivtrafik i inlandet (1) | Hållbara samhällen: Resor på landsbygden (1) |');
		expect(section.split('\n').find((line) => line.includes('Resor på landsbygden'))).toContain('Tillgänglighet');
		const cookie = `samla_session=${token}`;
		const page = await (await fetch(`${app.url}/processes/${processId}/synthesis`, { headers: { cookie } })).text();
		expect(page).toContain('Samma sak i flera teman');
		expect(page).toContain('Mobilitet och infrastruktur: Kollektivtrafik i inlandet (nr 1)');
	});
});
