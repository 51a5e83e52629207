import { spawn } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { expect, request, test, type Browser, type Locator, type Page } from '@playwright/test';
import { formatJoinCode, normaliseJoinCode } from '../../src/lib/join-code';
import { E2E_DATA_DIR, E2E_PORT } from './env';

// Issue 4's acceptance: a moderator runs a whole meeting in the browser – private brainstorm →
// reveal → group → vote (hidden) → reveal → rank → close – with three participants (one on a
// phone) and the projector. Each role sees only its controls in each phase; voting and reordering
// are done with the keyboard alone; axe finds nothing on any view in any phase.

const EMAIL = 'facilitation-e2e@region.example';
const NAME = 'Frida Facilitator';
const PASSWORD = 'a long e2e passphrase for facilitation';
const THEME = 'Digital region (facilitering e2e)';
const BASE = `http://localhost:${E2E_PORT}`;

function createModeratorWithCli(): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'create-moderator', '--email', EMAIL, '--name', NAME], {
			env: { ...process.env, DATA_DIR: E2E_DATA_DIR, DATABASE_URL: '', SAMLA_LOG: 'silent' },
			stdio: ['pipe', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.once('error', reject);
		child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`create-moderator exited ${code}:\n${output}`))));
		child.stdin.end(`${PASSWORD}\n`);
	});
}

/** axe on every open view at once (they are separate browser contexts). */
async function expectNoAxeViolations(...pages: Page[]) {
	const results = await Promise.all(
		pages.map((page) => new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze())
	);
	for (const [i, result] of results.entries()) expect(result.violations, `axe on ${pages[i].url()}`).toEqual([]);
}

/** Presses Tab until `target` has focus, as a keyboard user would. */
async function tabTo(page: Page, target: Locator, { limit = 150 } = {}) {
	for (let presses = 0; presses < limit; presses++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((element) => element === document.activeElement)) return;
	}
	throw new Error('Tab never reached the element');
}

async function join(browser: Browser, code: string, name: string, options: { phone: boolean }): Promise<Page> {
	const context = await browser.newContext(
		options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'sv-SE' } : { locale: 'sv-SE' }
	);
	const page = await context.newPage();
	await page.goto(`/join/${code}`);
	await page.getByLabel(/Ditt namn på tavlan/).fill(name);
	await page.getByRole('radio', { name: options.phone ? 'På plats' : 'På distans' }).check();
	await page.getByRole('button', { name: 'Gå med i mötet' }).click();
	await expect(page.getByRole('heading', { level: 1, name: THEME })).toBeVisible();
	return page;
}

const board = (page: Page) => page.getByRole('region', { name: 'Tavlan' });
const mine = (page: Page) => page.getByRole('region', { name: 'Mina idéer' });
const card = (area: Locator, text: string) => area.getByRole('listitem').filter({ hasText: text });
const group = (page: Page, title: string) => board(page).getByRole('region', { name: title });
const phaseHeading = (page: Page, phase: string) => page.getByRole('heading', { level: 2, name: `Nu: ${phase}` });
const ranking = (page: Page) => page.getByRole('region', { name: 'Prioriteringslista' });
const timer = (page: Page) => page.getByRole('timer', { name: 'Tid kvar' });

