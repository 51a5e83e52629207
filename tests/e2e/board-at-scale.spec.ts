import { expect, test, type Page } from '@playwright/test';
import type { Socket } from 'socket.io-client';
import { normaliseJoinCode } from '../../src/lib/join-code';
import { accepted, command as send, meetingSocket } from '../integration/board-fixtures';
import { BASE, createMeetingWithApi, createModeratorWithCli, expectNoAxeViolations, joinWithApi, signInWithForm, type ApiMeeting } from './helpers';

type Progress = { voters: number; participants: number };

// Issue 8: the board at the size of a real meeting. 40 participants write 160 ideas (through the
// API and socket.io, as scripts would); the moderator has grouped most of them into 8 groups. The
// views are then checked at the sizes people use: the moderator's laptop, the projector, a phone.

const MODERATOR = { email: 'scale-e2e@region.example', name: 'Sara Skalmoderator', password: 'a long e2e passphrase for the big board' };
const THEME = 'Framtidens arbetsmarknad (skala e2e)';
const PARTICIPANTS = 40;
const IDEAS_EACH = 4;
const GROUPS = 8;
const PER_GROUP = 15;

const TOPICS = ['lärlingsplatser', 'pendling', 'bredband', 'vuxenutbildning', 'företagande', 'kompetens', 'bostäder', 'kultur'];

let meeting: ApiMeeting;
let moderator: Socket;
/** The participants' sockets and tokens, in the order they joined. */
const sockets: Socket[] = [];
const tokens: string[] = [];
/** What the moderators were last told about how many have voted. */
let progress: Progress | null = null;
const groupTitles = Array.from({ length: GROUPS }, (_, i) => `Tema ${i + 1}: ${TOPICS[i]}`);

async function command(socket: Socket, name: string, payload: unknown) {
	const ack = await send(socket, name, payload);
	expect(ack, `${name}`).toMatchObject({ ok: true });
	return ack;
}

test.beforeAll(async () => {
	test.setTimeout(60_000);
	await createModeratorWithCli(MODERATOR);
	let token: string;
	({ token, meeting } = await createMeetingWithApi(MODERATOR, 'RUS 2020–2040 (skala e2e)', {
		themeTitle: THEME,
		guidingQuestions: ['Vad behöver arbetsmarknaden i länet?', 'Vem saknas i dag?'],
		whoMayGroup: 'moderators',
		votesPerParticipant: 5
	}));
	moderator = await meetingSocket(BASE, meeting.id, token);
	moderator.on('votes:progress', (latest: Progress) => (progress = latest));
	await command(moderator, 'meeting:phase', { phase: 'brainstorm' });
	const ideaIds: string[] = [];
	await Promise.all(
		Array.from({ length: PARTICIPANTS }, async (_, p) => {
			const { token: participantToken } = await joinWithApi({
				code: meeting.joinCode,
				displayName: `Deltagare ${p + 1}`,
				attendance: p % 3 === 0 ? 'remote' : 'on_site'
			});
			const socket = await meetingSocket(BASE, meeting.id, participantToken);
			sockets[p] = socket;
			tokens[p] = participantToken;
			for (let i = 0; i < IDEAS_EACH; i++) {
				const id = `n-scale-${String(p).padStart(2, '0')}-${i}`;
				const topic = TOPICS[(p + i) % TOPICS.length];
				await command(socket, 'note:add', { id, text: `Idé ${p * IDEAS_EACH + i + 1}: mer satsning på ${topic} i hela länet` });
				ideaIds.push(id);
			}
		})
	);
	await command(moderator, 'meeting:phase', { phase: 'group' });
	ideaIds.sort();
	for (const [g, title] of groupTitles.entries()) {
		const id = `c-scale-group-${g}`;
		await command(moderator, 'notes:move', { ids: ideaIds.slice(g * PER_GROUP, (g + 1) * PER_GROUP), clusterId: id, newCluster: { id, title } });
	}
});

test.afterAll(() => {
	moderator?.close();
	for (const socket of sockets) socket.close();
});

/** How many idea cards lie entirely inside the first viewport. */
async function ideasInViewport(page: Page): Promise<number> {
	return page.evaluate(() => {
		const height = window.innerHeight;
		return [...document.querySelectorAll('[data-note-id]')].filter((el) => {
			const box = el.getBoundingClientRect();
			return box.height > 0 && box.top >= 0 && box.bottom <= height;
		}).length;
	});
}

