import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { listClusters, listNotes } from '../../src/lib/board/read';
import { boardClient, command as send, meetingSocket, until } from '../integration/board-fixtures';
import { BASE, createMeetingWithApi, createModeratorWithCli, expectNoAxeViolations, joinWithApi, type ApiMeeting } from './helpers';

// Issue 8: grouping by everyone at once. Ten participants group 100 ideas in parallel, each
// forming a group of their own from ideas spread over the whole board: four of them in real
// browsers through the workspace's search and multi-select (one of them on a phone), six as
// scripts over socket.io, moving one idea at a time. Every move is acknowledged, and in the end
// every browser and every board client shows the same ten groups of ten, with nothing lost.

const MODERATOR = { email: 'parallel-e2e@region.example', name: 'Pia Parallell', password: 'a long e2e passphrase for parallel grouping' };
const ACTORS = 10;
const BROWSERS = 4;
const IDEAS_EACH = 10;

let meeting: ApiMeeting;
let moderator: Socket;
const tokens: string[] = [];
const sockets: Socket[] = [];
/** Each actor's team tag (in the text of the ideas that actor groups) and group title. */
const team = (i: number) => `lag-${String(i + 1).padStart(2, '0')}`;
const title = (i: number) => `Lag ${i + 1}`;
/** Idea ids by the actor who groups them. */
const ideasOf: string[][] = Array.from({ length: ACTORS }, () => []);

async function command(socket: Socket, name: string, payload: unknown) {
	const ack = await send(socket, name, payload);
	expect(ack, name).toMatchObject({ ok: true });
	return ack;
}

test.beforeAll(async () => {
	test.setTimeout(60_000);
	await createModeratorWithCli(MODERATOR);
	let token: string;
	({ token, meeting } = await createMeetingWithApi(MODERATOR, 'RUS 2020–2040 (parallell e2e)', {
		themeTitle: 'Hållbara samhällen (parallell e2e)',
		whoMayGroup: 'everyone'
	}));
	moderator = await meetingSocket(BASE, meeting.id, token);
	await command(moderator, 'meeting:phase', { phase: 'brainstorm' });
	await Promise.all(
		Array.from({ length: ACTORS }, async (_, p) => {
			const joined = await joinWithApi({ code: meeting.joinCode, displayName: `Grupperare ${p + 1}`, attendance: 'on_site' });
			tokens[p] = joined.token;
			sockets[p] = await meetingSocket(BASE, meeting.id, joined.token);
			// Each author's ideas go to ten different groups: every group gathers ideas from all over the board.
			for (let k = 0; k < IDEAS_EACH; k++) {
				const actor = (p + k) % ACTORS;
				const id = `n-par-${String(p).padStart(2, '0')}-${k}`;
				await command(sockets[p], 'note:add', { id, text: `Idé ${p * IDEAS_EACH + k + 1} [${team(actor)}]: gång- och cykelvägar i byarna` });
				ideasOf[actor].push(id);
			}
		})
	);
	await command(moderator, 'meeting:phase', { phase: 'group' });
});

test.afterAll(() => {
	moderator?.close();
	for (const socket of sockets) socket?.close();
});

/** A participant's browser on the board: three laptops and, last, a phone. */
async function openBoard(context: BrowserContext, actor: number): Promise<Page> {
	await context.addCookies([{ name: `samla_p_${meeting.id.replace(/-/g, '')}`, value: tokens[actor], url: BASE, httpOnly: true, sameSite: 'Lax' }]);
	const page = await context.newPage();
	await page.goto(`/m/${meeting.id}`);
	await expect(page.getByRole('region', { name: 'Utan grupp' }).locator('[data-note-id]')).toHaveCount(ACTORS * IDEAS_EACH);
	return page;
}

