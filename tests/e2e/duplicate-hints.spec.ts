import { expect, test } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { accepted, command as send, meetingSocket, noteId } from '../integration/board-fixtures';
import { BASE, board, card, createMeetingWithApi, createModeratorWithCli, expectNoAxeViolations, joinInBrowser, joinWithApi, sessionCookie, tabToward } from './helpers';

// Issue 14: duplicate hints while ideas arrive. The moderator's panel shows a hint the moment a
// participant's repeated idea is on the board (after the reveal, in a private brainstorm); one
// keyboard action merges it (audited). Participants never see the panel.

const MODERATOR = { email: 'duplicates-e2e@region.example', name: 'Dana Dubblett', password: 'a long e2e passphrase for duplicate hints' };
const THEME = 'Digital region (dubbletter e2e)';
const PANEL = 'section[aria-labelledby="duplicates-heading"]';

const sockets: Socket[] = [];
test.afterAll(() => sockets.forEach((s) => s.close()));

async function command(socket: Socket, name: string, payload: unknown) {
	const ack = await send(socket, name, payload);
	expect(ack, name).toMatchObject({ ok: true });
	return ack;
}

test('a moderator sees a duplicate hint the moment an idea repeats another in brainstorm, and merges it with the keyboard', async ({ browser }) => {
	await createModeratorWithCli(MODERATOR, { orExisting: true });
	const { token, meeting } = await createMeetingWithApi(MODERATOR, 'RUS 2020–2040 (dubbletter e2e)', { themeTitle: THEME, whoMayGroup: 'moderators' });
	const moderator = await meetingSocket(BASE, meeting.id, token);
	sockets.push(moderator);
	await command(moderator, 'meeting:phase', { phase: 'brainstorm' });

	const context = await browser.newContext({ locale: 'sv-SE' });
	await context.addCookies([sessionCookie(token)]);
	const page = await context.newPage();
	await page.goto(`/m/${meeting.id}`);
	const panel = page.getByRole('region', { name: 'Möjliga dubbletter' });
	await expect(panel.getByText('Inga möjliga dubbletter just nu.')).toBeVisible();

	const participantPage = await joinInBrowser(browser, meeting.joinCode, 'Petra Deltagare', { phone: true, theme: THEME });
	const joined = await joinWithApi({ code: meeting.joinCode, displayName: 'Per Skribent', attendance: 'remote' });
	const writer = await meetingSocket(BASE, meeting.id, joined.token);
	sockets.push(writer);
	const original = 'Snabbt bredband till alla byar i inlandet';
	const copy = 'Snabbt bredband till alla byar i inlandet!!';
	await command(writer, 'note:add', { id: noteId(), text: original });
	await command(writer, 'note:add', { id: noteId(), text: 'Fler laddstolpar längs E12' });
	await command(writer, 'note:add', { id: noteId(), text: copy });

	// The meeting keeps ideas private until the reveal: nothing is compared before it.
	const hint = panel.getByRole('listitem').filter({ hasText: `”${copy}” liknar ”${original}”` });
	// The moderator sees the private ideas (all three), but no hint.
	await expect(page.getByText(copy, { exact: true }).first()).toBeVisible();
	await expect(panel.getByText('Inga möjliga dubbletter just nu.')).toBeVisible();
	await expect(hint).toHaveCount(0);
	await command(moderator, 'notes:reveal', {});
	// The hint arrives without a reload; the participant's page has no such panel.
	await expect(hint).toBeVisible();
	await expect(card(board(participantPage), copy)).toBeVisible();
	await expect(participantPage.getByRole('region', { name: 'Möjliga dubbletter' })).toHaveCount(0);
	await expectNoAxeViolations(page, 'a duplicate hint shown', PANEL);

	// One keyboard action: merge. The copy leaves the board, the hint goes, focus stays in the panel.
	await tabToward(page, hint.getByRole('button', { name: 'Slå ihop' }), 120);
	await page.keyboard.press('Enter');
	await expect(hint).toHaveCount(0);
	await expect(card(board(page), copy)).toHaveCount(0);
	await expect(card(board(page), original)).toHaveCount(1);
	await expect(page.getByRole('heading', { name: 'Möjliga dubbletter' })).toBeFocused();
	await expectNoAxeViolations(page, 'after merging', PANEL);

	const audit = accepted(await send(moderator, 'audit:list', {}));
	expect(audit.entries.filter((e) => e.action === 'note_merge')).toHaveLength(1);
	await participantPage.context().close();
	await context.close();
});