test('the moderator at 1440×900 sees at least 20 ideas at once and moves 10 to a new group in three actions, as one audited command', async ({
	page
}) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	const sent: string[] = [];
	page.on('websocket', (ws) => ws.on('framesent', ({ payload }) => typeof payload === 'string' && sent.push(payload)));
	await signInWithForm(page, MODERATOR, `/m/${meeting.id}`);
	const ungrouped = page.getByRole('region', { name: 'Utan grupp' });
	await expect(ungrouped.locator('[data-note-id]')).toHaveCount(PARTICIPANTS * IDEAS_EACH - GROUPS * PER_GROUP);
	await page.evaluate(() => window.scrollTo(0, 0));
	expect(await ideasInViewport(page)).toBeGreaterThanOrEqual(20);
	await expectNoAxeViolations(page, 'moderator workspace 1440×900');

	const labels = ungrouped.locator('[data-note-id] label');
	const first = (await labels.nth(0).textContent())!;
	const tenth = (await labels.nth(9).textContent())!;
	// 1: click the first idea; 2: shift-click the tenth; 3: "Ny grupp av markerade".
	await labels.nth(0).click();
	await labels.nth(9).click({ modifiers: ['Shift'] });
	await expect(page.getByText('10 markerade')).toBeVisible();
	await page.getByRole('button', { name: 'Ny grupp av markerade' }).click();

	const group = page.getByRole('region', { name: `Grupp ${GROUPS + 1}` });
	await expect(group.locator('[data-note-id]')).toHaveCount(10);
	await expect(group.getByText(first)).toBeVisible();
	await expect(group.getByText(tenth)).toBeVisible();
	expect(sent.filter((frame) => frame.includes('"notes:move"'))).toHaveLength(1);
	expect(sent.filter((frame) => frame.includes('"note:move"') || frame.includes('"cluster:create"'))).toHaveLength(0);

	await page.locator('summary', { hasText: 'Händelselogg' }).click();
	await page.getByRole('button', { name: 'Uppdatera loggen' }).click();
	await expect(page.getByRole('cell', { name: `Flyttade 10 idéer till den nya gruppen Grupp ${GROUPS + 1}` })).toHaveCount(1);
});

/** The projector's page fits its screen: nothing below the fold, every group's title and count in view. */
async function expectProjectorFits(projector: Page, size: { width: number; height: number }, groups: number) {
	await projector.setViewportSize(size);
	// The projector page is the screen: measured once it has been laid out for the new size.
	await projector.waitForFunction((height) => window.innerHeight === height, size.height);
	const fits = await projector.evaluate(() => ({
		documentHeight: document.documentElement.scrollHeight,
		viewport: window.innerHeight,
		titles: [...document.querySelectorAll('.cluster .title')].map((el) => {
			const box = el.getBoundingClientRect();
			return box.height > 0 && box.top >= 0 && box.bottom <= window.innerHeight;
		})
	}));
	expect(fits.documentHeight, `${size.width}×${size.height}`).toBeLessThanOrEqual(fits.viewport);
	expect(fits.titles, `${size.width}×${size.height}`).toEqual(Array.from({ length: groups }, () => true));
	const join = (await projector.getByTestId('projector-join-area').boundingBox())!;
	expect((join.width * join.height) / (size.width * size.height), 'join code area').toBeLessThanOrEqual(0.1);
	await expectNoAxeViolations(projector, `projector ${size.width}×${size.height}`);
}

test('the projector in grouping shows every group with its count on one screen at 1920×1080 and 1280×720, the join code small in a corner', async ({
	browser
}) => {
	const { path } = accepted(await send(moderator, 'projector:link', {}));
	const screen = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'sv-SE' });
	const projector = await screen.newPage();
	await projector.goto(path);
	await expect(projector.getByRole('heading', { level: 3, name: groupTitles[GROUPS - 1] })).toBeVisible();
	const groups = await projector.locator('.cluster .title').count();
	expect(groups).toBeGreaterThanOrEqual(GROUPS);
	await expectProjectorFits(projector, { width: 1920, height: 1080 }, groups);
	await expectProjectorFits(projector, { width: 1280, height: 720 }, groups);
	// Latecomers: the moderator's screen can show the code big again.
	await projector.getByRole('button', { name: 'Visa koden stort' }).click();
	await expect(projector.getByRole('button', { name: 'Visa koden mindre' })).toBeVisible();
	await screen.close();
});