/** In the browser: find the team's ideas, select them all, and make them a new group (four actions). */
async function groupInBrowser(page: Page, actor: number) {
	await page.getByLabel('Sök bland idéerna').fill(`[${team(actor)}]`);
	await page.getByRole('button', { name: `Markera alla synliga (${IDEAS_EACH})` }).click();
	await page.getByLabel('Namn på ny grupp (frivilligt)').fill(title(actor));
	await page.getByRole('button', { name: 'Ny grupp av markerade' }).click();
	await expect(page.getByRole('region', { name: title(actor), exact: true }).locator('[data-note-id]')).toHaveCount(IDEAS_EACH);
	await page.getByLabel('Sök bland idéerna').fill('');
}

/** Over socket.io: a new group, then each idea moved into it with its own acknowledged command. */
async function groupOverSocket(actor: number) {
	const clusterId = `c-par-${team(actor)}`;
	await command(sockets[actor], 'cluster:create', { id: clusterId, title: title(actor) });
	for (const id of ideasOf[actor]) await command(sockets[actor], 'note:move', { id, clusterId });
}

test('ten participants grouping 100 ideas at once: every move is acknowledged and every screen ends with the same ten groups of ten', async ({
	browser
}) => {
	// Four browsers drawing 100 ideas each, on two shared cores: about 40 s under heavy load.
	test.setTimeout(120_000);
	const contexts = await Promise.all(
		Array.from({ length: BROWSERS }, (_, i) =>
			browser.newContext(
				i === BROWSERS - 1
					? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'sv-SE' }
					: { viewport: { width: 1280, height: 800 }, locale: 'sv-SE' }
			)
		)
	);
	const pages = await Promise.all(contexts.map((context, i) => openBoard(context, i)));
	const clients = Array.from({ length: ACTORS - BROWSERS }, (_, i) => boardClient(BASE, meeting.id, tokens[BROWSERS + i]));
	await Promise.all(clients.map((client) => client.synced));

	// A keyboard's shortcuts are explained on a laptop, not on the phone.
	await expect(pages[0].getByText('Mellanslag markerar med tangentbordet')).toBeVisible();
	await expect(pages[BROWSERS - 1].getByText('Mellanslag markerar med tangentbordet')).toBeHidden();

	await Promise.all([
		...pages.map((page, i) => groupInBrowser(page, i)),
		...Array.from({ length: ACTORS - BROWSERS }, (_, i) => groupOverSocket(BROWSERS + i))
	]);

	const expected = new Map(ideasOf.flatMap((ids, actor) => ids.map((id) => [id, title(actor)] as const)));
	// Every board client (a script's replica) sees every idea in its actor's group, and no idea lost.
	for (const client of clients) {
		await until(
			client.doc,
			(doc) => {
				const notes = listNotes(doc);
				return notes.length === ACTORS * IDEAS_EACH && notes.every((n) => n.clusterId !== null);
			},
			20_000
		);
		const titles = new Map(listClusters(client.doc).map((c) => [c.id, c.title]));
		expect(new Map(listNotes(client.doc).map((n) => [n.id, titles.get(n.clusterId!)]))).toEqual(expected);
	}
	// Every browser shows the ten groups with their ten ideas each (as read from the page: each
	// idea card under its group's heading), nothing left over, nothing waiting or failed.
	const shown = (page: Page) =>
		page.evaluate(() =>
			[...document.querySelectorAll<HTMLElement>('section[data-cluster-id]')].flatMap((section) =>
				[...section.querySelectorAll<HTMLElement>('[data-note-id]')].map((card): [string, string] => [card.dataset.noteId!, section.querySelector('h3')?.textContent ?? ''])
			)
		);
	for (const page of pages) {
		await expect.poll(async () => new Map(await shown(page)), { timeout: 20_000 }).toEqual(expected);
		await expect(page.locator('.failure')).toHaveCount(0);
		await expect(page.getByText('skickas…', { exact: true })).toHaveCount(0);
	}
	// axe over the phone's grouping tools and one group (over all 100 ideas it takes half a minute).
	await expectNoAxeViolations(pages[BROWSERS - 1], 'phone grouping 390×844', '.finder');
	await expectNoAxeViolations(pages[BROWSERS - 1], 'phone grouping 390×844', '.columns > section:first-child');
	for (const client of clients) client.destroy();
	await Promise.all(contexts.map((context) => context.close()));
});
