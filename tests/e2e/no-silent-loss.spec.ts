import { randomUUID } from 'node:crypto';
import { expect, test } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { command as send, meetingSocket } from '../integration/board-fixtures';
import {
	BASE,
	createMeetingWithApi,
	createModeratorWithCli,
	expectNoAxeViolations,
	joinInBrowser,
	joinWithApi,
	mine,
	sessionCookie,
	withApi
} from './helpers';

// Issue 8, point 6 (no silent loss): an idea says "sparad" only once the server has acknowledged
// it, in private and public brainstorms alike, and says plainly when it waits; a rationale is saved
// as it is typed, with a visible "Sparad", and is in the theme input after the close.

const MODERATOR = { email: 'no-loss-e2e@region.example', name: 'Nils Noggrann', password: 'a long e2e passphrase for no silent loss' };
const sockets: Socket[] = [];

test.beforeAll(async () => {
	await createModeratorWithCli(MODERATOR, { orExisting: true });
});
test.afterAll(() => {
	for (const socket of sockets) socket.close();
});

async function command(socket: Socket, name: string, payload: unknown) {
	const ack = await send(socket, name, payload);
	expect(ack, `${name} ${JSON.stringify(payload)} → ${JSON.stringify(ack)}`).toMatchObject({ ok: true });
}

for (const notesPrivateUntilReveal of [true, false]) {
	const kind = notesPrivateUntilReveal ? 'private' : 'public';
	test(`in a ${kind} brainstorm an idea shows "sparad" after the server's acknowledgement, and "offline" while it waits`, async ({ browser }) => {
		const theme = `Digital region (${kind} e2e)`;
		const { token, meeting } = await createMeetingWithApi(MODERATOR, `RUS (no loss, ${kind})`, { themeTitle: theme, notesPrivateUntilReveal });
		const moderator = await meetingSocket(BASE, meeting.id, token);
		sockets.push(moderator);
		await command(moderator, 'meeting:phase', { phase: 'brainstorm' });

		const phone = await joinInBrowser(browser, meeting.joinCode.replaceAll('-', ''), 'Frida', { phone: true, theme });
		const idea = phone.getByLabel('Din idé', { exact: true });
		const status = phone.locator('.write .status');
		await idea.fill('Fiber till varje by');
		await phone.getByRole('button', { name: 'Skicka idén' }).click();
		await expect(status).toHaveText('Din idé är sparad.');
		const first = mine(phone).getByRole('listitem').filter({ hasText: 'Fiber till varje by' });
		await expect(first).toContainText('sparad');
		await expect(first).not.toContainText('skickas');

		// Offline: the idea waits, and both the write box and the idea say so; back online, it is saved.
		await phone.context().setOffline(true);
		await idea.fill('Laddstolpar vid bygdegårdar');
		await phone.getByRole('button', { name: 'Skicka idén' }).click();
		await expect(status).toHaveText('Offline – dina idéer skickas när du är ansluten igen');
		const second = mine(phone).getByRole('listitem').filter({ hasText: 'Laddstolpar vid bygdegårdar' });
		await expect(second).toContainText('skickas…');
		await expectNoAxeViolations(phone, `phone, ${kind} brainstorm, offline`);
		await phone.context().setOffline(false);
		await expect(status).toHaveText('Din idé är sparad.');
		await expect(second).toContainText('sparad');
		await expect(second).not.toContainText('skickas');
		await phone.context().close();
	});
}

test('a rationale typed and never saved with the button is saved as it is typed, and is in the theme input after the close', async ({ page }) => {
	const { token, meeting } = await createMeetingWithApi(MODERATOR, 'RUS (no loss, ranking)', { themeTitle: 'Mobilitet (rationale e2e)' });
	const moderator = await meetingSocket(BASE, meeting.id, token);
	sockets.push(moderator);
	const { token: participantToken } = await joinWithApi({ code: meeting.joinCode, displayName: 'Gustav', attendance: 'remote' });
	const participant = await meetingSocket(BASE, meeting.id, participantToken);
	sockets.push(participant);
	await command(moderator, 'meeting:phase', { phase: 'brainstorm' });
	const ideas = [`n-${randomUUID()}`, `n-${randomUUID()}`];
	await command(participant, 'note:add', { id: ideas[0], text: 'Tätare busstrafik' });
	await command(participant, 'note:add', { id: ideas[1], text: 'Cykelbanor mellan byarna' });
	await command(moderator, 'notes:reveal', {});
	await command(moderator, 'meeting:phase', { phase: 'group' });
	await command(moderator, 'cluster:create', { id: 'c-buses-all', title: 'Kollektivtrafik' });
	await command(moderator, 'cluster:create', { id: 'c-bicycles', title: 'Cykel' });
	await command(moderator, 'note:move', { id: ideas[0], clusterId: 'c-buses-all' });
	await command(moderator, 'note:move', { id: ideas[1], clusterId: 'c-bicycles' });
	await command(moderator, 'meeting:phase', { phase: 'vote' });
	await command(moderator, 'meeting:phase', { phase: 'rank' });

	await page.context().addCookies([sessionCookie(token)]);
	await page.goto(`/m/${meeting.id}`);
	const bus = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Kollektivtrafik' }) });
	const rationale = bus.getByLabel('Motivering för Kollektivtrafik');
	await rationale.fill('Flest röster; bussen binder ihop länet.');
	await expect(bus.getByText('Sparad', { exact: true })).toBeVisible();

	// Offline the rationale cannot be saved: it says so, keeps the text, and saves once back online.
	await page.context().setOffline(true);
	const bike = page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: 'Cykel' }) });
	await bike.getByLabel('Motivering för Cykel').fill('Billigt och friskt.');
	await expect(bike.getByText('Inte sparad – försöker igen. Texten finns kvar.')).toBeVisible();
	await expectNoAxeViolations(page, 'ranking with an unsaved rationale');
	await page.context().setOffline(false);
	await expect(bike.getByText('Sparad', { exact: true })).toBeVisible();

	await page.getByRole('button', { name: 'Avsluta mötet' }).click();
	await page.getByRole('button', { name: 'Ja, avsluta mötet' }).click();
	await expect(page.getByRole('heading', { name: /Avslutat/ }).first()).toBeVisible();
	// The closed list's hint fits the phase (issue 8, point 7): nobody is ordering it any more.
	await expect(page.getByText('Mötet är avslutat. Det här är den slutliga prioriteringslistan.')).toBeVisible();
	await expect(page.getByText('Moderatorn ordnar listan.', { exact: false })).toHaveCount(0);

	const input = await withApi(async (api) => {
		const response = await api.get(`/api/v1/meetings/${meeting.id}/theme-input`, { headers: { authorization: `Bearer ${token}` } });
		expect(response.status()).toBe(200);
		return response.json();
	});
	const clusters = (input.clusters ?? input.themeInput?.clusters) as { title: string; rationale: string }[];
	expect(clusters.find((c) => c.title === 'Kollektivtrafik')?.rationale).toBe('Flest röster; bussen binder ihop länet.');
	expect(clusters.find((c) => c.title === 'Cykel')?.rationale).toBe('Billigt och friskt.');
});