/** The top and bottom of `locator`'s box lie inside the viewport. */
async function inViewport(page: Page, locator: ReturnType<Page['locator']>): Promise<boolean> {
	const box = await locator.boundingBox();
	const height = page.viewportSize()!.height;
	return !!box && box.height > 0 && box.y >= 0 && box.y + box.height <= height;
}

test('a phone at 390×844 votes from the first screen: groups are titles with vote buttons, the votes left stay in sight to the last group', async ({
	browser
}) => {
	await command(moderator, 'meeting:phase', { phase: 'vote' });
	const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'sv-SE' });
	await phone.addCookies([{ name: `samla_p_${meeting.id.replace(/-/g, '')}`, value: tokens[0], url: BASE, httpOnly: true, sameSite: 'Lax' }]);
	const page = await phone.newPage();
	await page.goto(`/m/${meeting.id}`);
	const first = page.getByRole('region', { name: groupTitles[0] });
	const voteButton = first.getByRole('button', { name: 'Lägg röst' });
	await expect(voteButton).toBeVisible();
	expect(await inViewport(page, voteButton), 'a vote button in the first viewport').toBe(true);
	// Each group is its title, count and votes; its ideas come on a tap.
	await expect(first.getByText(`${PER_GROUP} idéer`)).toBeVisible();
	await expect(first.locator('[data-note-id]').first()).toBeHidden();
	await first.getByText(`Visa idéerna (${PER_GROUP})`).tap();
	await expect(first.locator('[data-note-id]')).toHaveCount(PER_GROUP);
	await expect(first.locator('[data-note-id]').first()).toBeVisible();

	const left = page.getByTestId('votes-left');
	await expect(left).toHaveText('Rösta: du har 5 av 5 röster kvar.');
	await voteButton.tap();
	await expect(left).toHaveText('Rösta: du har 4 av 5 röster kvar.');
	const last = page.getByRole('region', { name: groupTitles[GROUPS - 1] });
	await last.getByRole('button', { name: 'Lägg röst' }).scrollIntoViewIfNeeded();
	expect(await page.evaluate(() => window.scrollY), 'scrolled down to the last group').toBeGreaterThan(0);
	expect(await inViewport(page, left), 'votes left in sight at the last group').toBe(true);
	await last.getByRole('button', { name: 'Lägg röst' }).tap();
	await expect(left).toHaveText('Rösta: du har 3 av 5 röster kvar.');
	await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
	expect(await inViewport(page, left), 'votes left in sight at the end of the page').toBe(true);
	// A touch screen shows no keyboard shortcuts.
	await expect(page.locator('.keys-hint:visible')).toHaveCount(0);
	await page.evaluate(() => window.scrollTo(0, 0));
	await expectNoAxeViolations(page, 'phone voting 390×844');
	await phone.close();
});

/** The idea the moderator voted on in their workspace (see below), counted in the results once revealed. */
let moderatorsIdea = '';

test('the moderator at 1440×900 votes as a participant with the keyboard alone: vote buttons beside the groups and ideas, the votes left drop', async ({
	page
}) => {
	await page.setViewportSize({ width: 1440, height: 900 });
	await signInWithForm(page, MODERATOR, `/m/${meeting.id}`);
	await expect(page.getByRole('heading', { level: 2, name: 'Nu: Röstning' })).toBeVisible();
	await expect(page.getByRole('region', { name: groupTitles[0] }).getByRole('button', { name: 'Lägg röst' })).toBeVisible();
	const left = page.getByTestId('votes-left');
	await expect(left).toHaveText('Rösta: du har 5 av 5 röster kvar.');

	// An idea no one else votes on, so that the results show exactly this vote.
	const idea = page.getByRole('region', { name: 'Utan grupp' }).locator('[data-note-id]').first();
	moderatorsIdea = (await idea.locator('[id$="-text"]').first().textContent())!.trim();
	expect(moderatorsIdea).toMatch(/^Idé \d+:/);
	const place = idea.getByRole('button', { name: 'Lägg röst' });
	await place.focus();
	await page.keyboard.press('Enter');
	await expect(left).toHaveText('Rösta: du har 4 av 5 röster kvar.');
	await expect(idea.getByText('Dina röster: 1')).toBeVisible();
	// The take-back is the next stop for Tab, and stays unused here.
	await page.keyboard.press('Tab');
	await expect(idea.getByRole('button', { name: 'Ta tillbaka röst' })).toBeFocused();
	await page.evaluate(() => window.scrollTo(0, 0));
	await expectNoAxeViolations(page, 'moderator voting 1440×900');
});

