import { expect, test, type Locator, type Page } from '@playwright/test';
import ExcelJS from 'exceljs';
import type { Socket } from 'socket.io-client';
import { command, meetingSocket } from '../integration/board-fixtures';
import { runMeetingScript, type MeetingScript, type ScriptedMeeting } from '../integration/meeting-script';
import { apiSignIn, BASE, createModeratorWithCli, expectNoAxeViolations, joinWithApi, sessionCookie, tabToward, typeInto, withApi } from './helpers';

// Issue 12, point 4, in the browser: the process owner defines the shared categories on the
// process page and tags the groups of a meeting at real size (40 participants, 160 ideas, 8
// groups), with the keyboard alone; the tags stay after a reload and the strategy team finds
// them in the synthesis page and its downloads. Only moderators may tag.

const HELPER = { email: 'kategorier-hjalp-e2e@region.example', name: 'Hanna Hjälpreda', password: 'another long e2e passphrase for categories' };
const OWNER = { email: 'kategorier-e2e@region.example', name: 'Kim Kategori', password: 'a long e2e passphrase for the categories' };
const PROCESS = 'RUS 2020–2040 (kategorier e2e)';
const THEME = 'Framtidens arbetsmarknad (kategorier e2e)';
const SMALL_THEME = 'Boende och mobilitet (kategorier e2e)';
const PARTICIPANTS = 40;
const IDEAS_EACH = 4;
const TOPICS = ['lärlingsplatser', 'pendling', 'bredband', 'vuxenutbildning', 'företagande', 'kompetens', 'bostäder', 'kultur'];
const GROUP_TITLES = TOPICS.map((topic, g) => `Grupp ${g + 1}: ${topic}`);

const PER_GROUP = (PARTICIPANTS * IDEAS_EACH) / TOPICS.length;

/** Sends a command and expects it accepted. */
async function accepted(socket: Socket, name: string, payload: unknown) {
	const ack = await command(socket, name, payload);
	expect(ack, `${name}: ${JSON.stringify(ack)}`).toMatchObject({ ok: true });
}

/**
 * The big meeting, seeded as board-at-scale.spec.ts seeds it (over the API and socket.io): 40
 * participants write 4 ideas each, the moderator groups them with one command per group (one
 * move per idea would run into the moderator's command rate), everyone votes once, the moderator
 * ranks all 8 groups, marks the first as a top priority and closes the meeting.
 */
async function seedBigMeeting(meeting: { id: string; joinCode: string }): Promise<{ clusterIds: string[]; participantTokens: string[] }> {
	const moderator = await meetingSocket(BASE, meeting.id, token);
	const sockets: Socket[] = [];
	try {
		await accepted(moderator, 'meeting:phase', { phase: 'brainstorm' });
		const participantTokens: string[] = [];
		const ideas: string[][] = TOPICS.map(() => []);
		await Promise.all(
			Array.from({ length: PARTICIPANTS }, async (_, p) => {
				const joined = await joinWithApi({
					code: meeting.joinCode,
					displayName: `Deltagare ${p + 1}`,
					sectorCode: ['business', 'civil_society', 'academia'][p % 3],
					municipalityCode: ['2480', '2481', '2462'][p % 3],
					attendance: p % 3 === 0 ? 'remote' : 'on_site'
				});
				participantTokens[p] = joined.token;
				const socket = await meetingSocket(BASE, meeting.id, joined.token);
				sockets[p] = socket;
				for (let i = 0; i < IDEAS_EACH; i++) {
					const g = (p + i) % TOPICS.length;
					const id = `n-cat-${String(p).padStart(2, '0')}-${i}`;
					await accepted(socket, 'note:add', { id, text: `Idé ${p * IDEAS_EACH + i + 1}: mer satsning på ${TOPICS[g]} i hela länet` });
					ideas[g].push(id);
				}
			})
		);
		await accepted(moderator, 'meeting:phase', { phase: 'group' });
		const clusterIds = GROUP_TITLES.map((_, g) => `c-cat-group-${g}`);
		for (const [g, title] of GROUP_TITLES.entries()) {
			expect(ideas[g]).toHaveLength(PER_GROUP);
			await accepted(moderator, 'notes:move', { ids: ideas[g], clusterId: clusterIds[g], newCluster: { id: clusterIds[g], title } });
		}
		await accepted(moderator, 'meeting:phase', { phase: 'vote' });
		await Promise.all(sockets.map((socket, p) => accepted(socket, 'vote:place', { itemKind: 'cluster', itemId: clusterIds[p % 5], key: `v-cat-vote-${p}` })));
		await accepted(moderator, 'votes:reveal', {});
		await accepted(moderator, 'meeting:phase', { phase: 'rank' });
		await accepted(moderator, 'rank:order', { clusterIds });
		await accepted(moderator, 'rank:update', { clusterId: clusterIds[0], isTop: true });
		await accepted(moderator, 'meeting:phase', { phase: 'closed' });
		return { clusterIds, participantTokens };
	} finally {
		moderator.close();
		for (const socket of sockets) socket?.close();
	}
}

