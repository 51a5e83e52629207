import { io } from 'socket.io-client';
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { participantCookieName } from '../../src/lib/server/auth/participant-session';
import { JOIN_ATTEMPT_LIMITS } from '../../src/lib/server/db/join-attempts';
import { arrangeMeeting, meetingSocket } from './board-fixtures';
import { useTestApp } from './harness';

const html = { accept: 'text/html' };

/** The browser-side cookies of one test "browser": name → value, updated from Set-Cookie. */
class CookieJar {
	private cookies = new Map<string, string>();
	take(response: Response) {
		for (const line of response.headers.getSetCookie()) {
			const [pair] = line.split(';');
			const [name, value] = [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)];
			if (!value || /max-age=0/i.test(line) || /expires=Thu, 01 Jan 1970/i.test(line)) this.cookies.delete(name);
			else this.cookies.set(name, value);
		}
		return response;
	}
	get(name: string) {
		return this.cookies.get(name);
	}
	header() {
		return [...this.cookies].map(([n, v]) => `${n}=${v}`).join('; ');
	}
}

describe('joining a meeting as a participant', () => {
	const app = useTestApp();
	let meeting: Awaited<ReturnType<typeof arrangeMeeting>> & { code: string };

	/** Another meeting with its own code; settings as the test needs. */
	async function arrangeJoinableMeeting(settings: Parameters<typeof arrangeMeeting>[1] = {}) {
		const arranged = await arrangeMeeting(app.sql, settings);
		const [row] = await app.sql<{ joinCode: string }[]>`select join_code from meetings where id = ${arranged.meetingId}`;
		return { ...arranged, code: row.joinCode };
	}

	beforeAll(async () => {
		meeting = await arrangeJoinableMeeting();
	});

	const page = (path: string, jar: CookieJar) =>
		fetch(`${app.url}${path}`, { headers: { ...html, cookie: jar.header() }, redirect: 'manual' }).then((r) => jar.take(r));
	const postForm = (path: string, body: Record<string, string>, jar: CookieJar) =>
		fetch(`${app.url}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...html, origin: app.url, 'content-type': 'application/x-www-form-urlencoded', cookie: jar.header() },
			body: new URLSearchParams(body)
		}).then((r) => jar.take(r));
	const postJson = (body: unknown, cookie = '') =>
		fetch(`${app.url}/api/v1/join`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', ...(cookie ? { cookie, origin: app.url } : {}) },
			body: JSON.stringify(body)
		});
	const participantRows = (meetingId: string) =>
		app.sql`
			select display_name, organisation, sector_code, municipality_code, attendance, removed_at
			from participants where meeting_id = ${meetingId} order by created_at`;

	it('joining through the form asks only a name and on site/remote, sets an HttpOnly SameSite=Lax cookie and offers the optional details on a second step', async () => {
		const browser = new CookieJar();
		const form = await page(`/join/${meeting.code}`, browser);
		expect(form.status).toBe(200);
		const text = await form.text();
		expect(text).toContain('Ditt namn på tavlan');
		expect(text).toContain('href="/privacy"');
		expect(text).toContain('Steg 1 av 2');
		// The optional details are not on the first step.
		expect(text).not.toContain('name="organisation"');
		expect(text).not.toContain('name="sectorCode"');

		const joined = await postForm(`/join/${meeting.code}?/join`, { displayName: ' Åsa  Lind ', attendance: 'on_site' }, browser);
		expect(joined.status).toBe(303);
		expect(joined.headers.get('location')).toBe(`/join/${meeting.code}/details`);
		const cookie = joined.headers.getSetCookie().find((c) => c.startsWith(`${participantCookieName(meeting.meetingId)}=`));
		expect(cookie).toBeDefined();
		expect(cookie).toMatch(/; HttpOnly/i);
		expect(cookie).toMatch(/; SameSite=Lax/i);
		expect(cookie).toMatch(/; Path=\//i);
		expect(await participantRows(meeting.meetingId)).toEqual([
			{ displayName: 'Åsa Lind', organisation: '', sectorCode: null, municipalityCode: null, attendance: 'on_site', removedAt: null }
		]);

		// Step two: every optional detail the meeting asks (here all three), an e-mail address, and a way past it all.
		const details = await (await page(`/join/${meeting.code}/details`, browser)).text();
		expect(details).toContain('Steg 2 av 2');
		expect(details).toContain('Du är med i mötet som Åsa Lind.');
		expect(details).toContain('name="organisation"');
		expect(details).toContain('Skellefteå'); // the municipalities of the reference list
		expect(details).toContain('name="email"');
		expect(details).toContain(`href="/m/${meeting.meetingId}"`); // skip
		const saved = await postForm(
			`/join/${meeting.code}/details`,
			{ organisation: 'Region Västerbotten', sectorCode: 'region', municipalityCode: '2482', email: '' },
			browser
		);
		expect(saved.status).toBe(303);
		expect(saved.headers.get('location')).toBe(`/m/${meeting.meetingId}`);
		expect(await participantRows(meeting.meetingId)).toEqual([
			{
				displayName: 'Åsa Lind',
				organisation: 'Region Västerbotten',
				sectorCode: 'region',
				municipalityCode: '2482',
				attendance: 'on_site',
				removedAt: null
			}
		]);
		expect(await app.sql`select 1 from follow_up_subscriptions where meeting_id = ${meeting.meetingId}`).toHaveLength(0);

		// Rejoining from the same browser: the same participant, and no second row.
		const again = await page(`/join/${meeting.code}`, browser);
		const againText = await again.text();
		expect(againText).toContain('Du är redan med som Åsa Lind.');
		expect(againText).toContain(`href="/m/${meeting.meetingId}"`);
		expect(againText).not.toContain('Ditt namn på tavlan');
		const resubmitted = await postForm(`/join/${meeting.code}?/join`, { displayName: 'Åsa Lind', attendance: 'on_site' }, browser);
		expect(resubmitted.status).toBe(303);
		expect(resubmitted.headers.get('location')).toBe(`/m/${meeting.meetingId}`);
		expect(await participantRows(meeting.meetingId)).toHaveLength(1);

		// The cookie opens the meeting socket as that participant.
		const socket = io(`${app.url}/meeting`, {
			path: '/socket.io',
			auth: { meetingId: meeting.meetingId },
			extraHeaders: { cookie: browser.header() },
			transports: ['websocket'],
			forceNew: true
		});
		const ready = await new Promise<{ role: string; name: string }>((resolve, reject) => {
			socket.once('ready', resolve);
			socket.once('connect_error', reject);
		});
		expect(ready).toMatchObject({ role: 'participant', name: 'Åsa Lind' });
		socket.close();
	});

	it('joining as someone else ends the old session and shows the form again', async () => {
		const browser = new CookieJar();
		await page(`/join/${meeting.code}`, browser);
		await postForm(`/join/${meeting.code}?/join`, { displayName: 'Delad surfplatta', attendance: 'on_site' }, browser);
		const oldToken = browser.get(participantCookieName(meeting.meetingId))!;
		const [sessionId] = oldToken.split('.');

		const left = await postForm(`/join/${meeting.code}?/leave`, {}, browser);
		expect(left.status).toBe(200);
		expect(browser.get(participantCookieName(meeting.meetingId))).toBeUndefined();
		expect(await app.sql`select id from sessions where id = ${sessionId}`).toHaveLength(0);
		const text = await left.text();
		expect(text).toContain('Delad surfplatta har lämnat mötet i den här webbläsaren.');
		expect(text).toContain('Ditt namn på tavlan');
		await expect(meetingSocket(app.url, meeting.meetingId, oldToken)).rejects.toThrow('UNAUTHENTICATED');
	});

	it('a form with problems is refused next to the fields, announced, and keeps what was typed', async () => {
		const browser = new CookieJar();
		await page(`/join/${meeting.code}`, browser);
		const before = (await participantRows(meeting.meetingId)).length;
		const refused = await postForm(`/join/${meeting.code}?/join`, { displayName: '  ', attendance: '' }, browser);
		expect(refused.status).toBe(400);
		const text = await refused.text();
		expect(text).toContain('<title>Fel: ');
		expect(text).toContain('Skriv ett namn. Ett påhittat namn går bra.');
		expect(text).toContain('Välj om du deltar på plats eller på distans.');
		expect(text).toMatch(/id="join-name"[^>]*aria-invalid="true"/);
		expect(text).toMatch(/aria-describedby="join-name-error join-name-hint"/);
		expect(text).toContain('role="alert"');
		expect(await participantRows(meeting.meetingId)).toHaveLength(before);

		// Step two refuses an unknown sector (the list changed while the form was open) and a wrong
		// address, keeps what was typed, and changes nothing.
		await postForm(`/join/${meeting.code}?/join`, { displayName: 'Bo', attendance: 'remote' }, browser);
		const bo = () => app.sql`select organisation, sector_code from participants where meeting_id = ${meeting.meetingId} and display_name = 'Bo'`;
		const wrong = await postForm(
			`/join/${meeting.code}/details`,
			{ organisation: 'Vindelns kommun', sectorCode: 'no-such-sector', municipalityCode: '2404', email: 'inte en adress' },
			browser
		);
		expect(wrong.status).toBe(400);
		const wrongText = await wrong.text();
		expect(wrongText).toContain('<title>Fel: ');
		expect(wrongText).toContain('Välj en sektor i listan');
		expect(wrongText).toContain('Skriv en e-postadress, till exempel namn@exempel.se.');
		expect(wrongText).toContain('value="Vindelns kommun"');
		expect(wrongText).toContain('value="inte en adress"');
		expect(wrongText).toMatch(/<option value="2404" selected/);
		expect(await bo()).toEqual([{ organisation: '', sectorCode: null }]);
		expect(await app.sql`select 1 from follow_up_subscriptions where meeting_id = ${meeting.meetingId}`).toHaveLength(0);
	});

	it('the second step asks only the details the meeting chose, drops others, and keeps an address where the board\'s notify page does', async () => {
		const only = await arrangeJoinableMeeting();
		await app.sql`update meetings set asked_segments = '{municipality}' where id = ${only.meetingId}`;
		const browser = new CookieJar();
		// Step two belongs to participants: a stranger is sent to step one.
		const stranger = await page(`/join/${only.code}/details`, browser);
		expect(stranger.status).toBe(303);
		expect(stranger.headers.get('location')).toBe(`/join/${only.code}`);

		await postForm(`/join/${only.code}?/join`, { displayName: 'Cia', attendance: 'remote' }, browser);
		const text = await (await page(`/join/${only.code}/details`, browser)).text();
		expect(text).toContain('name="municipalityCode"');
		expect(text).not.toContain('name="organisation"');
		expect(text).not.toContain('name="sectorCode"');

		const saved = await postForm(
			`/join/${only.code}/details`,
			{ organisation: 'Smygande AB', sectorCode: 'business', municipalityCode: '2480', email: ' cia@example.se ' },
			browser
		);
		expect(saved.status).toBe(303);
		expect(await participantRows(only.meetingId)).toMatchObject([{ organisation: '', sectorCode: null, municipalityCode: '2480' }]);
		// The address is a follow-up subscription (issue 13): apart from the participant row, deleted by purge.
		expect(await app.sql`select email from follow_up_subscriptions where meeting_id = ${only.meetingId}`).toEqual([{ email: 'cia@example.se' }]);

		// A script joining through the API cannot store what the meeting does not ask either.
		const scripted = await postJson({ code: only.code, displayName: 'Dan', attendance: 'on_site', organisation: 'Smygande AB', sectorCode: 'business', municipalityCode: '2481' });
		expect(scripted.status).toBe(201);
		expect((await participantRows(only.meetingId))[1]).toMatchObject({ displayName: 'Dan', organisation: '', sectorCode: null, municipalityCode: '2481' });

		// A meeting that asks nothing: step two offers only the address; skipping it leaves everything unset.
		await app.sql`update meetings set asked_segments = '{}' where id = ${only.meetingId}`;
		const other = new CookieJar();
		await postForm(`/join/${only.code}?/join`, { displayName: 'Eva', attendance: 'remote' }, other);
		const bare = await (await page(`/join/${only.code}/details`, other)).text();
		expect(bare).not.toContain('name="municipalityCode"');
		expect(bare).toContain('name="email"');
	});

	it('joining via the API returns a token that opens the board over y-websocket and the meeting over socket.io', async () => {
		const response = await postJson({ code: meeting.code.toLowerCase(), displayName: 'Skriptet', attendance: 'remote', sectorCode: 'civil_society' });
		expect(response.status).toBe(201);
		const body = await response.json();
		const wsOrigin = app.url.replace(/^http/, 'ws');
		expect(body).toEqual({
			token: expect.stringMatching(/^[a-z0-9]+\.[a-z0-9]+$/),
			participant: { id: expect.any(String), displayName: 'Skriptet', attendance: 'remote' },
			meeting: { id: meeting.meetingId, themeTitle: 'Framtidens kulturliv' },
			websocketUrl: `${wsOrigin}/yjs/${meeting.meetingId}`,
			socketIo: { path: '/socket.io', namespace: '/meeting' }
		});

		const board = new WebSocket(`${body.websocketUrl}?token=${body.token}`);
		await new Promise<void>((resolve, reject) => {
			board.once('open', () => resolve());
			board.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
			board.once('error', reject);
		});
		board.close();

		const socket = io(`${app.url}${body.socketIo.namespace}`, {
			path: body.socketIo.path,
			auth: { meetingId: body.meeting.id, token: body.token },
			transports: ['websocket'],
			forceNew: true
		});
		const ready = await new Promise<{ role: string; id: string; name: string }>((resolve, reject) => {
			socket.once('ready', resolve);
			socket.once('connect_error', reject);
		});
		expect(ready).toMatchObject({ role: 'participant', id: body.participant.id, name: 'Skriptet' });
		socket.close();
	});

	it('the OpenAPI document describes the join endpoint, its answers and its schemas', async () => {
		const document = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
		const join = document.paths['/join'].post;
		expect(Object.keys(join.responses).sort()).toEqual(['201', '400', '404', '409', '429', '503']);
		expect(join.responses['429'].headers).toHaveProperty('Retry-After');
		const refs = JSON.stringify(join).match(/#\/components\/schemas\/\w+/g) ?? [];
		for (const ref of refs) expect(document.components.schemas).toHaveProperty(ref.split('/').pop()!);
		expect(document.components.schemas.JoinRequest.required).toEqual(['code', 'displayName', 'attendance']);
	});

	it('the token of one meeting does not open another meeting’s board', async () => {
		const other = await arrangeJoinableMeeting();
		const body = await (await postJson({ code: meeting.code, displayName: 'Bo', attendance: 'remote' })).json();
		const board = new WebSocket(`${app.url.replace(/^http/, 'ws')}/yjs/${other.meetingId}?token=${body.token}`);
		const status = await new Promise<number>((resolve, reject) => {
			board.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
			board.once('open', () => reject(new Error('the other meeting’s board opened')));
		});
		expect(status).toBe(401);
		await expect(meetingSocket(app.url, other.meetingId, body.token)).rejects.toThrow('UNAUTHENTICATED');
	});

	it('the API names each invalid field, and an unknown sector or municipality code is one of them', async () => {
		const response = await postJson({ code: meeting.code, displayName: '', attendance: 'hybrid', sectorCode: 'nope', municipalityCode: '9999' });
		expect(response.status).toBe(400);
		const body = await response.json();
		expect(body.code).toBe('VALIDATION');
		expect(body.issues).toEqual(
			expect.arrayContaining([
				{ field: 'displayName', problem: 'REQUIRED' },
				{ field: 'attendance', problem: 'INVALID' }
			])
		);

		const unknownSector = await postJson({ code: meeting.code, displayName: 'Bo', attendance: 'remote', sectorCode: 'spaceflight' });
		expect(unknownSector.status).toBe(400);
		expect(await unknownSector.json()).toMatchObject({ code: 'VALIDATION', issues: [{ field: 'sectorCode', problem: 'UNKNOWN' }] });
		const unknownMunicipality = await postJson({ code: meeting.code, displayName: 'Bo', attendance: 'remote', municipalityCode: '0180' });
		expect(await unknownMunicipality.json()).toMatchObject({ code: 'VALIDATION', issues: [{ field: 'municipalityCode', problem: 'UNKNOWN' }] });

		const notJson = await fetch(`${app.url}/api/v1/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
		expect(notJson.status).toBe(400);
		expect(await notJson.json()).toMatchObject({ code: 'VALIDATION' });
		const badCode = await postJson({ code: 'abc', displayName: 'Bo', attendance: 'remote' });
		expect(await badCode.json()).toMatchObject({ code: 'VALIDATION', issues: [{ field: 'code', problem: 'INVALID' }] });
	});

	it('a closed or archived meeting, or an unknown code, gets a clear answer from the API and the page', async () => {
		const closed = await arrangeJoinableMeeting({ phase: 'closed' });
		const archived = await arrangeJoinableMeeting();
		await app.sql`update meetings set archived_at = now() where id = ${archived.meetingId}`;
		const details = { displayName: 'Bo', attendance: 'remote' };

		const closedAnswer = await postJson({ code: closed.code, ...details });
		expect(closedAnswer.status).toBe(409);
		expect(await closedAnswer.json()).toMatchObject({ code: 'MEETING_CLOSED', message: expect.any(String) });
		expect((await postJson({ code: archived.code, ...details })).status).toBe(404);
		const unknown = await postJson({ code: 'ABCDEFGHJ', ...details });
		expect(unknown.status).toBe(404);
		expect(await unknown.json()).toMatchObject({ code: 'NOT_FOUND' });

		const browser = new CookieJar();
		// After the close the join link leads to the meeting's follow-up page (issue 13).
		const closedPage = await page(`/join/${closed.code}`, browser);
		expect(closedPage.status).toBe(303);
		expect(closedPage.headers.get('location')).toBe(`/follow-up/${closed.code}`);
		const followUpText = await (await page(`/follow-up/${closed.code}`, browser)).text();
		expect(followUpText).toContain('Så använde vi er input');
		expect(followUpText).not.toContain('Ditt namn på tavlan');
		const closedPost = await postForm(`/join/${closed.code}?/join`, details, browser);
		expect(closedPost.status).toBe(303);
		expect(closedPost.headers.get('location')).toBe(`/follow-up/${closed.code}`);
		expect(await participantRows(closed.meetingId)).toHaveLength(0);
		const archivedPost = await postForm(`/join/${archived.code}?/join`, details, browser);
		expect(archivedPost.status).toBe(404);
		expect(await archivedPost.text()).toContain('Vi hittade inget möte med koden');
	});

	it('wrong codes are limited per client, the form’s POST counts them too, and right codes never count', async () => {
		await app.sql`delete from join_attempts`;
		const guesser = new CookieJar();
		await page('/join', guesser);
		expect(guesser.get('samla_client')).toBeDefined();

		// Right codes, through the page and the API, are not failures.
		for (let i = 0; i < JOIN_ATTEMPT_LIMITS.client + 2; i++) {
			expect((await postJson({ code: meeting.code, displayName: `Rätt ${i}`, attendance: 'remote' }, guesser.header())).status).toBe(201);
		}
		expect((await page(`/join/${meeting.code}`, guesser)).status).toBe(200);
		expect((await app.sql<{ n: number }[]>`select coalesce(sum(failures), 0)::int as n from join_attempts`)[0].n).toBe(0);

		// Wrong codes through the join form's POST and the API add up for this client.
		for (let i = 0; i < JOIN_ATTEMPT_LIMITS.client; i++) {
			const code = `ABCDEFGH${'23456789A'[i % 9]}`;
			const status =
				i % 2 === 0
					? (await postForm(`/join/${code}?/join`, { displayName: 'Gissare', attendance: 'remote' }, guesser)).status
					: (await postJson({ code, displayName: 'Gissare', attendance: 'remote' }, guesser.header())).status;
			expect(status).toBe(404);
		}
		const blocked = await postJson({ code: meeting.code, displayName: 'Gissare', attendance: 'remote' }, guesser.header());
		expect(blocked.status).toBe(429);
		expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(await blocked.json()).toMatchObject({ code: 'RATE_LIMITED' });
		expect((await postForm(`/join/${meeting.code}?/join`, { displayName: 'Gissare', attendance: 'remote' }, guesser)).status).toBe(429);

		// Another client behind the same address (a whole municipality may share one) still gets in.
		const neighbour = new CookieJar();
		await page('/join', neighbour);
		expect((await postJson({ code: meeting.code, displayName: 'Granne', attendance: 'on_site' }, neighbour.header())).status).toBe(201);
	});

	it('no IP address is stored: not with the participant, the session, nor the code throttle', async () => {
		const tables = ['participants', 'sessions', 'join_attempts'] as const;
		let rows = 0;
		for (const table of tables) {
			const all = await app.sql.unsafe(`select * from ${table}`);
			rows += all.length;
			const dump = JSON.stringify(all);
			expect(dump).not.toMatch(/127\.0\.0\.1|::1\b|::ffff:/);
		}
		expect(rows).toBeGreaterThan(0);
		const columns = await app.sql<{ column: string }[]>`
			select column_name as column from information_schema.columns
			where table_name in ('participants', 'sessions', 'join_attempts') and (column_name ~ '(^|_)(ip|address|addr)(_|$)' or data_type in ('inet', 'cidr'))`;
		expect(columns).toEqual([]);
	});

	it('a moderator removes a participant on the meeting page: listed as removed, their socket is told and cut', async () => {
		const body = await (await postJson({ code: meeting.code, displayName: 'Störande Sven', attendance: 'remote', municipalityCode: '2480' })).json();
		const socket = await meetingSocket(app.url, meeting.meetingId, body.token);
		const ended = new Promise((resolve) => socket.once('session:ended', resolve));
		// A vote they placed (arranged directly) goes with them.
		await app.sql`update participants set votes_used = 1 where id = ${body.participant.id}`;
		await app.sql`
			insert into votes (meeting_id, participant_id, item_kind, item_id, idempotency_key)
			values (${meeting.meetingId}, ${body.participant.id}, 'note', 'n-1', 'vote-key-1')`;
		await app.sql`insert into vote_tallies (participant_id, item_kind, item_id, n, cap) values (${body.participant.id}, 'note', 'n-1', 1, 3)`;
		const disconnected = new Promise((resolve) => socket.once('disconnect', resolve));

		const moderator = new CookieJar();
		moderator.take(new Response(null, { headers: { 'set-cookie': `samla_session=${meeting.moderatorToken}; Path=/` } }));
		const editor = `/processes/${meeting.processId}/meetings/${meeting.meetingId}`;
		const before = await (await page(editor, moderator)).text();
		expect(before).toContain('<h2 id="participants-heading">Deltagare</h2>');
		expect(before).toContain('Störande Sven');
		expect(before).toContain('Umeå');

		const removed = await postForm(`${editor}?/removeParticipant`, { participantId: body.participant.id }, moderator);
		expect(removed.status).toBe(200);
		expect(await removed.text()).toContain('Störande Sven är borttagen från mötet.');
		expect(await ended).toBe('removed');
		await disconnected;
		const [row] = await app.sql`select removed_at, removed_by from participants where id = ${body.participant.id}`;
		expect(row.removedAt).not.toBeNull();
		expect(row.removedBy).toBe(meeting.moderatorId);
		expect(await app.sql`select id from sessions where participant_id = ${body.participant.id}`).toHaveLength(0);
		expect(await app.sql`select id from votes where participant_id = ${body.participant.id}`).toHaveLength(0);
		expect(await app.sql`select n from vote_tallies where participant_id = ${body.participant.id}`).toHaveLength(0);
		expect(await app.sql`select action, details from audit_log where meeting_id = ${meeting.meetingId}`).toEqual([
			{ action: 'remove_participant', details: { participantId: body.participant.id } }
		]);
		await expect(meetingSocket(app.url, meeting.meetingId, body.token)).rejects.toThrow('UNAUTHENTICATED');
		expect(await (await page(editor, moderator)).text()).toMatch(/Borttagen \d/);

		// Removing again, or someone from another meeting, changes nothing.
		const twice = await postForm(`${editor}?/removeParticipant`, { participantId: body.participant.id }, moderator);
		expect(twice.status).toBe(404);
	});

	it('only the meeting’s moderators can remove its participants', async () => {
		const body = await (await postJson({ code: meeting.code, displayName: 'Kvar', attendance: 'remote' })).json();
		const stranger = await arrangeJoinableMeeting();
		const outsider = new CookieJar();
		outsider.take(new Response(null, { headers: { 'set-cookie': `samla_session=${stranger.moderatorToken}; Path=/` } }));
		const response = await postForm(
			`/processes/${meeting.processId}/meetings/${meeting.meetingId}?/removeParticipant`,
			{ participantId: body.participant.id },
			outsider
		);
		expect(response.status).toBe(404);
		const [row] = await app.sql`select removed_at from participants where id = ${body.participant.id}`;
		expect(row.removedAt).toBeNull();
	});
});
