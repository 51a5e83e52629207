import { expect, test, type Page } from '@playwright/test';
import { formatJoinCode, normaliseJoinCode } from '../../src/lib/join-code';
import {
	board,
	card,
	createMeetingWithApi,
	createModeratorWithCli,
	expectNoAxeViolationsOnEach,
	joinInBrowser,
	mine,
	signInWithForm,
	tabTo,
	type ApiMeeting
} from './helpers';

// Issue 4's acceptance: a moderator runs a whole meeting in the browser – private brainstorm →
// reveal → group → vote (hidden) → reveal → rank → close – with three participants (one on a
// phone) and the projector. Each role sees only its controls in each phase; voting and reordering
// are done with the keyboard alone; axe finds nothing on any view in any phase.

const MODERATOR = { email: 'facilitation-e2e@region.example', name: 'Frida Facilitator', password: 'a long e2e passphrase for facilitation' };
const THEME = 'Digital region (facilitering e2e)';
/** How far Tab may go on the board page before the target counts as unreachable. */
const TABS = 150;

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

let meeting: ApiMeeting;

test.beforeAll(async () => {
	await createModeratorWithCli(MODERATOR);
	({ meeting } = await createMeetingWithApi(MODERATOR, 'RUS 2020–2040 (facilitering e2e)', {
		themeTitle: THEME,
		notesPrivateUntilReveal: true,
		whoMayGroup: 'moderators',
		votesPerParticipant: 5,
		maxVotesPerItem: 3
	}));
});