const smallMeeting: MeetingScript = {
	participants: ['Ada', 'Bert', 'Cecilia', 'David', 'Elin'].map((name) => ({
		displayName: name,
		sectorCode: 'municipality',
		municipalityCode: '2480',
		attendance: 'on_site' as const
	})),
	clusters: [
		{ title: 'Bostäder för nyanställda', ideas: [{ by: 0, text: 'Hyresrätter nära jobben' }] },
		{ title: 'Kollektivtrafik på kvällen', ideas: [{ by: 1, text: 'Fler sena bussar' }] }
	],
	votes: [
		{ by: 2, on: 0 },
		{ by: 3, on: 0 },
		{ by: 4, on: 1 }
	],
	ranking: [0, 1]
};

// The specs build on each other: the categories defined in the first are tagged in the second.
test.describe.configure({ mode: 'serial' });

let token: string;
let processId: string;
let meetingId: string;
let smallMeetingId: string;
let big: { clusterIds: string[]; participantTokens: string[] };
let small: ScriptedMeeting;

test.beforeAll(async () => {
	test.setTimeout(240_000);
	await createModeratorWithCli(OWNER);
	await createModeratorWithCli(HELPER);
	await withApi(async (api) => {
		token = await apiSignIn(api, OWNER);
		const headers = { authorization: `Bearer ${token}` };
		processId = (await (await api.post('/api/v1/processes', { headers, data: { title: PROCESS } })).json()).process.id;
		const plan = async (themeTitle: string) => {
			const created = await api.post(`/api/v1/processes/${processId}/meetings`, { headers, data: { themeTitle, notesPrivateUntilReveal: false } });
			expect(created.status()).toBe(201);
			return (await created.json()).meeting as { id: string; joinCode: string };
		};
		const [bigPlanned, smallPlanned] = [await plan(THEME), await plan(SMALL_THEME)];
		meetingId = bigPlanned.id;
		smallMeetingId = smallPlanned.id;
		// Both meetings are run over the API and socket.io as their moderator and participants would, and closed.
		big = await seedBigMeeting(bigPlanned);
		small = await runMeetingScript(BASE, { ...smallPlanned, moderatorToken: token }, smallMeeting);
	});
});

