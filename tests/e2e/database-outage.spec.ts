import { expect, test } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { connect } from '../../src/lib/server/db/sql';
import { startEmbeddedPostgres } from '../../src/lib/server/db/embedded';
import { command, meetingSocket } from '../integration/board-fixtures';
import { E2E_DATA_DIR } from './env';
import { BASE, board, card, createMeetingWithApi, createModeratorWithCli, expectNoAxeViolations, joinInBrowser, mine } from './helpers';

// A browser whose meeting socket reconnected while PostgreSQL was away had its handshake refused
// UNAVAILABLE, and socket.io does not retry a refused handshake: the page stayed offline for good
// after a blip. Now the page tries again with backoff and comes back once PostgreSQL does.

const MODERATOR = { email: 'outage-e2e@region.example', name: 'Olle Avbrott', password: 'a long e2e passphrase for the outage' };
const THEME = 'Digital region (outage e2e)';
const OFFLINE = 'Offline – dina idéer skickas när du är ansluten igen';
const sockets: Socket[] = [];

test.beforeAll(async () => {
	await createModeratorWithCli(MODERATOR, { orExisting: true });
});
test.afterAll(() => {
	for (const socket of sockets) socket.close();
});

/**
 * Cuts the server's database off, as an outage does: PostgreSQL (the server's embedded one) ends its
 * connections and refuses new ones until `end()`. The test's own connection is to another database.
 */
async function outage(): Promise<{ end(): Promise<void> }> {
	const { url } = await startEmbeddedPostgres(E2E_DATA_DIR, { role: 'tool' });
	const maintenance = new URL(url);
	const database = maintenance.pathname.slice(1);
	maintenance.pathname = '/postgres';
	const admin = connect(maintenance.toString(), { max: 1 });
	await admin.unsafe(`alter database ${database} allow_connections false`);
	await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${database}`;
	let ended = false;
	return {
		async end() {
			if (ended) return;
			ended = true;
			await admin.unsafe(`alter database ${database} allow_connections true`);
			await admin.end();
		}
	};
}

test('a participant whose reconnect is refused while PostgreSQL is away comes back online by itself, and her next idea reaches the others', async ({ browser }) => {
	const { token, meeting } = await createMeetingWithApi(MODERATOR, 'RUS (outage e2e)', { themeTitle: THEME, notesPrivateUntilReveal: false });
	const moderator = await meetingSocket(BASE, meeting.id, token);
	sockets.push(moderator);
	expect(await command(moderator, 'meeting:phase', { phase: 'brainstorm' })).toMatchObject({ ok: true });
	const code = meeting.joinCode.replaceAll('-', '');
	const anna = await joinInBrowser(browser, code, 'Anna', { phone: true, theme: THEME });
	const bo = await joinInBrowser(browser, code, 'Bo', { phone: false, theme: THEME });
	await expect(anna.getByText(OFFLINE)).toHaveCount(0);

	// What the server answers Anna's meeting-socket handshakes with.
	const refusals: string[] = [];
	anna.on('websocket', (ws) => ws.on('framereceived', ({ payload }) => String(payload).includes('"code":"UNAVAILABLE"') && refusals.push(String(payload))));

	const cut = await outage();
	try {
		// Her network drops and comes back while PostgreSQL is away: her reconnect is refused.
		await anna.context().setOffline(true);
		await expect(anna.getByRole('status').filter({ hasText: OFFLINE })).toBeVisible();
		await anna.context().setOffline(false);
		await expect.poll(() => refusals.length).toBeGreaterThan(0);
		await expect(anna.getByRole('status').filter({ hasText: OFFLINE })).toBeVisible();
		await expectNoAxeViolations(anna, 'board page, offline while PostgreSQL is away');
	} finally {
		await cut.end();
	}

	// No reload, no click: the page tries again and is online once PostgreSQL is back (the meeting
	// socket's and the board's backoff are at most 10 s each).
	await expect(anna.getByText(OFFLINE)).toHaveCount(0, { timeout: 30_000 });
	const idea = 'Bredband som tål ett avbrott';
	await anna.getByLabel('Din idé', { exact: true }).fill(idea);
	await anna.getByRole('button', { name: 'Skicka idén' }).click();
	await expect(card(mine(anna), idea).getByText('skickas…')).toHaveCount(0);
	await expect(card(board(bo), idea)).toBeVisible();
	await expect(card(board(bo), idea)).toHaveCount(1);
	await anna.context().close();
	await bo.context().close();
});
