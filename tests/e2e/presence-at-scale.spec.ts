import { expect, test } from '@playwright/test';
import WebSocket from 'ws';
import { normaliseJoinCode } from '../../src/lib/join-code';
import { awarenessMessage } from '../integration/board-fixtures';
import { BASE, createMeetingWithApi, createModeratorWithCli, expectNoAxeViolations, joinInBrowser, joinWithApi, signInWithForm, type ApiMeeting } from './helpers';

// Issue 15: a meeting over the presence list limit (100 presence states). Eleven people hold ten
// board connections each (the most one person may open), each with a presence state, as scripts:
// 110 states. The moderator's presence panel then counts everyone, lists the moderator and whoever
// types, and says how many more are here.

const MODERATOR = { email: 'presence-e2e@region.example', name: 'Pia Presensmoderator', password: 'a long e2e passphrase for presence' };
const THEME = 'Presens i stora möten (e2e)';
const PEOPLE = 11;
const CONNECTIONS_EACH = 10;

let meeting: ApiMeeting;
/** The scripted connections, each speaking for one Yjs client id with its own clock. */
const sockets: { ws: WebSocket; clientId: number; clock: number; state: unknown }[] = [];
let renewals: ReturnType<typeof setInterval> | undefined;

/** Sends a connection's state with its next clock (y-protocols ignores a clock that is not newer). */
function say(socket: (typeof sockets)[number], state: unknown): void {
	socket.state = state;
	socket.ws.send(awarenessMessage(socket.clientId, ++socket.clock, state));
}

test.beforeAll(async () => {
	test.setTimeout(60_000);
	await createModeratorWithCli(MODERATOR);
	({ meeting } = await createMeetingWithApi(MODERATOR, 'RUS 2020–2040 (presens e2e)', { themeTitle: THEME, guidingQuestions: ['Vad behövs?'] }));
	const wsBase = BASE.replace(/^http/, 'ws');
	for (let p = 0; p < PEOPLE; p++) {
		const { token } = await joinWithApi({ code: meeting.joinCode, displayName: `Deltagare ${p + 1}`, attendance: p < 4 ? 'on_site' : 'remote' });
		for (let c = 0; c < CONNECTIONS_EACH; c++) {
			const ws = new WebSocket(`${wsBase}/yjs/${meeting.id}?token=${token}`);
			await new Promise((resolve, reject) => {
				ws.once('open', resolve);
				ws.once('error', reject);
			});
			const socket = { ws, clientId: 10_000 + p * 100 + c, clock: 0, state: null };
			sockets.push(socket);
			say(socket, { typing: false });
		}
		// As the stock provider does (every 15 s): the server drops a state not renewed within 30 s,
		// and opening these one by one, then signing in and joining, may take longer than that.
		renewals ??= setInterval(() => {
			for (const s of sockets) if (s.ws.readyState === WebSocket.OPEN) say(s, s.state);
		}, 10_000);
	}
});

test.afterAll(() => {
	clearInterval(renewals);
	for (const { ws } of sockets) ws.close();
});

test('in a meeting of more than a hundred connections the presence panel counts everyone and lists the moderator and whoever types', async ({ browser, page: moderator }) => {
	await signInWithForm(moderator, MODERATOR, `/m/${meeting.id}`);
	const anna = await joinInBrowser(browser, normaliseJoinCode(meeting.joinCode), 'Anna Andersson', { phone: false, theme: THEME });

	// Thirteen people: the eleven, Anna (remote) and the moderator (no attendance); only the moderator is listed.
	const panel = moderator.getByRole('region', { name: /^Här nu/ });
	await expect(panel.getByRole('heading', { name: 'Här nu: 13' })).toBeVisible();
	await expect(panel).toContainText('4 på plats · 8 på distans');
	await expect(panel).toContainText('12 till är här men listas inte');
	await panel.getByText('Visa vilka som är här').click();
	await expect(panel.getByRole('listitem')).toHaveCount(1);

	// Someone who types is shown, to Anna as to the moderator.
	say(sockets[0], { typing: true });
	await expect(panel).toContainText('Deltagare 1 skriver…');
	await expect(panel.getByRole('listitem').filter({ hasText: 'Deltagare 1' })).toBeVisible();
	await expect(panel).toContainText('11 till är här men listas inte');
	const annasPanel = anna.getByRole('region', { name: /^Här nu/ });
	await expect(annasPanel).toContainText('Deltagare 1 skriver…');
	await expect(annasPanel.getByRole('heading', { name: 'Här nu: 13' })).toBeVisible();
	await expectNoAxeViolations(moderator, 'the presence panel of a large meeting', 'section.presence');
	await expectNoAxeViolations(anna, 'the presence panel of a large meeting, participant', 'section.presence');

	// Stopping typing takes them off the list again.
	say(sockets[0], { typing: false });
	await expect(panel.getByRole('listitem')).toHaveCount(1);
	await expect(panel).not.toContainText('skriver…');
});