/** A button's name: its visible text and, visually hidden, what it acts on (the accessible name may put a space before the colon). */
const acting = (visible: string, on: string) => new RegExp(`^${visible} ?: ${on.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** Presses Enter on `target` after reaching it with Tab. */
async function press(page: Page, target: Locator, key = 'Enter') {
	await tabToward(page, target);
	await page.keyboard.press(key);
}

test('the owner defines, renames and removes the process’s shared categories with the keyboard, and problems are announced at the field', async ({
	page
}) => {
	await page.context().addCookies([sessionCookie(token)]);
	await page.goto(`/processes/${processId}`);
	const section = page.getByRole('region', { name: 'Gemensamma kategorier' });
	await expect(section.getByText('Processen har inga kategorier ännu.')).toBeVisible();
	await expectNoAxeViolations(page, 'process page without categories');

	const add = page.getByRole('form', { name: 'Lägg till en kategori' });
	const name = add.getByLabel('Namn');
	// What was done is said in the page's one status message.
	const status = page.getByRole('status');
	for (const category of ['Kompetens', 'Livsmiljöer', 'Tillgängligt', 'Att ta bort']) {
		await typeInto(page, name, category);
		await page.keyboard.press('Enter');
		await expect(status).toHaveText(`Kategorin ${category} är tillagd.`);
		// The form is empty again for the next one.
		await expect(name).toHaveValue('');
	}

	// An empty name and a name the process already has (in another case) are refused at the field:
	// announced, named by the field's description, and the field has focus.
	await typeInto(page, name, '   ');
	await page.keyboard.press('Enter');
	await expect(add.getByRole('alert').filter({ hasText: 'Skriv ett namn.' })).toBeVisible();
	await expect(name).toBeFocused();
	await expect(name).toHaveAttribute('aria-invalid', 'true');
	await expect(name).toHaveAccessibleDescription(/Skriv ett namn\./);
	await expectNoAxeViolations(page, 'a refused category name');
	await typeInto(page, name, 'KOMPETENS');
	await page.keyboard.press('Enter');
	await expect(name).toHaveAccessibleDescription(/Processen har redan en kategori med det namnet\./);
	await expect(name).toHaveValue('KOMPETENS');

	// Renamed in its own form; the tags it may have stay (the server keeps its id).
	const typo = page.getByRole('group', { name: 'Ändra Tillgängligt' });
	await typeInto(page, typo.getByLabel('Namn'), 'Tillgänglighet');
	await typeInto(page, typo.getByLabel('Beskrivning (valfri)'), 'Fokusområde 3: hela länet når service');
	await page.keyboard.press('Enter');
	await expect(status).toHaveText('Kategorin är sparad.');
	await expect(page.getByRole('group', { name: 'Ändra Tillgänglighet' })).toBeVisible();

	// Removed; focus goes to the section's heading, not to the page's start.
	await press(page, page.getByRole('button', { name: acting('Ta bort', 'Att ta bort') }));
	await expect(status).toHaveText('Kategorin är borttagen, och grupperna som var märkta med den har tappat märkningen.');
	await expect(page.getByRole('heading', { name: 'Gemensamma kategorier' })).toBeFocused();

	await page.reload();
	const list = page.getByRole('list', { name: 'Processens kategorier' });
	await expect(list.getByRole('group')).toHaveText([/Ändra Kompetens/, /Ändra Livsmiljöer/, /Ändra Tillgänglighet/]);
	await expect(page.getByRole('group', { name: 'Ändra Tillgänglighet' }).getByLabel('Beskrivning (valfri)')).toHaveValue('Fokusområde 3: hela länet når service');
	await expectNoAxeViolations(page, 'process page with three categories');

	// A category another owner removed meanwhile: its save is refused beside its Save button.
	const temporary = await withApi(async (api) => {
		const created = await api.post(`/api/v1/processes/${processId}/categories`, { headers: { authorization: `Bearer ${token}` }, data: { name: 'Tillfällig' } });
		expect(created.status()).toBe(201);
		return (await created.json()).category.id as string;
	});
	await page.reload();
	const gone = page.getByRole('group', { name: 'Ändra Tillfällig' });
	await withApi(async (api) => {
		expect((await api.delete(`/api/v1/processes/${processId}/categories/${temporary}`, { headers: { authorization: `Bearer ${token}` } })).status()).toBe(204);
	});
	await typeInto(page, gone.getByLabel('Namn'), 'Tillfällig igen');
	await press(page, gone.getByRole('button', { name: acting('Spara', 'Tillfällig') }));
	await expect(gone.getByRole('alert').filter({ hasText: 'Kategorin finns inte längre. Ladda om sidan.' })).toBeVisible();
	await expectNoAxeViolations(page, 'a refused save of a removed category');
	await page.reload();
	await expect(list.getByRole('group')).toHaveCount(3);
});

test('a moderator tags the groups of a 160-idea meeting with the keyboard; the tags stay after a reload and reach the synthesis and its downloads', async ({
	page
}) => {
	test.setTimeout(180_000);
	await page.setViewportSize({ width: 1440, height: 900 });
	await page.context().addCookies([sessionCookie(token)]);
	const categories = await withApi(async (api) => {
		const answer = await api.get(`/api/v1/processes/${processId}/categories`, { headers: { authorization: `Bearer ${token}` } });
		return (await answer.json()).categories as { id: string; name: string }[];
	});
	expect(categories.map((c) => c.name)).toEqual(['Kompetens', 'Livsmiljöer', 'Tillgänglighet']);

	// From the board, where the moderator works with the groups, to the tagging page.
	await page.goto(`/m/${meetingId}`);
	await expect(page.getByRole('heading', { level: 1, name: THEME })).toBeVisible();
	await press(page, page.getByRole('link', { name: 'Märk grupperna med kategorier' }));
	await expect(page.getByRole('heading', { level: 1, name: 'Märk grupperna med kategorier' })).toBeVisible();
	const groups = page.getByRole('list', { name: 'Mötets grupper' }).getByRole('listitem');
	await expect(groups).toHaveCount(GROUP_TITLES.length);
	await expectNoAxeViolations(page, 'tagging page of a 160-idea meeting');

	const group = (title: string) => page.getByRole('group', { name: `Kategorier för ${title}` });
	const tag = async (title: string, names: string[]) => {
		for (const name of names) {
			const box = group(title).getByRole('checkbox', { name });
			await press(page, box, 'Space');
			await expect(box).toBeChecked();
		}
		await press(page, page.getByRole('button', { name: acting('Spara', title) }));
		await expect(page.getByRole('status').filter({ hasText: `Kategorierna för ${title} är sparade.` })).toBeVisible();
		await expect(group(title)).toHaveAccessibleDescription(new RegExp(`Märkt med: ${names.join(', ')}$`));
	};
	await expect(group(GROUP_TITLES[0])).toContainText('Plats 1');
	await expect(group(GROUP_TITLES[0])).toContainText('Idéer: 20');
	await tag(GROUP_TITLES[0], ['Kompetens']);
	await tag(GROUP_TITLES[3], ['Kompetens', 'Tillgänglighet']);
	await tag(GROUP_TITLES[6], ['Livsmiljöer']);
	// A tag taken off again: the group ends up with none.
	await tag(GROUP_TITLES[7], ['Tillgänglighet']);
	await press(page, group(GROUP_TITLES[7]).getByRole('checkbox', { name: 'Tillgänglighet' }), 'Space');
	await press(page, page.getByRole('button', { name: acting('Spara', GROUP_TITLES[7]) }));
	await expect(group(GROUP_TITLES[7])).toHaveAccessibleDescription(/Inte märkt med någon kategori\.$/);

	await page.reload();
	await expect(group(GROUP_TITLES[0]).getByRole('checkbox', { name: 'Kompetens' })).toBeChecked();
	await expect(group(GROUP_TITLES[0]).getByRole('checkbox', { name: 'Livsmiljöer' })).not.toBeChecked();
	await expect(group(GROUP_TITLES[3])).toContainText('Märkt med: Kompetens, Tillgänglighet');
	await expect(group(GROUP_TITLES[6])).toContainText('Märkt med: Livsmiljöer');
	await expect(group(GROUP_TITLES[7])).toContainText('Inte märkt med någon kategori.');
	await expect(group(GROUP_TITLES[1])).toContainText('Inte märkt med någon kategori.');
	await expectNoAxeViolations(page, 'tagging page after a reload');

	// The other theme's housing group is about the same concern: tagged over the API, as the
	// strategy team's script would.
	await withApi(async (api) => {
		const livsmiljo = categories.find((c) => c.name === 'Livsmiljöer')!;
		const put = await api.put(`/api/v1/meetings/${smallMeetingId}/clusters/${small.clusterIds[0]}/categories`, {
			headers: { authorization: `Bearer ${token}` },
			data: { categoryIds: [livsmiljo.id] }
		});
		expect(put.status()).toBe(200);
	});

	// The synthesis page: the same concern across themes, one row per category and tagged group.
	await page.goto(`/processes/${processId}/synthesis`);
	const table = page.getByRole('table', { name: 'Grupper per kategori med tema, plats och stöd' });
	const rows = table.getByRole('row').filter({ has: page.getByRole('rowheader') });
	await expect(rows).toHaveCount(5);
	const cells = (n: number) => rows.nth(n).getByRole('cell');
	await expect(rows.nth(0).getByRole('rowheader')).toContainText('Kompetens (1 teman)');
	await expect(cells(0)).toHaveText([THEME, '1', `${GROUP_TITLES[0]} Topprioritet`, /^\d+$/]);
	await expect(cells(1)).toHaveText([THEME, '4', GROUP_TITLES[3], /^\d+$/]);
	await expect(rows.nth(2).getByRole('rowheader')).toContainText('Livsmiljöer (2 teman)');
	await expect(cells(2)).toHaveText([THEME, '7', GROUP_TITLES[6], /^\d+$/]);
	await expect(cells(3)).toHaveText([SMALL_THEME, '1', 'Bostäder för nyanställda Topprioritet', /^\d+$/]);
	await expect(rows.nth(4).getByRole('rowheader')).toContainText('Tillgänglighet (1 teman)');
	await expect(cells(4)).toHaveText([THEME, '4', GROUP_TITLES[3], /^\d+$/]);
	await expectNoAxeViolations(page, 'synthesis page with categories');

	// The downloads the page offers carry the same tags (PROTOCOL.md: the Markdown's "Samma fråga i
	// flera teman", each group's "Kategorier", the workbook's "Kategorier" sheet, the JSON's categories).
	const markdown = await (await page.request.get(`/processes/${processId}/synthesis/synthesis.md`)).text();
	expect(markdown).toContain('## Samma fråga i flera teman');
	expect(markdown).toContain('### Livsmiljöer (2 teman)');
	expect(markdown).toContain('**Kategorier:** Kompetens, Tillgänglighet');
	const json = await (await page.request.get(`/processes/${processId}/synthesis/synthesis.json`)).json();
	expect(json.categories.map((c: { name: string; themes: number }) => [c.name, c.themes])).toEqual([
		['Kompetens', 1],
		['Livsmiljöer', 2],
		['Tillgänglighet', 1]
	]);
	const workbook = new ExcelJS.Workbook();
	await workbook.xlsx.load(new Uint8Array(await (await page.request.get(`/processes/${processId}/synthesis/synthesis.xlsx`)).body()).buffer);
	const sheet = workbook.getWorksheet('Kategorier')!;
	const tagged = sheet.getSheetValues().slice(2).map((row) => [(row as unknown[])[1], (row as unknown[])[6]]);
	expect(tagged).toEqual([
		['Kompetens', GROUP_TITLES[0]],
		['Kompetens', GROUP_TITLES[3]],
		['Livsmiljöer', GROUP_TITLES[6]],
		['Livsmiljöer', 'Bostäder för nyanställda'],
		['Tillgänglighet', GROUP_TITLES[3]]
	]);
});

test('without JavaScript the category and tagging forms still work as plain forms', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'sv-SE' });
	try {
		await context.addCookies([sessionCookie(token)]);
		const page = await context.newPage();
		await page.goto(`/processes/${processId}`);
		const add = page.getByRole('form', { name: 'Lägg till en kategori' });
		await add.getByLabel('Namn').fill('Utan skript');
		await add.getByRole('button', { name: 'Lägg till kategorin' }).click();
		await expect(page.getByRole('status')).toHaveText('Kategorin Utan skript är tillagd.');
		await add.getByLabel('Namn').fill('utan SKRIPT');
		await add.getByRole('button', { name: 'Lägg till kategorin' }).click();
		await expect(add.getByLabel('Namn')).toHaveAccessibleDescription(/Processen har redan en kategori med det namnet\./);
		// (No axe here: it runs as a script in the page. The same views were checked with JavaScript.)
		await page.getByRole('button', { name: acting('Ta bort', 'Utan skript') }).click();
		await expect(page.getByRole('group', { name: 'Ändra Utan skript' })).toHaveCount(0);

		await page.goto(`/processes/${processId}/meetings/${meetingId}/categories`);
		const last = page.getByRole('group', { name: `Kategorier för ${GROUP_TITLES[7]}` });
		await last.getByRole('checkbox', { name: 'Livsmiljöer' }).check();
		await page.getByRole('button', { name: acting('Spara', GROUP_TITLES[7]) }).click();
		await expect(page.getByRole('status').filter({ hasText: `Kategorierna för ${GROUP_TITLES[7]} är sparade.` })).toBeVisible();
		await expect(last).toContainText('Märkt med: Livsmiljöer');
		await last.getByRole('checkbox', { name: 'Livsmiljöer' }).uncheck();
		await page.getByRole('button', { name: acting('Spara', GROUP_TITLES[7]) }).click();
		await expect(last).toContainText('Inte märkt med någon kategori.');
	} finally {
		await context.close();
	}
});

test('only the process’s moderators may tag: a participant is refused by the API and sent to sign in by the tagging page', async ({ page }) => {
	const participantToken = big.participantTokens[0];
	await withApi(async (api) => {
		const put = await api.put(`/api/v1/meetings/${meetingId}/clusters/${big.clusterIds[1]}/categories`, {
			headers: { authorization: `Bearer ${participantToken}` },
			data: { categoryIds: [] }
		});
		expect(put.status()).toBe(401);
		expect((await put.json()).code).toBe('UNAUTHENTICATED');
	});
	// The participant's own board cookie does not make them a moderator.
	await page.context().addCookies([
		{ name: `samla_p_${meetingId.replace(/-/g, '')}`, value: participantToken, url: BASE, httpOnly: true, sameSite: 'Lax' }
	]);
	await page.goto(`/m/${meetingId}`);
	await expect(page.getByRole('heading', { level: 1, name: THEME })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Märk grupperna med kategorier' })).toHaveCount(0);
	await page.goto(`/processes/${processId}/meetings/${meetingId}/categories`);
	await expect(page).toHaveURL(/\/sign-in\?redirectTo=/);
	// Nothing changed: the group the participant aimed at still carries no tag, and the first keeps its own.
	await withApi(async (api) => {
		const input = await (await api.get(`/api/v1/meetings/${meetingId}/theme-input`, { headers: { authorization: `Bearer ${token}` } })).json();
		const byTitle = new Map(input.clusters.map((c: { title: string; categories: { name: string }[] }) => [c.title, c.categories.map((t) => t.name)]));
		expect(byTitle.get(GROUP_TITLES[0])).toEqual(['Kompetens']);
		expect(byTitle.get(GROUP_TITLES[1])).toEqual([]);
	});
});

test('a moderator who is not an owner sees the categories and tags groups, but may not change the list', async ({ browser, page }) => {
	await page.context().addCookies([sessionCookie(token)]);
	await page.goto(`/processes/${processId}`);
	const add = page.getByRole('form', { name: 'Lägg till en moderator' });
	await typeInto(page, add.getByLabel('E-postadress'), HELPER.email);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status')).toHaveText(`${HELPER.name} är nu moderator för processen.`);

	const helperToken = await withApi((api) => apiSignIn(api, HELPER));
	const context = await browser.newContext({ locale: 'sv-SE' });
	try {
		await context.addCookies([sessionCookie(helperToken)]);
		const helper = await context.newPage();
		await helper.goto(`/processes/${processId}`);
		const section = helper.getByRole('region', { name: 'Gemensamma kategorier' });
		await expect(section.getByRole('list', { name: 'Processens kategorier' }).getByRole('listitem')).toHaveText([
			'Kompetens',
			'Livsmiljöer',
			'Tillgänglighet – Fokusområde 3: hela länet når service'
		]);
		await expect(section.getByText('Bara processens ägare lägger till, ändrar och tar bort kategorier.')).toBeVisible();
		await expect(section.getByRole('textbox')).toHaveCount(0);
		await expectNoAxeViolations(helper, 'process page of a moderator who is not an owner');
		// A form posted anyway is refused by the server, and the list stays as it was.
		const forged = await helper.request.post(`/processes/${processId}?/addCategory`, {
			headers: { origin: BASE, accept: 'text/html' },
			form: { name: 'Smugglad', description: '' }
		});
		expect(forged.status()).toBe(403);
		expect(await forged.text()).toContain('Bara processens ägare kan ändra kategorierna.');
		await helper.reload();
		await expect(section.getByRole('listitem')).toHaveCount(3);

		// Tagging is any moderator's work.
		await helper.goto(`/processes/${processId}/meetings/${meetingId}/categories`);
		const second = helper.getByRole('group', { name: `Kategorier för ${GROUP_TITLES[1]}` });
		await press(helper, second.getByRole('checkbox', { name: 'Livsmiljöer' }), 'Space');
		await press(helper, helper.getByRole('button', { name: acting('Spara', GROUP_TITLES[1]) }));
		await expect(second).toHaveAccessibleDescription(/Märkt med: Livsmiljöer$/);
	} finally {
		await context.close();
	}
});

test('an archived meeting’s groups can still be tagged: the board links to the tagging page as its meeting page does, which says the tags reach the synthesis once restored', async ({
	page
}) => {
	const archive = (archived: boolean) =>
		withApi(async (api) => {
			const answer = await api.post(`/api/v1/meetings/${smallMeetingId}/archive`, { headers: { authorization: `Bearer ${token}` }, data: { archived } });
			expect(answer.status()).toBe(200);
		});
	await archive(true);
	try {
		await page.context().addCookies([sessionCookie(token)]);
		await page.goto(`/processes/${processId}/meetings/${smallMeetingId}`);
		await expect(page.getByText('Mötet är arkiverat och visas inte i processens lista.')).toBeVisible();
		await expect(page.getByRole('link', { name: 'Märk grupperna med kategorier' })).toBeVisible();

		// The archived board: read only, no moderator controls, but the way to the tagging page.
		await page.goto(`/m/${smallMeetingId}`);
		await expect(page.getByRole('heading', { level: 1, name: SMALL_THEME })).toBeVisible();
		await expect(page.getByRole('button', { name: /^Nästa fas/ })).toHaveCount(0);
		await press(page, page.getByRole('link', { name: 'Märk grupperna med kategorier' }));
		await expect(page.getByRole('heading', { level: 1, name: 'Märk grupperna med kategorier' })).toBeVisible();
		await expect(page.getByText('Mötet är arkiverat. Du kan märka dess grupper, men de kommer med i syntesen först när mötet återställs.')).toBeVisible();
		const evening = page.getByRole('group', { name: 'Kategorier för Kollektivtrafik på kvällen' });
		await press(page, evening.getByRole('checkbox', { name: 'Tillgänglighet' }), 'Space');
		await press(page, page.getByRole('button', { name: acting('Spara', 'Kollektivtrafik på kvällen') }));
		await expect(evening).toHaveAccessibleDescription(/Märkt med: Tillgänglighet$/);
		await expectNoAxeViolations(page, 'tagging page of an archived meeting');
	} finally {
		await archive(false);
	}
	// Restored, the meeting's new tag is in the synthesis.
	await page.goto(`/processes/${processId}/synthesis`);
	const table = page.getByRole('table', { name: 'Grupper per kategori med tema, plats och stöd' });
	await expect(table.getByRole('row').filter({ hasText: 'Kollektivtrafik på kvällen' })).toHaveCount(1);
});