test('a moderator runs a whole meeting with three participants and the projector, every role seeing only its controls', async ({
	browser,
	page: moderator
}) => {
	test.setTimeout(300_000);

	// The moderator signs in, opens the board and makes the projector link.
	await signInWithForm(moderator, MODERATOR, `/m/${meeting.id}`);
	await expect(phaseHeading(moderator, 'Utkast')).toBeVisible();
	await moderator.getByRole('button', { name: 'Visa projektorlänk' }).click();
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
	const anna = await joinInBrowser(browser, code, 'Anna i Skellefteå', { phone: true, theme: THEME });
	const bo = await joinInBrowser(browser, code, 'Bo i Lycksele', { phone: false, theme: THEME });
	const cia = await joinInBrowser(browser, code, 'Cia i Vännäs', { phone: false, theme: THEME });
	const participants = [anna, bo, cia];
	for (const page of participants) {
		await expect(phaseHeading(page, 'Utkast')).toBeVisible();
		await expectParticipantControls(page, { write: false, vote: false });
	}
	await expectNoAxeViolationsOnEach(moderator, anna, bo, projector);

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
	await expect(moderator.getByRole('heading', { name: 'Dolda idéer' })).toBeVisible();
	await expect(moderator.getByText('Bara moderatorer ser idéerna innan de visas för alla.')).toBeVisible();
	await expect(anna.getByText('Idéerna är privata tills moderatorn visar dem. Du ser bara dina egna.')).toBeVisible();
	await expect(anna.getByRole('heading', { name: 'Dolda idéer' })).toHaveCount(0);
	await expect(anna.getByText('Hittills har 4 idéer skrivits.')).toBeVisible();
	await expect(projector.getByTestId('projector-private-count')).toHaveText('4');
	for (const text of [ideas.bo, ideas.cia, ideas.rude]) await expect(anna.getByText(text)).toHaveCount(0);
	await expect(bo.getByText(ideas.anna)).toHaveCount(0);
	await expect(projector.getByText(ideas.anna)).toHaveCount(0);
	await expectNoAxeViolationsOnEach(moderator, anna, bo, cia, projector);

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
		// The workspace shows a note's tools once it is selected (issue 8).
		await card(board(moderator), text).locator('label').click();
		await card(board(moderator), text).getByRole('button', { name: 'Flytta', exact: true }).click();
		await moderator.getByRole('dialog', { name: 'Flytta idén' }).getByRole('button', { name: title }).click();
		await expect(card(group(cia, title), text)).toBeVisible();
	}
	await moderator.getByRole('button', { name: 'Avmarkera' }).click();

	// Moderation: a rude idea is removed with a reason; its author is told why.
	const rude = card(board(moderator), ideas.rude);
	await rude.locator('label').click();
	await rude.locator('summary', { hasText: 'Moderera' }).click();
	await rude.getByLabel('Motivering', { exact: true }).fill('Håll god ton');
	await rude.getByRole('button', { name: 'Ta bort idén' }).click();
	for (const page of [moderator, anna]) await expect(board(page).getByText(ideas.rude)).toHaveCount(0);
	await expect(mine(cia).getByText('Borttagen av moderator: Håll god ton')).toBeVisible();
	await expect(mine(cia).getByRole('heading', { name: 'Från moderatorn' })).toBeVisible();
	const moderated = moderator.getByRole('region', { name: 'Dolda och borttagna idéer' });
	await expect(card(moderated, ideas.rude)).toContainText(`Borttagen av ${MODERATOR.name}`);
	await expect(card(moderated, ideas.rude).getByRole('button', { name: 'Återställ' })).toHaveCount(0);
	// A hidden idea can be put back from the list.
	const hidden = card(board(moderator), ideas.bo);
	await hidden.locator('label').click();
	await hidden.locator('summary', { hasText: 'Moderera' }).click();
	await hidden.getByLabel('Motivering', { exact: true }).fill('Vi tittar på den efter pausen');
	await hidden.getByRole('button', { name: 'Dölj idén' }).click();
	await expect(board(anna).getByText(ideas.bo)).toHaveCount(0);
	await expect(mine(bo).getByText('Dold av moderator: Vi tittar på den efter pausen')).toBeVisible();
	await card(moderated, ideas.bo).getByRole('button', { name: 'Återställ' }).click();
	// On Anna's phone a group is its title and count; its ideas are a tap away (issue 8).
	await group(anna, 'Kollektivtrafik').getByText('Visa idéerna').click();
	await expect(card(group(anna, 'Kollektivtrafik'), ideas.bo)).toBeVisible();
	await expect(mine(bo).getByText('Dold av moderator')).toHaveCount(0);
	await expect(card(moderated, ideas.bo)).toHaveCount(0);
	await expectNoAxeViolationsOnEach(moderator, cia);

	// Vote, hidden until the reveal. Participants vote; the moderator sees how many have.
	await moderator.getByRole('button', { name: 'Nästa fas: Röstning' }).click();
	for (const page of participants) {
		await expect(phaseHeading(page, 'Röstning')).toBeVisible();
		await expectParticipantControls(page, { write: false, vote: true });
		await expect(page.getByText('Rösta: du har 5 av 5 röster kvar.')).toBeVisible();
	}
	// Each reads what to do now in their own words.
	await expect(moderator.getByText('Deltagarna röstar. Visa röstresultatet när alla har röstat.')).toBeVisible();
	await expect(anna.getByText('Rösta på det du tycker är viktigast med knapparna Lägg röst.', { exact: false })).toBeVisible();
	await expect(anna.getByText('Visa röstresultatet när alla har röstat', { exact: false })).toHaveCount(0);
	await expect(anna.getByText(/har röstat\./)).toHaveCount(0);
	// The moderator may vote too (as a participant; board-at-scale has them do it); here they only watch.
	await expect(moderator.getByRole('button', { name: 'Lägg röst' }).first()).toBeVisible();
	await expect(moderator.getByText('0 av 3 har röstat.')).toBeVisible();

	// Anna votes on her phone with the keyboard alone: three on one group (the most allowed there),
	// takes one back, and puts the rest on the other group.
	const annasTransit = group(anna, 'Kollektivtrafik');
	const place = annasTransit.getByRole('button', { name: 'Lägg röst' });
	await tabTo(anna, place, { limit: TABS });
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
	await tabTo(anna, annasBroadband.getByRole('button', { name: 'Lägg röst' }), { limit: TABS });
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
	await expectNoAxeViolationsOnEach(moderator, anna, bo, cia, projector);

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
	await expectNoAxeViolationsOnEach(moderator, anna, bo, cia, projector);

	// Rank: the list starts in the order of the votes. The moderator reorders with the keyboard…
	await moderator.getByRole('button', { name: 'Nästa fas: Prioritering' }).click();
	for (const page of participants) {
		await expect(phaseHeading(page, 'Prioritering')).toBeVisible();
		await expectParticipantControls(page, { write: false, vote: false });
		await expect(ranking(page).getByRole('listitem').first()).toContainText('Kollektivtrafik');
	}
	const item = (page: Page, title: string) => ranking(page).getByRole('listitem').filter({ has: page.getByRole('heading', { name: title }) });
	const broadbandUp = item(moderator, 'Bredband').getByRole('button', { name: 'Flytta upp' });
	await tabTo(moderator, broadbandUp, { limit: TABS });
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
	await expectNoAxeViolationsOnEach(moderator, anna, bo, cia, projector);

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
		await expect(log.getByRole('row').filter({ hasText: `Fasen blev ${phase}` })).toContainText(MODERATOR.name);
	}
	await expect(log.getByRole('row').filter({ hasText: 'Tog bort en idé: Håll god ton' })).toHaveCount(1);
	await expect(log.getByRole('row').filter({ hasText: 'Dolde en idé: Vi tittar på den efter pausen' })).toHaveCount(1);
	await expect(log.getByRole('row').filter({ hasText: 'Återställde en idé' })).toHaveCount(1);
	await expect(log.getByRole('row').filter({ hasText: 'Visade röstresultatet' })).toHaveCount(1);
	await expect(log.getByRole('row').nth(1).getByRole('cell').first()).toHaveText(/^\d\d:\d\d:\d\d$/);
	await expectNoAxeViolationsOnEach(moderator, anna, bo, cia, projector);
	await screen.close();
});
