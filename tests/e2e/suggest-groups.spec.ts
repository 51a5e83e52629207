import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { accepted, command as send, meetingSocket, noteId } from '../integration/board-fixtures';
import { BASE, board, createMeetingWithApi, createModeratorWithCli, expectNoAxeViolations, joinWithApi, sessionCookie, tabToward } from './helpers';

// Issue 14: a moderator groups 160 ideas with suggested groups in a few actions, keyboard only.

const MODERATOR = { email: 'suggest-e2e@region.example', name: 'Sara Samordnare', password: 'a long e2e passphrase for suggestions' };
const THEME = 'Regional utveckling (förslag e2e)';
/** The suggestions panel; the board around it is axe-checked by the other board journeys. */
const PANEL = 'section[aria-labelledby="suggest-heading"]';

/** 160 ideas of the Swedish test set (src/lib/suggest/fixtures), in the set's order. */
function ideas(): string[] {
	const set = JSON.parse(readFileSync('src/lib/suggest/fixtures/ideas-sv.json', 'utf8')) as { groups: { ideas: (string | { text: string })[] }[] };
	const all = set.groups.flatMap((g) => g.ideas.map((i) => (typeof i === 'string' ? i : i.text)));
	// Every fourth idea of the 216 left out, so that every known group is there.
	return all.filter((_, i) => i % 4 !== 3).slice(0, 160);
}

async function command(socket: Socket, name: string, payload: unknown) {
	const ack = await send(socket, name, payload);
	expect(ack, name).toMatchObject({ ok: true });
}

const sockets: Socket[] = [];
test.afterAll(() => sockets.forEach((s) => s.close()));

test('a moderator groups 160 ideas by accepting suggestions, with the keyboard, in three actions', async ({ browser }) => {
	await createModeratorWithCli(MODERATOR, { orExisting: true });
	const { token, meeting } = await createMeetingWithApi(MODERATOR, 'RUS 2020–2040 (förslag e2e)', { themeTitle: THEME, whoMayGroup: 'moderators' });
	const moderator = await meetingSocket(BASE, meeting.id, token);
	sockets.push(moderator);
	await command(moderator, 'meeting:phase', { phase: 'brainstorm' });
	// Four participants write 40 ideas each, as their clients would.
	const texts = ideas();
	await Promise.all(
		[0, 1, 2, 3].map(async (p) => {
			const joined = await joinWithApi({ code: meeting.joinCode, displayName: `Deltagare ${p + 1}`, attendance: 'remote' });
			const socket = await meetingSocket(BASE, meeting.id, joined.token);
			sockets.push(socket);
			for (const text of texts.slice(p * 40, p * 40 + 40)) await command(socket, 'note:add', { id: noteId(), text });
		})
	);
	await command(moderator, 'meeting:phase', { phase: 'group' });

	const context = await browser.newContext({ locale: 'sv-SE' });
	await context.addCookies([sessionCookie(token)]);
	const page = await context.newPage();
	await page.goto(`/m/${meeting.id}`);
	const unclustered = board(page).getByRole('region', { name: 'Utan grupp' });
	await expect(board(page).getByRole('listitem').filter({ hasText: texts[159] })).toBeVisible();
	const suggestions = page.getByRole('region', { name: 'Förslag på grupper' });

	// Action 1: ask for suggestions.
	await tabToward(page, suggestions.getByRole('button', { name: 'Föreslå grupper' }), 200);
	await page.keyboard.press('Enter');
	const acceptAll = suggestions.getByRole('button', { name: 'Godkänn alla förslag' });
	await expect(acceptAll).toBeVisible();
	await expect(suggestions.getByRole('heading', { name: /^Förslag 1: \d+ idéer$/ })).toBeVisible();
	await expectNoAxeViolations(page, 'suggestions shown', PANEL);

	// Action 2: merge one hinted duplicate (the existing, audited merge); the hints came in live.
	const hintsPanel = page.getByRole('region', { name: 'Möjliga dubbletter' });
	const duplicates = hintsPanel.getByRole('listitem').filter({ has: page.getByRole('button', { name: 'Slå ihop' }) });
	const first = duplicates.first();
	const hinted = (await first.getByRole('paragraph').textContent()) ?? '';
	await tabToward(page, first.getByRole('button', { name: 'Slå ihop' }), 200);
	await page.keyboard.press('Enter');
	await expect(hintsPanel.getByText(hinted, { exact: true })).toHaveCount(0);

	// Action 3: accept every suggested group at once.
	await tabToward(page, acceptAll, 200);
	await page.keyboard.press('Enter');

	await expect(unclustered.getByText('Alla idéer är grupperade.')).toBeVisible();
	const grouped = board(page).locator('section[data-cluster-id]:not([data-cluster-id="none"]) li[data-note-id]');
	await expect(grouped).toHaveCount(159);
	await expectNoAxeViolations(page, 'after accepting', PANEL);

	// Every accepted group was one audited batch move.
	const audit = accepted(await send(moderator, 'audit:list', {}));
	const moves = audit.entries.filter((e) => e.action === 'notes_move');
	expect(moves.reduce((sum, e) => sum + Number(e.details.count ?? 0), 0)).toBe(159);
	expect(audit.entries.some((e) => e.action === 'note_merge')).toBe(true);
	await context.close();
});
