import { io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createProjectorKey, projectorCookieName } from '../../src/lib/server/auth/projector';
import { formatJoinCode } from '../../src/lib/join-code';
import { arrangeMeeting, command, meetingSocket } from './board-fixtures';
import { useTestApp } from './harness';

// Issue 4 point 7: the projector opens with the moderator's link; the key moves from the address
// bar into a cookie, a replaced key stops working, and the page shows no personal data.

const app = useTestApp();
let meeting: Awaited<ReturnType<typeof arrangeMeeting>>;
let joinCode: string;

beforeAll(async () => {
	meeting = await arrangeMeeting(app.sql);
	[{ joinCode }] = await app.sql<{ joinCode: string }[]>`select join_code from meetings where id = ${meeting.meetingId}`;
});

afterAll(async () => {
	await app?.close();
});

function open(path: string, cookie?: string) {
	return fetch(`${app.url}${path}`, { redirect: 'manual', headers: cookie ? { cookie, 'accept-language': 'sv' } : { 'accept-language': 'sv' } });
}

describe('the projector page', () => {
	it('moves a valid key from the link into an HttpOnly cookie and redirects to the address without it', async () => {
		const key = await createProjectorKey(app.sql, meeting.meetingId);
		const response = await open(`/projector/${meeting.meetingId}?key=${key}`);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe(`/projector/${meeting.meetingId}`);
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith(`${projectorCookieName(meeting.meetingId)}=`));
		expect(cookie).toBeDefined();
		expect(cookie).toContain(`=${key};`);
		expect(cookie).toMatch(/HttpOnly/i);
		expect(cookie).toMatch(/SameSite=Lax/i);
		expect(cookie).toMatch(/Path=\//i);

		const page = await open(`/projector/${meeting.meetingId}`, `${projectorCookieName(meeting.meetingId)}=${key}`);
		expect(page.status).toBe(200);
		expect(page.headers.get('cache-control')).toContain('no-store');
		const html = await page.text();
		expect(html).toContain('Framtidens kulturliv');
		expect(html).toContain(formatJoinCode(joinCode));
		expect(html).toContain(`/join/${joinCode}`);
		expect(html).toContain('<svg');
		// No site chrome on the big screen.
		expect(html).not.toContain('class="site-header"');
		expect(html).not.toContain('class="site-footer"');
	});

	it('refuses a wrong key, no key and a replaced key with 403 and tells the room to ask for a new link', async () => {
		const old = await createProjectorKey(app.sql, meeting.meetingId);
		const current = await createProjectorKey(app.sql, meeting.meetingId);
		const cookieName = projectorCookieName(meeting.meetingId);

		const wrong = await open(`/projector/${meeting.meetingId}?key=${'x'.repeat(32)}`);
		expect(wrong.status).toBe(403);
		expect(wrong.headers.getSetCookie().some((c) => c.startsWith(`${cookieName}=${'x'}`))).toBe(false);
		expect(await wrong.text()).toContain('Projektorlänken är ogiltig eller ersatt – be moderatorn om en ny.');

		expect((await open(`/projector/${meeting.meetingId}`)).status).toBe(403);
		expect((await open(`/projector/${meeting.meetingId}?key=${old}`)).status).toBe(403);

		const replaced = await open(`/projector/${meeting.meetingId}`, `${cookieName}=${old}`);
		expect(replaced.status).toBe(403);
		expect(await replaced.text()).toContain('be moderatorn om en ny');
		// The browser is told to forget the useless key.
		expect(replaced.headers.getSetCookie().some((c) => c.startsWith(`${cookieName}=;`) && /Max-Age=0/i.test(c))).toBe(true);

		expect((await open(`/projector/${meeting.meetingId}`, `${cookieName}=${current}`)).status).toBe(200);
	});

	it('does not open another meeting with this meeting’s key', async () => {
		const other = await arrangeMeeting(app.sql);
		const key = await createProjectorKey(app.sql, meeting.meetingId);
		expect((await open(`/projector/${other.meetingId}?key=${key}`)).status).toBe(403);
		expect((await open(`/projector/${other.meetingId}`, `${projectorCookieName(other.meetingId)}=${key}`)).status).toBe(403);
		expect((await open(`/projector/not-a-meeting?key=${key}`)).status).toBe(403);
	});

	it('shows no participant’s or moderator’s name or organisation', async () => {
		await app.sql`
			insert into participants (meeting_id, display_name, organisation, attendance, sector_code, municipality_code)
			values (${meeting.meetingId}, 'Zelda Synligsson', 'Hemliga Föreningen', 'on_site', 'business', '2418')`;
		// Enough more that Zelda's batch of 5 is complete (the projector's breakdown counts only whole batches).
		const [{ joined }] = await app.sql<{ joined: number }[]>`select count(*)::int as joined from participants where meeting_id = ${meeting.meetingId}`;
		for (let i = 0; i < (5 - (joined % 5)) % 5; i++) {
			await app.sql`
				insert into participants (meeting_id, display_name, attendance, sector_code, municipality_code)
				values (${meeting.meetingId}, ${`Deltagare ${i}`}, 'remote', 'municipality', '2480')`;
		}
		const key = await createProjectorKey(app.sql, meeting.meetingId);
		const html = await (await open(`/projector/${meeting.meetingId}`, `${projectorCookieName(meeting.meetingId)}=${key}`)).text();
		expect(html).not.toContain('Zelda');
		expect(html).not.toContain('Synligsson');
		expect(html).not.toContain('Hemliga Föreningen');
		expect(html).not.toContain('Maja Moderator');
		// The one participant on site (from Malå) is shown as a small group, not as a count of one.
		expect(html).toContain('färre än 5');
	});

	it('connects to the meeting as the projector with its key, which may send no command', async () => {
		const key = await createProjectorKey(app.sql, meeting.meetingId);
		const socket = await meetingSocket(app.url, meeting.meetingId, key);
		try {
			const ack = await socket.timeout(5000).emitWithAck('note:add', { id: 'n-projector-1', text: 'Från projektorn' });
			expect(ack).toMatchObject({ ok: false, code: 'FORBIDDEN' });
		} finally {
			socket.close();
		}
	});
	it('issue 9 (17): the key is not in the page’s HTML; the live connections ask to be the projector and use the cookie', async () => {
		const key = await createProjectorKey(app.sql, meeting.meetingId);
		const cookieName = projectorCookieName(meeting.meetingId);
		const html = await (await open(`/projector/${meeting.meetingId}`, `${cookieName}=${key}`)).text();
		expect(html).not.toContain(key);

		// In the moderator's browser the moderator's session cookie is sent as well.
		const cookie = `${cookieName}=${key}; samla_session=${meeting.moderatorToken}`;
		const socket = io(`${app.url}/meeting`, {
			path: '/socket.io',
			auth: { meetingId: meeting.meetingId, as: 'projector' },
			transports: ['websocket'],
			forceNew: true,
			extraHeaders: { cookie }
		});
		try {
			const info = await new Promise<{ role: string }>((resolve, reject) => {
				socket.once('ready', resolve);
				socket.once('connect_error', reject);
			});
			expect(info.role).toBe('projector');
		} finally {
			socket.close();
		}

		const url = `${app.url.replace(/^http/, 'ws')}/yjs/${meeting.meetingId}?as=projector`;
		const opened = (headers: Record<string, string>) =>
			new Promise<number>((resolve) => {
				const ws = new WebSocket(url, { headers });
				ws.once('open', () => {
					ws.close();
					resolve(101);
				});
				ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
				ws.once('close', (code) => resolve(code));
			});
		expect(await opened({ cookie })).toBe(101);
		// Asking to be the projector with only a moderator's cookie grants nothing.
		expect(await opened({ cookie: `samla_session=${meeting.moderatorToken}` })).not.toBe(101);
	});

	it('a moderator can show the same link again after a reload; only replacing it ends the previous one', async () => {
		const fresh = await arrangeMeeting(app.sql);
		const moderator = await meetingSocket(app.url, fresh.meetingId, fresh.moderatorToken);
		try {
			const first = (await command(moderator, 'projector:link', {})) as { ok: true; path: string; created: boolean };
			const again = (await command(moderator, 'projector:link', {})) as { ok: true; path: string; created: boolean };
			expect(first).toMatchObject({ ok: true, created: true });
			expect(again).toEqual({ ok: true, path: first.path, created: false });
			const replaced = (await command(moderator, 'projector:link', { replace: true })) as { ok: true; path: string; created: boolean };
			expect(replaced.created).toBe(true);
			expect(replaced.path).not.toBe(first.path);
			expect((await open(first.path)).status).toBe(403);
			expect((await open(replaced.path)).status).toBe(303);
			const audited = await app.sql`select action from audit_log where meeting_id = ${fresh.meetingId} and action = 'projector_link'`;
			expect(audited).toHaveLength(2);
		} finally {
			moderator.close();
		}
	});
});
