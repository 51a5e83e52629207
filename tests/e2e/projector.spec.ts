import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { formatJoinCode, normaliseJoinCode } from '../../src/lib/join-code';
import { command as send, meetingSocket } from '../integration/board-fixtures';
import { BASE, createMeetingWithApi, createModeratorWithCli, expectNoAxeViolations, joinWithApi, signInWithForm, type ApiMeeting } from './helpers';

// Issue 4 point 7: the room's big screen. The moderator makes a projector link on the board page;
// a second computer (its own browser context, 1920×1080) opens it and shows the join code, the QR
// code, the timer, the number of private ideas and, after the reveal, the results as bars.

const MODERATOR = { email: 'projector-e2e@region.example', name: 'Pia Projektormoderator', password: 'a long e2e passphrase for the projector' };
const THEME = 'Hälsa och social välfärd (projektor e2e)';

/** A command over a meeting socket, expected to succeed. */
async function command(socket: Socket, name: string, payload: unknown) {
	const ack = await send(socket, name, payload);
	expect(ack, `${name} ${JSON.stringify(payload)}`).toMatchObject({ ok: true });
	return ack;
}

let meeting: ApiMeeting;
let moderatorToken: string;
const sockets: Socket[] = [];

test.beforeAll(async () => {
	await createModeratorWithCli(MODERATOR);
	({ token: moderatorToken, meeting } = await createMeetingWithApi(MODERATOR, 'RUS 2020–2040 (projector e2e)', {
		themeTitle: THEME,
		guidingQuestions: ['Vad gör vården nära?'],
		notesPrivateUntilReveal: true,
		whoMayGroup: 'moderators'
	}));
});

test.afterAll(() => {
	for (const socket of sockets) socket.close();
});

/** A participant joins through the API (as a script would) and opens a meeting socket. */
async function participant(name: string, municipalityCode: string): Promise<Socket> {
	const { token } = await joinWithApi({ code: meeting.joinCode, displayName: name, attendance: 'on_site', sectorCode: 'region', municipalityCode });
	const socket = await meetingSocket(BASE, meeting.id, token);
	sockets.push(socket);
	return socket;
}

