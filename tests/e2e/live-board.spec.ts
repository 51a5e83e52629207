import { expect, test, type Page } from '@playwright/test';
import { normaliseJoinCode } from '../../src/lib/join-code';
import {
	board,
	card,
	createMeetingWithApi,
	createModeratorWithCli,
	expectNoAxeViolations,
	joinInBrowser,
	mine,
	signInWithForm,
	tabTo,
	type ApiMeeting
} from './helpers';

// Issue 3's acceptance: a moderator and two participants (one on a phone) share one live board.

const MODERATOR = { email: 'board-e2e@region.example', name: 'Maja Moderator', password: 'a long e2e passphrase for the board' };
const THEME = 'Mobilitet och transportinfrastruktur (e2e)';
const QUESTION = 'Vad behövs för att resa hållbart mellan kommunerna?';
/** How far Tab may go on the board page before the target counts as unreachable. */
const TABS = 120;

/** Writes an idea and waits until the server has acknowledged it (it is on the author's board). */
async function post(page: Page, text: string, how: 'button' | 'keys' = 'button') {
	await page.getByLabel('Din idé', { exact: true }).fill(text);
	if (how === 'keys') await page.getByLabel('Din idé', { exact: true }).press('ControlOrMeta+Enter');
	else await page.getByRole('button', { name: 'Skicka idén' }).click();
	await expect(card(board(page), text)).toBeVisible();
	await expect(card(mine(page), text).getByText('skickas…')).toHaveCount(0);
}

let meeting: ApiMeeting;

test.beforeAll(async () => {
	await createModeratorWithCli(MODERATOR);
	({ meeting } = await createMeetingWithApi(MODERATOR, 'RUS 2020–2040 (board e2e)', {
		themeTitle: THEME,
		guidingQuestions: [QUESTION],
		notesPrivateUntilReveal: false,
		whoMayGroup: 'moderators'
	}));
});

