import { describe, expect, it } from 'vitest';
import { arrangeMeeting } from './board-fixtures';
import { useTestApp } from './harness';

// Issue 9 point 13 (regression): a page on another port or a sibling subdomain (same site, so the
// SameSite=Lax cookie goes along) sent body-less `fetch(…, { method, mode: 'no-cors', credentials:
// 'include' })` requests, which SvelteKit's form-only check let through: they archived and
// duplicated meetings and signed the moderator out. Every state-changing request that carries
// cookies must now come from Samla's own origin.

const PUBLIC_ORIGIN = 'https://samla.example.se';
const FOREIGN = {
	'another port': 'https://samla.example.se:8443',
	'a sibling subdomain': 'https://kalender.example.se',
	'another site': 'https://evil.example',
	'plain http': 'http://samla.example.se',
	'an opaque origin': 'null'
};

describe('cross-site requests with the moderator’s cookie (Samla behind a proxy, ORIGIN set)', () => {
	const app = useTestApp({ ORIGIN: PUBLIC_ORIGIN });

	/** What a no-cors fetch from `origin` sends: the cookie, Origin, no body, no content type. */
	const noCors = (path: string, method: string, token: string, origin: string) =>
		fetch(`${app.url}${path}`, { method, headers: { cookie: `samla_session=${token}`, origin, 'sec-fetch-mode': 'no-cors' } });

	const meetingCount = async (processId: string) =>
		(await app.sql<{ n: number }[]>`select count(*)::int as n from meetings where process_id = ${processId}`)[0].n;

	it('body-less POST, PUT, PATCH and DELETE from another origin get 403 with the JSON problem body and change nothing', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const targets = [
			['POST', `/api/v1/meetings/${meeting.meetingId}/archive`],
			['POST', `/api/v1/meetings/${meeting.meetingId}/duplicate`],
			['PATCH', `/api/v1/meetings/${meeting.meetingId}`],
			['PUT', `/api/v1/meetings/${meeting.meetingId}`],
			['DELETE', `/api/v1/meetings/${meeting.meetingId}`],
			['POST', '/api/v1/auth/sign-out'],
			['POST', '/api/v1/processes']
		] as const;
		for (const [kind, origin] of Object.entries(FOREIGN)) {
			for (const [method, path] of targets) {
				const response = await noCors(path, method, meeting.moderatorToken, origin);
				expect({ kind, method, path, status: response.status }).toEqual({ kind, method, path, status: 403 });
				expect(response.headers.get('content-type')).toContain('application/json');
				expect(await response.json()).toEqual({ code: 'CROSS_SITE', message: expect.stringContaining(PUBLIC_ORIGIN) });
			}
		}
		const [row] = await app.sql<{ archivedAt: Date | null }[]>`select archived_at from meetings where id = ${meeting.meetingId}`;
		expect(row.archivedAt).toBeNull();
		expect(await meetingCount(meeting.processId)).toBe(1);
		const me = await fetch(`${app.url}/api/v1/me`, { headers: { cookie: `samla_session=${meeting.moderatorToken}` } });
		expect(me.status).toBe(200); // still signed in
	});

	it('a cookie-carrying request without Origin is refused unless the browser marks it same-origin', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const archive = (headers: Record<string, string>) =>
			fetch(`${app.url}/api/v1/meetings/${meeting.meetingId}/archive`, { method: 'POST', headers: { cookie: `samla_session=${meeting.moderatorToken}`, ...headers } });
		expect((await archive({})).status).toBe(403);
		expect((await archive({ 'sec-fetch-site': 'same-site' })).status).toBe(403);
		expect((await archive({ referer: 'https://kalender.example.se/page' })).status).toBe(403);
		expect((await archive({ 'sec-fetch-site': 'same-origin' })).status).toBe(200);
	});

	it('a page’s form action posted from a sibling subdomain is refused as well, in plain text', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const response = await fetch(`${app.url}/processes/${meeting.processId}/meetings/${meeting.meetingId}?/archive`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie: `samla_session=${meeting.moderatorToken}`, origin: FOREIGN['a sibling subdomain'], 'content-type': 'application/x-www-form-urlencoded' },
			body: ''
		});
		expect(response.status).toBe(403);
		expect(await response.text()).toMatch(/^Cross-site POST requests are forbidden/);
	});

	it('the same requests from the public origin work, and scripts with a bearer token need no Origin', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const archived = await noCors(`/api/v1/meetings/${meeting.meetingId}/archive`, 'POST', meeting.moderatorToken, PUBLIC_ORIGIN);
		expect(archived.status).toBe(200);
		expect((await archived.json()).meeting.archivedAt).not.toBeNull();

		const script = await fetch(`${app.url}/api/v1/meetings/${meeting.meetingId}/duplicate`, {
			method: 'POST',
			// A script's cookie jar may hold the samla_client cookie sign-in set; the bearer token authenticates it.
			headers: { authorization: `Bearer ${meeting.moderatorToken}`, cookie: 'samla_client=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }
		});
		expect(script.status).toBe(201);

		const signOut = await noCors('/api/v1/auth/sign-out', 'POST', meeting.moderatorToken, PUBLIC_ORIGIN);
		expect(signOut.status).toBe(204);
	});
});

describe('cross-site requests without ORIGIN (Samla reached directly)', () => {
	const app = useTestApp();

	it('the origin is the address the browser used: another port is refused, the same one works', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const own = new URL(app.url);
		const otherPort = `${own.protocol}//${own.hostname}:${Number(own.port) === 65535 ? 1 : Number(own.port) + 1}`;
		const archive = (origin: string) =>
			fetch(`${app.url}/api/v1/meetings/${meeting.meetingId}/archive`, {
				method: 'POST',
				headers: { cookie: `samla_session=${meeting.moderatorToken}`, origin }
			});
		expect((await archive(otherPort)).status).toBe(403);
		expect((await archive(own.origin)).status).toBe(200);
	});
});
