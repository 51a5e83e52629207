import { expect, test } from '@playwright/test';
import { runMeetingScript, type MeetingScript } from '../integration/meeting-script';
import { apiSignIn, BASE, cli, createModeratorWithCli, expectNoAxeViolations, sessionCookie, withApi } from './helpers';

// Issue 5's acceptance: the strategy team's synthesis page for the seeded demo process, with two
// of its meetings run in the test, shows both themes' priorities and the participation matrix;
// axe finds nothing; the data is also a table.

const MODERATOR = { email: 'strategi-e2e@region.example', name: 'Stina Strateg', password: 'a long e2e passphrase for the synthesis' };

/** Six from Umeå (business), three from Lycksele (civil society), two from Vilhelmina (academia). */
const participants: MeetingScript['participants'] = [
	...['Anna', 'Bo', 'Cia', 'Dan', 'Eva', 'Fia'].map((name) => ({
		displayName: `${name} i Umeå`,
		sectorCode: 'business',
		municipalityCode: '2480',
		attendance: 'on_site' as const
	})),
	...['Gun', 'Hans', 'Ivar'].map((name) => ({
		displayName: `${name} i Lycksele`,
		sectorCode: 'civil_society',
		municipalityCode: '2481',
		attendance: 'remote' as const
	})),
	...['Jon', 'Kim'].map((name) => ({
		displayName: `${name} i Vilhelmina`,
		sectorCode: 'academia',
		municipalityCode: '2462',
		attendance: 'remote' as const
	}))
];

const labourMarket: MeetingScript = {
	participants,
	clusters: [
		{ title: 'Validering av kompetens', ideas: [{ by: 0, text: 'Snabbare validering av utländsk utbildning' }] },
		{ title: 'Yrkesutbildning i hela länet', ideas: [{ by: 6, text: 'Distansutbildning med lokala lärcentrum' }] }
	],
	votes: [
		{ by: 1, on: 1 },
		{ by: 2, on: 1 },
		{ by: 7, on: 0 }
	],
	ranking: [1, 0],
	rationales: { 1: 'Kompetens ska gå att skaffa där man bor' },
	top: [1]
};

const culture: MeetingScript = {
	participants,
	clusters: [
		{ title: 'Kultur i skolan', ideas: [{ by: 3, text: 'Kulturskola i varje kommun' }] },
		{ title: 'Samlingslokaler', ideas: [{ by: 8, text: 'Rusta upp bygdegårdarna' }] }
	],
	votes: [
		{ by: 4, on: 0 },
		{ by: 8, on: 1 },
		{ by: 5, on: 1 }
	],
	ranking: [1, 0],
	top: [1]
};

let processId: string;
let token: string;
let themes: string[];
let columns: number;
let firstMeetingId: string;

test.beforeAll(async () => {
	await createModeratorWithCli(MODERATOR);
	expect(await cli(['seed-demo', '--owner', MODERATOR.email])).toContain('demo process');
	await withApi(async (api) => {
		token = await apiSignIn(api, MODERATOR);
		const headers = { authorization: `Bearer ${token}` };
		const { processes } = await (await api.get('/api/v1/processes', { headers })).json();
		processId = processes.find((p: { title: string }) => p.title.startsWith('Regional utvecklingsstrategi')).id;
		const { meetings } = await (await api.get(`/api/v1/processes/${processId}/meetings`, { headers })).json();
		const [first, , , , , , , cultural] = meetings as { id: string; joinCode: string; themeTitle: string }[];
		themes = [first.themeTitle, cultural.themeTitle];
		columns = meetings.length;
		firstMeetingId = first.id;
		// Two of the nine meetings are run now, by socket.io as the moderator and the participants would.
		await runMeetingScript(BASE, { ...first, moderatorToken: token }, labourMarket);
		await runMeetingScript(BASE, { ...cultural, moderatorToken: token }, culture);
	});
});