test('a moderator and two participants share a live board, offline notes arrive once, and grouping works by keyboard', async ({
	browser,
	page: moderator
}) => {
	// The moderator signs in, opens the board and starts collecting ideas.
	await signInWithForm(moderator, MODERATOR, `/m/${meeting.id}`);
	await expect(moderator.getByRole('heading', { level: 2, name: 'Nu: Utkast' })).toBeVisible();
	await moderator.getByRole('button', { name: 'Nästa fas: Idéinsamling' }).click();
	await expect(moderator.getByRole('heading', { level: 2, name: 'Nu: Idéinsamling' })).toBeVisible();
	await expect(moderator.getByRole('button', { name: 'Tillbaka till Utkast' })).toBeVisible();

	// Two participants join with the code, one of them on a phone.
	const code = normaliseJoinCode(meeting.joinCode);
	const anna = await joinInBrowser(browser, code, 'Anna från Skellefteå', { phone: true, theme: THEME });
	const bo = await joinInBrowser(browser, code, 'Bo i Vilhelmina', { phone: false, theme: THEME });
	for (const page of [anna, bo]) {
		await expect(page.getByText(QUESTION)).toBeVisible();
		await expect(page.getByRole('heading', { level: 2, name: 'Nu: Idéinsamling' })).toBeVisible();
		await expect(page.getByRole('button', { name: 'Nästa fas: Gruppering' })).toHaveCount(0);
	}
	await expect(moderator.getByRole('heading', { name: 'Här nu: 3' })).toBeVisible();
	await expect(moderator.getByText('1 på plats · 1 på distans · 1 som leder mötet', { exact: true })).toBeVisible();

	// Each posts; the note reaches everyone else within a second of its acknowledgement.
	const annasIdea = 'Tätare bussturer mellan Skellefteå och Umeå\näven på helger';
	await post(anna, annasIdea);
	for (const page of [bo, moderator]) await expect(card(board(page), 'Tätare bussturer')).toBeVisible({ timeout: 1000 });
	// Screen readers hear about others' new ideas, politely; never about their own.
	await expect(bo.locator('[aria-live="polite"]')).toContainText('Ny idé: Tätare bussturer');
	await expect(anna.locator('[aria-live="polite"]')).not.toContainText('Tätare bussturer');
	const bosIdea = 'Laddstolpar vid alla <b>pendlarparkeringar</b>';
	await post(bo, bosIdea, 'keys');
	for (const page of [anna, moderator]) await expect(card(board(page), bosIdea)).toBeVisible({ timeout: 1000 });
	// Notes are plain text: markup shows as typed and never becomes markup.
	await expect(board(anna).locator('b')).toHaveCount(0);

	// Own notes can be edited; someone else's show no controls to edit or delete them.
	await expect(card(board(anna), 'Tätare bussturer').getByRole('button', { name: 'Redigera' })).toHaveCount(1);
	await expect(card(board(anna), bosIdea).getByRole('button', { name: 'Redigera' })).toHaveCount(0);
	await expect(card(board(anna), bosIdea).getByRole('button', { name: 'Ta bort' })).toHaveCount(0);
	await expect(card(board(anna), bosIdea).getByRole('button', { name: 'Flytta' })).toHaveCount(0);
	// The moderator's tools for a note show once it is selected (issue 8), and go with the selection.
	await card(board(moderator), bosIdea).locator('label').click();
	await expect(card(board(moderator), bosIdea).getByRole('button', { name: 'Redigera' })).toHaveCount(1);
	await card(board(moderator), bosIdea).locator('label').click();
	await expect(card(board(moderator), bosIdea).getByRole('button', { name: 'Redigera' })).toHaveCount(0);
	await expectNoAxeViolations(anna);

	// Anna goes offline, writes, and sees that the idea waits; back online, it arrives once.
	const offlineIdea = 'Skriven i en tunnel utan täckning';
	await anna.context().setOffline(true);
	await expect(anna.getByRole('status').filter({ hasText: 'Offline – dina idéer skickas när du är ansluten igen' })).toBeVisible();
	await anna.getByLabel('Din idé', { exact: true }).fill(offlineIdea);
	await anna.getByRole('button', { name: 'Skicka idén' }).click();
	await expect(card(mine(anna), offlineIdea).getByText('skickas…')).toBeVisible();
	await expect(card(board(bo), offlineIdea)).toHaveCount(0);
	await anna.context().setOffline(false);
	for (const page of [anna, bo, moderator]) await expect(card(board(page), offlineIdea)).toBeVisible();
	await expect(anna.getByText('Offline – dina idéer skickas')).toHaveCount(0);
	for (const page of [anna, bo, moderator]) await expect(card(board(page), offlineIdea)).toHaveCount(1);
	await expect(card(mine(anna), offlineIdea)).toHaveCount(1);
	await expect(card(mine(anna), offlineIdea).getByText('skickas…')).toHaveCount(0);

	// The moderator groups a note with the keyboard alone: Space selects it (its tools appear),
	// Move → New group… → name → Enter.
	await moderator.getByRole('button', { name: 'Nästa fas: Gruppering' }).click();
	await expect(anna.getByRole('heading', { level: 2, name: 'Nu: Gruppering' })).toBeVisible();
	const move = card(board(moderator), 'Tätare bussturer').getByRole('button', { name: 'Flytta' });
	await tabTo(moderator, card(board(moderator), 'Tätare bussturer').getByRole('checkbox'), { limit: TABS });
	await moderator.keyboard.press('Space');
	await moderator.keyboard.press('Tab');
	await expect(move).toBeFocused();
	await moderator.keyboard.press('Enter');
	const dialog = moderator.getByRole('dialog', { name: 'Flytta idén' });
	await expect(dialog).toBeVisible();
	await expectNoAxeViolations(moderator);
	await moderator.keyboard.press('End');
	await expect(dialog.getByRole('button', { name: 'Ny grupp…' })).toBeFocused();
	await moderator.keyboard.press('Enter');
	await expect(dialog.getByLabel('Namn på den nya gruppen')).toBeFocused();
	await moderator.keyboard.type('Kollektivtrafik');
	await moderator.keyboard.press('Enter');
	await expect(dialog).toBeHidden();

	const cluster = (page: Page) => board(page).getByRole('region', { name: 'Kollektivtrafik' });
	// On Anna's phone a group is its title and count; its ideas are a tap away (issue 8).
	await cluster(anna).getByText('Visa idéerna').click();
	for (const page of [moderator, anna, bo]) await expect(card(cluster(page), 'Tätare bussturer')).toBeVisible();
	await expect(card(cluster(anna), bosIdea)).toHaveCount(0);
	// Focus is back on the moved note, in its new place, ready for the next move.
	await expect(card(cluster(moderator), 'Tätare bussturer').getByRole('button', { name: 'Flytta' })).toBeFocused();

	// A second note joins the group through the same dialog, choosing the group with the arrow keys.
	await tabTo(moderator, card(board(moderator), bosIdea).getByRole('checkbox'), { backwards: true, limit: TABS });
	await moderator.keyboard.press('Space');
	await moderator.keyboard.press('Tab');
	await moderator.keyboard.press('Enter');
	await expect(dialog.getByRole('button', { name: 'Kollektivtrafik' })).toBeFocused();
	await moderator.keyboard.press('ArrowDown');
	await expect(dialog.getByRole('button', { name: 'Ny grupp…' })).toBeFocused();
	await moderator.keyboard.press('ArrowUp');
	await moderator.keyboard.press('Enter');
	await expect(card(cluster(bo), bosIdea)).toBeVisible();

	// With a mouse, a note can be dragged onto a group as well.
	await card(board(moderator), offlineIdea).dragTo(cluster(moderator).getByRole('heading', { name: 'Kollektivtrafik' }));
	await expect(card(cluster(anna), offlineIdea)).toBeVisible();

	await expectNoAxeViolations(moderator);
	await expectNoAxeViolations(anna);
});