test('the projector shows the join code, QR code, timer, private count and the results as bars, without names', async ({
	browser,
	page: moderatorPage
}) => {
	// The moderator signs in, opens the board and makes a projector link.
	await signInWithForm(moderatorPage, MODERATOR, `/m/${meeting.id}`);
	await moderatorPage.getByRole('button', { name: 'Visa projektorlänk' }).click();
	const linkField = moderatorPage.getByLabel('Projektorlänk', { exact: true });
	await expect(linkField).toHaveValue(new RegExp(`/projector/${meeting.id}\\?key=`));
	const link = await linkField.inputValue();
	await expect(moderatorPage.getByRole('link', { name: /Öppna projektorvyn/ })).toHaveAttribute('href', link);
	await expect(moderatorPage.getByRole('heading', { name: 'Vilka är här – deltagande' })).toBeVisible();
	await expectNoAxeViolations(moderatorPage);

	// The computer at the projector opens the link; the key leaves the address bar.
	const screen = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'sv-SE' });
	const projector = await screen.newPage();
	await projector.goto(link);
	await expect(projector).toHaveURL(`/projector/${meeting.id}`);
	await expect(projector.getByRole('heading', { level: 1, name: THEME })).toBeVisible();
	await expect(projector.getByTestId('projector-join-code')).toHaveText(formatJoinCode(meeting.joinCode));
	await expect(projector.getByText(`/join/${normaliseJoinCode(meeting.joinCode)}`)).toBeVisible();
	const qr = projector.getByRole('img', { name: /QR-kod/ });
	await expect(qr).toBeVisible();
	expect((await qr.boundingBox())!.height).toBeGreaterThanOrEqual(0.3 * 1080);
	await expect(projector.getByRole('button')).toHaveCount(0);
	await expect(projector.locator('input, select, textarea')).toHaveCount(0);
	await expect(projector.getByRole('heading', { name: 'Nu: Snart börjar vi' })).toBeVisible();

	// People join; the projector shows who is here as counts, small groups as "färre än 5", over
	// whole batches of 5 joiners (issue 9 point 11): nothing until the fifth has joined.
	const anna = await participant('Anna Annasdotter', '2480');
	const bo = await participant('Bo Bosson', '2482');
	await expect(projector.getByText('Fördelningen visas när 5 deltagare har anslutit')).toBeVisible({ timeout: 15_000 });
	for (const name of ['Cilla', 'Dan', 'Eva']) {
		await joinWithApi({ code: meeting.joinCode, displayName: name, attendance: 'remote', municipalityCode: '2482' });
	}
	await expect(projector.getByText('Räknat på de 5 första som anslöt')).toBeVisible({ timeout: 15_000 });
	await expect(projector.getByRole('list', { name: 'Per kommun' }).getByRole('listitem').filter({ hasText: 'Umeå' })).toContainText(
		'färre än 5',
		{ timeout: 15_000 }
	);
	await expect(projector.getByRole('list', { name: 'Per kommun' }).getByRole('listitem').filter({ hasText: 'Malå' })).toContainText('0');
	await expectNoAxeViolations(projector);

	// Brainstorm, private: the projector counts the ideas but shows none, and shows the timer.
	const moderator = await meetingSocket(BASE, meeting.id, moderatorToken);
	sockets.push(moderator);
	await command(moderator, 'meeting:phase', { phase: 'brainstorm' });
	await expect(projector.getByRole('heading', { name: 'Nu: Idéinsamling' })).toBeVisible();
	await expect(projector.getByRole('timer')).toHaveCount(0);
	await command(moderator, 'timer:start', { seconds: 300, autoAdvance: false });
	await expect(projector.getByRole('timer', { name: 'Tid kvar' })).toHaveText(/^0[45]:\d\d$/);
	// The projector is no person in the room: the moderator's presence count leaves it out.
	await expect(moderatorPage.getByRole('heading', { name: /^Här nu: 1$/ })).toBeVisible();
	const busIdea = `n-${randomUUID()}`;
	const trainIdea = `n-${randomUUID()}`;
	await command(anna, 'note:add', { id: busIdea, text: 'Fler bussar till vårdcentralen' });
	await command(bo, 'note:add', { id: trainIdea, text: 'Nattåg för sjukresor' });
	await expect(projector.getByTestId('projector-private-count')).toHaveText('2');
	await expect(projector.getByText('Fler bussar till vårdcentralen')).toHaveCount(0);
	await expectNoAxeViolations(projector);

	// Reveal, group, vote and reveal the votes: the results appear as labelled bars and a table.
	await command(moderator, 'notes:reveal', {});
	await expect(projector.getByText('Fler bussar till vårdcentralen')).toBeVisible();
	await command(moderator, 'meeting:phase', { phase: 'group' });
	await command(moderator, 'cluster:create', { id: 'c-transport', title: 'Resor till vården' });
	await command(moderator, 'cluster:create', { id: 'c-staffing', title: 'Personal' });
	await command(moderator, 'note:move', { id: busIdea, clusterId: 'c-transport' });
	await command(moderator, 'note:move', { id: trainIdea, clusterId: 'c-transport' });
	await expect(projector.getByRole('region', { name: 'Resor till vården' }).getByText('Nattåg för sjukresor')).toBeVisible();
	await command(moderator, 'meeting:phase', { phase: 'vote' });
	await command(anna, 'vote:place', { itemKind: 'cluster', itemId: 'c-transport', key: `v-${randomUUID()}` });
	await command(bo, 'vote:place', { itemKind: 'cluster', itemId: 'c-transport', key: `v-${randomUUID()}` });
	await command(bo, 'vote:place', { itemKind: 'cluster', itemId: 'c-staffing', key: `v-${randomUUID()}` });
	await expect(projector.getByRole('heading', { name: 'Resultat' })).toHaveCount(0);
	await command(moderator, 'votes:reveal', {});

	const results = projector.getByRole('region', { name: 'Resultat' });
	await expect(results).toBeVisible();
	await expect(results.getByText('2 personer har röstat.')).toBeVisible();
	const bars = results.locator('.chart li');
	await expect(bars).toHaveCount(2);
	await expect(bars.nth(0)).toContainText('Resor till vården');
	await expect(bars.nth(0)).toContainText('2 röster');
	await expect(bars.nth(1)).toContainText('Personal');
	await expect(bars.nth(1)).toContainText('1 röst');
	const table = results.getByRole('table', { name: 'Röster per grupp och idé, flest först' });
	await expect(table.getByRole('row', { name: 'Resor till vården 2' })).toHaveCount(1);
	await expect(projector.getByText('Anna Annasdotter')).toHaveCount(0);
	await expect(projector.getByText('Bo Bosson')).toHaveCount(0);
	await expectNoAxeViolations(projector);

	// Rank: the priority list in the moderator's order.
	await command(moderator, 'meeting:phase', { phase: 'rank' });
	await command(moderator, 'rank:update', { clusterId: 'c-transport', isTop: true, rationale: 'Flest röster' });
	const priorities = projector.getByRole('region', { name: 'Prioriteringar' });
	await expect(priorities.getByRole('listitem').first()).toContainText('Resor till vården');
	await expect(priorities.getByRole('listitem').first()).toContainText('Topprioritet');
	await expectNoAxeViolations(projector);

	// The same screen at 1280×720 still shows the code and the QR code without scrolling; once the
	// meeting runs they sit small in a corner (issue 8: at most a tenth of the screen).
	await projector.setViewportSize({ width: 1280, height: 720 });
	for (const locator of [projector.getByTestId('projector-join-code'), qr]) {
		const box = (await locator.boundingBox())!;
		expect(box.y + box.height).toBeLessThanOrEqual(720);
		expect(box.x + box.width).toBeLessThanOrEqual(1280);
	}
	const area = (await projector.getByTestId('projector-join-area').boundingBox())!;
	expect(area.width * area.height).toBeLessThanOrEqual(0.1 * 1280 * 720);

	// After a reload the moderator shows the same link again (issue 8); the projector keeps working.
	await moderatorPage.reload();
	await moderatorPage.getByRole('button', { name: 'Visa projektorlänk' }).click();
	await expect(linkField).toHaveValue(link);
	await projector.reload();
	await expect(projector.getByTestId('projector-join-code')).toBeVisible();

	// Replacing the link asks first; cancelling changes nothing.
	await moderatorPage.getByRole('button', { name: 'Byt projektorlänk…' }).click();
	await moderatorPage.getByRole('button', { name: 'Avbryt' }).click();
	await expect(linkField).toHaveValue(link);
	// A new link replaces the old one: the old screen's next load says to ask for a new link.
	await moderatorPage.getByRole('button', { name: 'Byt projektorlänk…' }).click();
	await moderatorPage.getByRole('button', { name: 'Ja, byt länk' }).click();
	await expect(linkField).not.toHaveValue(link);
	await projector.reload();
	await expect(projector.getByText('Projektorlänken är ogiltig eller ersatt – be moderatorn om en ny.')).toBeVisible();
	await expectNoAxeViolations(projector);
	await screen.close();
});