/** What a participant may do shows; nothing else does. */
async function expectParticipantControls(page: Page, may: { write: boolean; vote: boolean }) {
	await expect(page.getByLabel('Din idé', { exact: true })).toHaveCount(may.write ? 1 : 0);
	if (may.vote) await expect(page.getByRole('button', { name: 'Lägg röst' }).first()).toBeVisible();
	else await expect(page.getByRole('button', { name: 'Lägg röst' })).toHaveCount(0);
	for (const moderatorOnly of ['Styr mötet', 'Nedräkning', 'Händelselogg', 'Dolda och borttagna idéer']) {
		await expect(page.getByRole('region', { name: moderatorOnly })).toHaveCount(0);
	}
	await expect(page.getByRole('button', { name: /^Nästa fas/ })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Flytta upp' })).toHaveCount(0);
	await expect(page.getByRole('button', { name: 'Flytta', exact: true })).toHaveCount(0);
	await expect(page.getByText('Moderera', { exact: true })).toHaveCount(0);
}

let meeting: { id: string; joinCode: string };

test.beforeAll(async () => {
	await createModeratorWithCli();
	const api = await request.newContext({ baseURL: BASE });
	try {
		const signedIn = await api.post('/api/v1/auth/sign-in', { data: { email: EMAIL, password: PASSWORD } });
		expect(signedIn.status()).toBe(200);
		const headers = { authorization: `Bearer ${(await signedIn.json()).token}` };
		const created = await api.post('/api/v1/processes', { headers, data: { title: 'RUS 2020–2040 (facilitering e2e)' } });
		expect(created.status()).toBe(201);
		const { process } = await created.json();
		const planned = await api.post(`/api/v1/processes/${process.id}/meetings`, {
			headers,
			data: { themeTitle: THEME, notesPrivateUntilReveal: true, whoMayGroup: 'moderators', votesPerParticipant: 5, maxVotesPerItem: 3 }
		});
		expect(planned.status()).toBe(201);
		meeting = (await planned.json()).meeting;
	} finally {
		await api.dispose();
	}
});

test('a moderator runs a whole meeting with three participants and the projector, every role seeing only its controls', async ({
	browser,
	page: moderator
}) => {
	test.setTimeout(150_000);

	// The moderator signs in, opens the board and makes the projector link.
	await moderator.goto(`/sign-in?redirectTo=/m/${meeting.id}`);
	await moderator.getByLabel('E-postadress').fill(EMAIL);
	await moderator.getByLabel('Lösenord').fill(PASSWORD);
	await moderator.getByRole('button', { name: 'Logga in' }).click();
	await expect(moderator).toHaveURL(`/m/${meeting.id}`);
	await expect(phaseHeading(moderator, 'Utkast')).toBeVisible();
	await moderator.getByRole('button', { name: 'Skapa projektorlänk' }).click();
	const linkField = moderator.getByLabel('Projektorlänk', { exact: true });
	await expect(linkField).toHaveValue(new RegExp(`/projector/${meeting.id}\\?key=`));

	// The room's big screen opens it: the join code, large.
	const screen = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'sv-SE' });
	const projector = await screen.newPage();
	await projector.goto(await linkField.inputValue());
	await expect(projector.getByTestId('projector-join-code')).toHaveText(formatJoinCode(meeting.joinCode));
	await expect(projector.getByRole('img', { name: /QR-kod/ })).toBeVisible();
	await expect(projector.getByRole('button')).toHaveCount(0);

	// Three participants join with the code, Anna on a phone.
	const code = normaliseJoinCode(meeting.joinCode);
	const anna = await join(browser, code, 'Anna i Skellefteå', { phone: true });
	const bo = await join(browser, code, 'Bo i Lycksele', { phone: false });
	const cia = await join(browser, code, 'Cia i Vännäs', { phone: false });
	const participants = [anna, bo, cia];
	for (const page of participants) {
		await expect(phaseHeading(page, 'Utkast')).toBeVisible();
		await expectParticipantControls(page, { write: false, vote: false });
	}
	await expectNoAxeViolations(moderator, anna, bo, projector);

	// Brainstorm, private, with a countdown everyone sees the same.
	await moderator.getByRole('button', { name: 'Nästa fas: Idéinsamling' }).click();
	for (const page of [...participants, projector]) await expect(phaseHeading(page, 'Idéinsamling')).toBeVisible();
	await moderator.getByLabel('Minuter').fill('10');
	await moderator.getByRole('button', { name: 'Starta nedräkningen' }).click();
	for (const page of [moderator, ...participants, projector]) await expect(timer(page)).toHaveText(/^(09:[45]\d|10:00)$/);
	await moderator.getByRole('button', { name: '+5 minuter' }).click();
	for (const page of [anna, projector]) await expect(timer(page)).toHaveText(/^1[45]:\d\d$/);
	await moderator.getByRole('button', { name: 'Pausa' }).click();
	await expect(anna.getByText('Pausad')).toBeVisible();
	await moderator.getByRole('button', { name: 'Fortsätt' }).click();
	await expect(anna.getByText('Pausad')).toHaveCount(0);
	for (const page of participants) await expectParticipantControls(page, { write: true, vote: false });

	const ideas = {
		anna: 'Tätare bussturer till Umeå',
		bo: 'Pendeltåg längs kusten',
		cia: 'Fiber till alla byar',
		rude: 'Grannen i byn är en idiot'
	};
	async function post(page: Page, text: string) {
		await page.getByLabel('Din idé', { exact: true }).fill(text);
		await page.getByRole('button', { name: 'Skicka idén' }).click();
		await expect(card(mine(page), text)).toBeVisible();
		await expect(card(mine(page), text).getByText('skickas…')).toHaveCount(0);
	}
	await post(anna, ideas.anna);
	await post(bo, ideas.bo);
	await post(cia, ideas.cia);
	await post(cia, ideas.rude);
	// The moderator sees every idea; a participant only their own and how many there are.
	for (const text of Object.values(ideas)) await expect(moderator.getByText(text)).toBeVisible();
	await expect(anna.getByText('Hittills har 4 idéer skrivits.')).toBeVisible();
	await expect(projector.getByTestId('projector-private-count')).toHaveText('4');
	for (const text of [ideas.bo, ideas.cia, ideas.rude]) await expect(anna.getByText(text)).toHaveCount(0);
	await expect(bo.getByText(ideas.anna)).toHaveCount(0);
	await expect(projector.getByText(ideas.anna)).toHaveCount(0);
	await expectNoAxeViolations(moderator, anna, bo, cia, projector);

	// Reveal: everyone sees every idea at once.
	await moderator.getByRole('button', { name: 'Visa alla idéer för deltagarna' }).click();
	for (const page of participants) for (const text of [ideas.anna, ideas.bo, ideas.cia]) await expect(card(board(page), text)).toBeVisible();

	// Group: the moderator groups; participants watch (no writing, no moving, no voting).
	await moderator.getByRole('button', { name: 'Nästa fas: Gruppering' }).click();
	for (const page of participants) {
		await expect(phaseHeading(page, 'Gruppering')).toBeVisible();
		await expectParticipantControls(page, { write: false, vote: false });
	}
	for (const title of ['Kollektivtrafik', 'Bredband']) {
		await moderator.getByLabel('Namn på gruppen', { exact: true }).fill(title);
		await moderator.getByRole('button', { name: 'Skapa grupp' }).click();
		await expect(group(moderator, title)).toBeVisible();
	}
	for (const [text, title] of [
		[ideas.anna, 'Kollektivtrafik'],
		[ideas.bo, 'Kollektivtrafik'],
		[ideas.cia, 'Bredband']
	]) {
		await card(board(moderator), text).getByRole('button', { name: 'Flytta', exact: true }).click();
		await moderator.getByRole('dialog', { name: 'Flytta idén' }).getByRole('button', { name: title }).click();
		await expect(card(group(cia, title), text)).toBeVisible();
	}

	// Moderation: a rude idea is removed with a reason; its author is told why.
	const rude = card(board(moderator), ideas.rude);
	await rude.locator('summary', { hasText: 'Moderera' }).click();
	await rude.getByLabel('Motivering', { exact: true }).fill('Håll god ton');
	await rude.getByRole('button', { name: 'Ta bort idén' }).click();
	for (const page of [moderator, anna]) await expect(board(page).getByText(ideas.rude)).toHaveCount(0);
	await expect(mine(cia).getByText('Borttagen av moderator: Håll god ton')).toBeVisible();
	const moderated = moderator.getByRole('region', { name: 'Dolda och borttagna idéer' });
	await expect(card(moderated, ideas.rude)).toContainText(`Borttagen av ${NAME}`);
	await expect(card(moderated, ideas.rude).getByRole('button', { name: 'Återställ' })).toHaveCount(0);
	// A hidden idea can be put back from the list.
	const hidden = card(board(moderator), ideas.bo);
	await hidden.locator('summary', { hasText: 'Moderera' }).click();
	await hidden.getByLabel('Motivering', { exact: true }).fill('Vi tittar på den efter pausen');
	await hidden.getByRole('button', { name: 'Dölj idén' }).click();
	await expect(board(anna).getByText(ideas.bo)).toHaveCount(0);
	await expect(mine(bo).getByText('Dold av moderator: Vi tittar på den efter pausen')).toBeVisible();
	await card(moderated, ideas.bo).getByRole('button', { name: 'Återställ' }).click();
	await expect(card(group(anna, 'Kollektivtrafik'), ideas.bo)).toBeVisible();
	await expect(mine(bo).getByText('Dold av moderator')).toHaveCount(0);
	await expect(card(moderated, ideas.bo)).toHaveCount(0);
	await expectNoAxeViolations(moderator, cia);

	// Vote, hidden until the reveal. Participants vote; the moderator sees only how many have.
	await moderator.getByRole('button', { name: 'Nästa fas: Röstning' }).click();
	for (const page of participants) {
		await expect(phaseHeading(page, 'Röstning')).toBeVisible();
		await expectParticipantControls(page, { write: false, vote: true });
		await expect(page.getByText('Rösta: du har 5 av 5 röster kvar.')).toBeVisible();
	}
	await expect(moderator.getByRole('button', { name: 'Lägg röst' })).toHaveCount(0);
	await expect(moderator.getByText('0 av 3 har röstat.')).toBeVisible();

	// Anna votes on her phone with the keyboard alone: three on one group (the most allowed there),
	// takes one back, and puts the rest on the other group.
	const annasTransit = group(anna, 'Kollektivtrafik');
	const place = annasTransit.getByRole('button', { name: 'Lägg röst' });
	await tabTo(anna, place);
	for (let i = 0; i < 3; i++) await anna.keyboard.press('Enter');
	await expect(annasTransit.getByText('Dina röster: 3')).toBeVisible();
	await anna.keyboard.press('Enter');
	await expect(place).toHaveAttribute('aria-disabled', 'true');
	await expect(place).toBeFocused();
	await expect(annasTransit.getByText('Du kan lägga högst 3 röster här.')).toBeVisible();
	await anna.keyboard.press('Tab');
	await expect(annasTransit.getByRole('button', { name: 'Ta tillbaka röst' })).toBeFocused();
	await anna.keyboard.press('Enter');
	await expect(annasTransit.getByText('Dina röster: 2')).toBeVisible();
	await expect(anna.getByText('Rösta: du har 3 av 5 röster kvar.')).toBeVisible();
	const annasBroadband = group(anna, 'Bredband');
	await tabTo(anna, annasBroadband.getByRole('button', { name: 'Lägg röst' }));
	for (let i = 0; i < 3; i++) await anna.keyboard.press('Enter');
	await expect(annasBroadband.getByText('Dina röster: 3')).toBeVisible();
	await expect(anna.getByText('Du har lagt alla dina 5 röster.')).toBeVisible();
	await expect(place).toHaveAttribute('aria-disabled', 'true');
	await expect(annasTransit.getByText('Du har använt alla dina röster.')).toBeVisible();

	for (let i = 0; i < 3; i++) await group(bo, 'Kollektivtrafik').getByRole('button', { name: 'Lägg röst' }).click();
	await expect(group(bo, 'Kollektivtrafik').getByText('Dina röster: 3')).toBeVisible();
	await group(cia, 'Bredband').getByRole('button', { name: 'Lägg röst' }).click();
	await expect(moderator.getByText('3 av 3 har röstat.')).toBeVisible();
	// Before the reveal nobody sees totals, and a participant sees only their own votes.
	for (const page of [moderator, ...participants]) await expect(page.getByText(/röster? totalt/)).toHaveCount(0);
	await expect(group(bo, 'Bredband').getByText('Dina röster: 0')).toBeVisible();
	await expect(projector.getByRole('region', { name: 'Resultat' })).toHaveCount(0);
	await expectNoAxeViolations(moderator, anna, bo, cia, projector);

	// Reveal the votes: totals per group and the results, for everyone and on the projector.
	await moderator.getByRole('button', { name: 'Visa röstresultatet' }).click();
	for (const page of [moderator, ...participants]) {
		await expect(group(page, 'Kollektivtrafik').getByText('5 röster totalt')).toBeVisible();
		await expect(group(page, 'Bredband').getByText('4 röster totalt')).toBeVisible();
		await expect(page.getByRole('region', { name: 'Resultat' }).getByRole('listitem').first()).toContainText('Kollektivtrafik');
	}
	const projectedResults = projector.getByRole('region', { name: 'Resultat' });
	await expect(projectedResults.locator('.chart li').first()).toContainText('Kollektivtrafik');
	await expect(projectedResults.locator('.chart li').first()).toContainText('5 röster');
	await expectNoAxeViolations(moderator, anna, bo, cia, projector);

	// Rank: the list starts in the order of the votes. The moderator reorders with the keyboard…
	await moderator.getByRole('button', { name: 'Nästa fas: Prioritering' }).click();
	for (const page of participants) {
		await expect(phaseHeading(page, 'Prioritering')).toBeVisible();
		await expectParticipantControls(page, { write: false, vote: false });
		await expect(ranking(page).getByRole('listitem').first()).toContainText('Kollektivtrafik');
	}
	const item = (page: Page, title: string) => ranking(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
	const broadbandUp = item(moderator, 'Bredband').getByRole('button', { name: 'Flytta upp' });
	await tabTo(moderator, broadbandUp);
	await moderator.keyboard.press('Enter');
	await expect(moderator.locator('[aria-live="polite"]')).toContainText('Bredband är nu nummer 1 av 2.');
	await expect(item(moderator, 'Bredband').getByRole('button', { name: 'Flytta upp' })).toBeFocused();
	for (const page of [moderator, bo]) await expect(ranking(page).getByRole('listitem').first()).toContainText('Bredband');
	await expect(projector.getByRole('region', { name: 'Prioriteringar' }).getByRole('listitem').first()).toContainText('Bredband');
	// …and with the mouse, dragging a priority onto the first place.
	await item(moderator, 'Kollektivtrafik').locator('.handle').dragTo(item(moderator, 'Bredband'));
	for (const page of [moderator, cia]) await expect(ranking(page).getByRole('listitem').first()).toContainText('Kollektivtrafik');
	// A rationale and a top mark, read by everyone.
	const transit = item(moderator, 'Kollektivtrafik');
	await transit.getByLabel('Motivering för Kollektivtrafik').fill('Flest röster, och resorna binder ihop länet.');
	await transit.getByRole('button', { name: 'Spara motiveringen' }).click();
	await transit.getByRole('checkbox', { name: 'Topprioritet' }).check();
	for (const page of participants) {
		await expect(item(page, 'Kollektivtrafik')).toContainText('Topprioritet');
		await expect(item(page, 'Kollektivtrafik')).toContainText('Flest röster, och resorna binder ihop länet.');
	}
	await expect(projector.getByRole('region', { name: 'Prioriteringar' }).getByRole('listitem').first()).toContainText('Topprioritet');
	await expectNoAxeViolations(moderator, anna, bo, cia, projector);

	// Close, after a confirmation. Everything is read-only now, for everyone.
	await moderator.getByRole('button', { name: 'Avsluta mötet' }).click();
	await moderator.getByRole('button', { name: 'Ja, avsluta mötet' }).click();
	for (const page of [moderator, ...participants]) {
		await expect(phaseHeading(page, 'Avslutat')).toBeVisible();
		await expect(page.getByText(/Mötet avslutades .+\. Allt på tavlan kan nu bara läsas\./)).toBeVisible();
		await expect(page.getByRole('button', { name: 'Flytta upp' })).toHaveCount(0);
		await expect(page.getByRole('checkbox', { name: 'Topprioritet' })).toHaveCount(0);
		await expect(ranking(page).getByRole('listitem').first()).toContainText('Kollektivtrafik');
	}
	for (const page of participants) await expectParticipantControls(page, { write: false, vote: false });
	await expect(moderator.getByRole('region', { name: 'Nedräkning' })).toHaveCount(0);
	await expect(moderator.getByText('Moderera', { exact: true })).toHaveCount(0);
	await expect(projector.getByRole('heading', { name: 'Nu: Avslutat' })).toBeVisible();

	// The event log lists every phase change and the moderation, with who and when.
	await moderator.locator('summary', { hasText: 'Händelselogg' }).click();
	const log = moderator.getByRole('table', { name: 'Fasbyten och moderering, senaste först' });
	await expect(log.getByRole('row').nth(1)).toContainText('Fasen blev Avslutat');
	for (const phase of ['Idéinsamling', 'Gruppering', 'Röstning', 'Prioritering', 'Avslutat']) {
		await expect(log.getByRole('row').filter({ hasText: `Fasen blev ${phase}` })).toContainText(NAME);
	}
	await expect(log.getByRole('row').filter({ hasText: 'Tog bort en idé: Håll god ton' })).toHaveCount(1);
	await expect(log.getByRole('row').filter({ hasText: 'Dolde en idé: Vi tittar på den efter pausen' })).toHaveCount(1);
	await expect(log.getByRole('row').filter({ hasText: 'Återställde en idé' })).toHaveCount(1);
	await expect(log.getByRole('row').filter({ hasText: 'Visade röstresultatet' })).toHaveCount(1);
	await expect(log.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(/^\d\d:\d\d:\d\d$/);
	await expectNoAxeViolations(moderator, anna, bo, cia, projector);
	await screen.close();
});