test('the projector through voting, results, ranking and closing: how many have voted, the bars with their table, the priorities, a thank-you without the join code', async ({
	browser
}) => {
	const { path } = accepted(await send(moderator, 'projector:link', {}));
	const screen = await browser.newContext({ viewport: { width: 1920, height: 1080 }, locale: 'sv-SE' });
	const projector = await screen.newPage();
	await projector.goto(path);
	await expect(projector.getByRole('heading', { name: 'Nu: Röstning' })).toBeVisible();
	// More of the room votes; the projector shows the moderators' count, and nothing else about the votes.
	await Promise.all(
		sockets.slice(1, 13).map((socket, i) =>
			command(socket, 'vote:place', { itemKind: 'cluster', itemId: `c-scale-group-${i % GROUPS}`, key: `v-scale-${String(i).padStart(4, '0')}` })
		)
	);
	const shown = projector.getByTestId('projector-vote-progress');
	await expect.poll(async () => progress && progress.voters >= 12 && (await shown.textContent()) === `${progress.voters} av ${progress.participants} har röstat`).toBe(true);
	await expect(projector.getByRole('heading', { name: 'Resultat' })).toHaveCount(0);
	await expect(projector.getByRole('heading', { level: 3, name: groupTitles[GROUPS - 1] })).toBeVisible();
	const groups = await projector.locator('.cluster .title').count();
	await expectProjectorFits(projector, { width: 1920, height: 1080 }, groups);
	await expectProjectorFits(projector, { width: 1280, height: 720 }, groups);

	await command(moderator, 'votes:reveal', {});
	const results = projector.getByRole('region', { name: 'Resultat' });
	await expect(results.getByRole('table', { name: 'Röster per grupp och idé, flest först' })).toBeAttached();
	await expect(results.locator('.chart li').first()).toBeVisible();
	await expectProjectorScreen(projector, 'projector results 1280×720');
	// The moderator's vote (the test above) counts like everyone's.
	if (moderatorsIdea) {
		const row = results.getByRole('row').filter({ hasText: moderatorsIdea });
		await expect(row.getByRole('cell')).toHaveText('1');
	}

	await command(moderator, 'meeting:phase', { phase: 'rank' });
	await expect(projector.getByRole('region', { name: 'Prioriteringar' }).getByRole('listitem').first()).toBeVisible();
	await expectProjectorScreen(projector, 'projector ranking 1280×720');

	await command(moderator, 'meeting:phase', { phase: 'closed' });
	await expect(projector.getByRole('heading', { name: 'Tack för er medverkan!' })).toBeVisible();
	await expect(projector.getByRole('img', { name: 'QR-kod som öppnar mötets uppföljningssida' })).toBeVisible();
	await expect(projector.getByText(`/follow-up/${normaliseJoinCode(meeting.joinCode)}`)).toBeVisible();
	await expect(projector.getByTestId('projector-join-area')).toHaveCount(0);
	await expect(projector.getByTestId('projector-join-code')).toHaveCount(0);
	await expectProjectorScreen(projector, 'projector closed 1280×720');
	await screen.close();
});

/** A projector screen that never scrolls, and passes axe. */
async function expectProjectorScreen(projector: Page, context: string) {
	const { documentHeight, viewport } = await projector.evaluate(() => ({ documentHeight: document.documentElement.scrollHeight, viewport: window.innerHeight }));
	expect(documentHeight, context).toBeLessThanOrEqual(viewport);
	await expectNoAxeViolations(projector, context);
}