test('the synthesis page shows both themes’ priorities, traceable to their ideas, and who was heard where', async ({ page }) => {
	await page.context().addCookies([sessionCookie(token)]);
	await page.goto(`/processes/${processId}`);
	await page.getByRole('link', { name: 'Syntes över alla teman' }).click();
	await expect(page.getByRole('heading', { level: 1, name: 'Syntes över alla teman' })).toBeVisible();
	await expectNoAxeViolations(page);

	// Both themes' priorities side by side, in one table, each with its theme and rank.
	const priorities = page.getByRole('table', { name: 'Prioriteringarna i alla teman med tema, plats och röster' });
	const row = (title: string) => priorities.getByRole('row').filter({ has: page.getByRole('rowheader', { name: new RegExp(title) }) });
	await expect(row('Yrkesutbildning i hela länet')).toContainText(themes[0]);
	await expect(row('Yrkesutbildning i hela länet')).toContainText('Topprioritet');
	await expect(row('Yrkesutbildning i hela länet').getByRole('cell').nth(1)).toHaveText('1');
	await expect(row('Samlingslokaler')).toContainText(themes[1]);
	await expect(row('Kultur i skolan').getByRole('cell').nth(1)).toHaveText('2');
	await expect(page.getByText('Kompetens ska gå att skaffa där man bor')).toBeVisible();
	// A priority's title and its mark read as words apart, in the table and in each meeting's list.
	await expect(row('Yrkesutbildning i hela länet').getByRole('rowheader')).toContainText('Yrkesutbildning i hela länet Topprioritet');
	const firstMeeting = page.getByRole('article', { name: themes[0] });
	await expect(firstMeeting.getByRole('listitem').first()).toHaveText('Yrkesutbildning i hela länet – Topprioritet (2 röster)');

	// Each priority leads back to the ideas it came from.
	const ideas = row('Samlingslokaler').getByText('Visa idéerna (1)');
	await ideas.click();
	await expect(row('Samlingslokaler').getByText('Rusta upp bygdegårdarna')).toBeVisible();

	// Searching filters as you type, and says how many are shown.
	await page.getByRole('searchbox', { name: 'Sök bland prioriteringarna' }).fill('bygdegård');
	await expect(page.getByRole('status').filter({ hasText: 'prioriteringar visas' })).toHaveText('1 av 4 prioriteringar visas.');
	await expect(row('Samlingslokaler')).toBeVisible();
	await expect(row('Yrkesutbildning i hela länet')).toHaveCount(0);

	// The participation matrix is a real table: numbers in shaded cells, small groups as "<5".
	const municipalities = page.getByRole('table', { name: 'Deltagare per kommun och tema' });
	await expect(municipalities.getByRole('columnheader', { name: themes[0] })).toBeVisible();
	await expect(municipalities.getByRole('columnheader', { name: themes[1] })).toBeVisible();
	const umea = municipalities.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Umeå' }) });
	// Columns in date order, only the meetings held: the first and the eighth (cultural life);
	// the seven not held are listed once, by name (issue 12).
	await expect(umea.getByRole('cell')).toHaveText(['6', '6']);
	await expect(page.getByRole('list', { name: 'Möten som inte hållits ännu' }).getByRole('listitem')).toHaveCount(columns - 2);
	const lycksele = municipalities.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Lycksele' }) });
	await expect(lycksele.getByRole('cell').first()).toHaveText('<5färre än 5');
	const sectors = page.getByRole('table', { name: 'Deltagare per sektor och tema' });
	await expect(sectors.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'Näringsliv' }) }).getByRole('cell').first()).toHaveText('6');
	await expectNoAxeViolations(page);
});

test('a moderator downloads a closed meeting’s theme input and purges its personal data, confirming first', async ({ page }) => {
	await page.context().addCookies([sessionCookie(token)]);
	// The owner records the retention decision the purge follows, with the keyboard.
	await page.goto(`/processes/${processId}`);
	const retention = page.getByRole('form', { name: 'Gallringsbeslut' });
	await expect(page.getByText('Inget gallringsbeslut är angivet.')).toBeVisible();
	await retention.getByLabel('Gallringsbeslut (diarienummer eller hänvisning)').fill('x'.repeat(301));
	await retention.getByLabel('Gallringsbeslut (diarienummer eller hänvisning)').press('Enter');
	await expect(retention.getByRole('alert')).toHaveText('Hänvisningen får vara högst 300 tecken.');
	await expectNoAxeViolations(page);
	await retention.getByLabel('Gallringsbeslut (diarienummer eller hänvisning)').fill('RS 2026/123 § 4');
	await retention.getByLabel('Gallringsbeslut (diarienummer eller hänvisning)').press('Enter');
	await expect(page.getByRole('status')).toHaveText('Gallringsbeslutet är sparat.');
	await expect(page.getByText('Gällande beslut: RS 2026/123 § 4')).toBeVisible();
	await expectNoAxeViolations(page);

	await page.goto(`/processes/${processId}/meetings/${firstMeetingId}`);
	const panel = page.getByRole('region', { name: 'Temaunderlag' });
	const download = page.waitForEvent('download');
	await panel.getByRole('link', { name: /^CSV \(semikolon\) för svensk Excel/ }).click();
	expect((await download).suggestedFilename()).toMatch(/^samla-.*-semikolon\.csv$/);
	const workbook = page.waitForEvent('download');
	await panel.getByRole('link', { name: /^Excel-arbetsbok/ }).click();
	expect((await workbook).suggestedFilename()).toMatch(/^samla-.*\.xlsx$/);
	await expectNoAxeViolations(page);
	await expect(page.getByText('Anna i Umeå').first()).toBeVisible();

	const purge = panel.getByRole('form', { name: 'Rensa personuppgifter' });
	await purge.getByRole('checkbox', { name: 'Jag förstår att rensningen inte går att ångra' }).check();
	await purge.getByRole('button', { name: 'Rensa personuppgifter' }).click();
	await expect(panel.getByRole('status')).toHaveText('Personuppgifterna i mötet är rensade.');
	await expect(panel.getByText('Personuppgifterna i mötet är rensade. Underlaget och antalen finns kvar.')).toBeVisible();
	await expect(page.getByText('Anna i Umeå')).toHaveCount(0);
	await expect(page.getByText('Deltagare 1', { exact: true }).first()).toBeVisible();
	await expectNoAxeViolations(page);
	// The synthesis is unchanged by the purge.
	await page.goto(`/processes/${processId}/synthesis`);
	await expect(page.getByRole('rowheader', { name: /Yrkesutbildning i hela länet/ })).toBeVisible();
});

test('without JavaScript, the search works through the address (?q=)', async ({ browser }) => {
	const context = await browser.newContext({ javaScriptEnabled: false, locale: 'sv-SE' });
	await context.addCookies([sessionCookie(token)]);
	const page = await context.newPage();
	await page.goto(`/processes/${processId}/synthesis`);
	await page.getByRole('searchbox', { name: 'Sök bland prioriteringarna' }).fill('validering');
	await page.getByRole('button', { name: 'Sök' }).click();
	await expect(page).toHaveURL(/\?q=validering/);
	await expect(page.getByText('1 av 4 prioriteringar visas.')).toBeVisible();
	await expect(page.getByRole('rowheader', { name: /Validering av kompetens/ })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: /Samlingslokaler/ })).toHaveCount(0);
	// (axe needs JavaScript; the same page was checked with it above.)
	await context.close();
});
