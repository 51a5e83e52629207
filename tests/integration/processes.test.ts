import { beforeAll, describe, expect, it } from 'vitest';
import { createSession } from '../../src/lib/server/auth/session';
import { insertMeeting } from '../../src/lib/server/db/meetings';
import { signedInModerator } from './moderator-fixtures';
import { useTestApp } from './harness';

const PASSWORD = 'a long and correct passphrase';
const FORMATTED_CODE = /^[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}$/;

type Json = Record<string, unknown> & { code?: string; fields?: Record<string, string> };

interface Moderator {
	id: string;
	email: string;
	token: string;
	cookie: string;
}

describe('processes and themed meetings', () => {
	const app = useTestApp();
	let seq = 0;
	let anna: Moderator;
	let bertil: Moderator;

	async function moderator(name: string): Promise<Moderator> {
		const email = `moderator${++seq}@region.example`;
		const { id, token } = await signedInModerator(app, { email, name, password: PASSWORD });
		const browser = await createSession(app.sql, id);
		return { id, email, token, cookie: `samla_session=${browser.token}` };
	}

	async function api(who: Moderator | null, method: string, path: string, body?: unknown): Promise<{ status: number; body: Json }> {
		const response = await fetch(`${app.url}/api/v1${path}`, {
			method,
			headers: {
				...(who ? { authorization: `Bearer ${who.token}` } : {}),
				...(body === undefined ? {} : { 'content-type': 'application/json' })
			},
			body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body)
		});
		return { status: response.status, body: (await response.json()) as Json };
	}

	/** A page as a signed-in browser loads it. */
	function page(who: Moderator, path: string) {
		return fetch(`${app.url}${path}`, { headers: { cookie: who.cookie, accept: 'text/html' }, redirect: 'manual' });
	}

	/** A form posted by a signed-in browser without JavaScript. */
	function post(who: Moderator, path: string, fields: Record<string, string>) {
		return fetch(`${app.url}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie: who.cookie, origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});
	}

	async function newProcess(who: Moderator, title = 'Dialog om länets framtid') {
		const created = await api(who, 'POST', '/processes', { title, ownerOrganisation: 'Region Västerbotten' });
		expect(created.status).toBe(201);
		return created.body.process as { id: string; title: string };
	}

	async function newMeeting(who: Moderator, processId: string, fields: Record<string, unknown> = {}) {
		const created = await api(who, 'POST', `/processes/${processId}/meetings`, { themeTitle: 'Framtidens kulturliv', ...fields });
		expect(created.status).toBe(201);
		return created.body.meeting as Record<string, unknown> & { id: string; joinCode: string; joinUrl: string };
	}

	beforeAll(async () => {
		anna = await moderator('Anna Andersson');
		bertil = await moderator('Bertil Berg');
	});

	describe('a moderator of another process', () => {
		let processId: string;
		let meetingId: string;
		beforeAll(async () => {
			processId = (await newProcess(anna, 'Annas process')).id;
			meetingId = (await newMeeting(anna, processId)).id;
		});

		it('does not see it in their list, in the API or in the browser', async () => {
			await newProcess(bertil, 'Bertils process');
			const list = await api(bertil, 'GET', '/processes?archived=true');
			expect((list.body.processes as { title: string }[]).map((p) => p.title)).toEqual(['Bertils process']);
			const html = await (await page(bertil, '/processes')).text();
			expect(html).toContain('Bertils process');
			expect(html).not.toContain('Annas process');
		});

		it('gets 404, not 403, for its pages and the QR code, like for a process that does not exist', async () => {
			for (const path of [
				`/processes/${processId}`,
				`/processes/${processId}/meetings/new`,
				`/processes/${processId}/meetings/${meetingId}`,
				`/processes/${processId}/meetings/${meetingId}/qr.svg`,
				`/processes/00000000-0000-4000-8000-000000000000`,
				`/processes/not-a-uuid`
			]) {
				const response = await page(bertil, path);
				expect(response.status, path).toBe(404);
				expect(await response.text(), path).not.toContain('Annas process');
			}
		});

		it('gets 404 NOT_FOUND from every API route for it', async () => {
			const attempts: [string, string, unknown?][] = [
				['GET', `/processes/${processId}`],
				['PATCH', `/processes/${processId}`, { title: 'Kapad' }],
				['PATCH', `/processes/${processId}`, { archived: true }],
				['GET', `/processes/${processId}/meetings`],
				['POST', `/processes/${processId}/meetings`, { themeTitle: 'Smyg' }],
				['GET', `/meetings/${meetingId}`],
				['PATCH', `/meetings/${meetingId}`, { themeTitle: 'Kapad' }],
				['POST', `/meetings/${meetingId}/duplicate`],
				['POST', `/meetings/${meetingId}/archive`],
				['GET', '/meetings/not-a-uuid']
			];
			for (const [method, path, body] of attempts) {
				const response = await api(bertil, method, path, body);
				expect(response.status, `${method} ${path}`).toBe(404);
				expect(response.body.code).toBe('NOT_FOUND');
			}
		});

		it('cannot change it through the form actions either', async () => {
			expect((await post(bertil, `/processes/${processId}?/update`, { title: 'Kapad' })).status).toBe(404);
			expect((await post(bertil, `/processes/${processId}?/archive`, {})).status).toBe(404);
			expect((await post(bertil, `/processes/${processId}?/addModerator`, { email: bertil.email })).status).toBe(404);
			expect((await post(bertil, `/processes/${processId}?/archiveMeeting`, { meetingId })).status).toBe(404);
			expect((await post(bertil, `/processes/${processId}/meetings/${meetingId}?/update`, { themeTitle: 'Kapad' })).status).toBe(404);
			expect((await post(bertil, `/processes/${processId}/meetings/${meetingId}?/duplicate`, {})).status).toBe(404);
			// …nor by naming Annas meeting in a form of his own process.
			const own = (await newProcess(bertil, 'Bertils andra process')).id;
			expect((await post(bertil, `/processes/${own}?/duplicateMeeting`, { meetingId })).status).toBe(404);
			expect((await post(bertil, `/processes/${own}/meetings/${meetingId}`, {})).status).toBe(404);

			const [process] = await app.sql`select title, archived_at from processes where id = ${processId}`;
			expect(process).toEqual({ title: 'Annas process', archivedAt: null });
			const [{ count }] = await app.sql`select count(*)::int as count from meetings where process_id = ${processId}`;
			expect(count).toBe(1);
			const [meeting] = await app.sql`select theme_title, archived_at from meetings where id = ${meetingId}`;
			expect(meeting).toEqual({ themeTitle: 'Framtidens kulturliv', archivedAt: null });
		});

		it('sees it once the owner adds them by e-mail, and not after being removed', async () => {
			const unknown = await post(anna, `/processes/${processId}?/addModerator`, { email: 'nobody@region.example' });
			expect(unknown.status).toBe(400);
			expect(await unknown.text()).toContain('Det finns ingen moderator med e-postadressen nobody@region.example');

			const added = await post(anna, `/processes/${processId}?/addModerator`, { email: bertil.email.toUpperCase() });
			expect(added.status).toBe(200);
			expect((await api(bertil, 'GET', `/processes/${processId}`)).body.process).toMatchObject({ title: 'Annas process', role: 'moderator' });
			const processPage = await (await page(anna, `/processes/${processId}`)).text();
			expect(processPage).toContain('Bertil Berg');

			// A moderator who is not an owner cannot manage moderators.
			expect((await post(bertil, `/processes/${processId}?/removeModerator`, { moderatorId: anna.id })).status).toBe(403);

			expect((await post(anna, `/processes/${processId}?/removeModerator`, { moderatorId: bertil.id })).status).toBe(200);
			expect((await api(bertil, 'GET', `/processes/${processId}`)).status).toBe(404);
		});
	});

	it('without a session the pages send to sign-in and the API answers 401 UNAUTHENTICATED', async () => {
		const response = await fetch(`${app.url}/processes`, { redirect: 'manual' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/sign-in?redirectTo=%2Fprocesses');
		for (const [method, path] of [
			['GET', '/processes'],
			['POST', '/processes'],
			['GET', '/meetings/00000000-0000-4000-8000-000000000000']
		]) {
			const answer = await api(null, method, path, method === 'POST' ? { title: 'x' } : undefined);
			expect(answer.status).toBe(401);
			expect(answer.body.code).toBe('UNAUTHENTICATED');
		}
	});

	it('API round trip: create, list, patch a process and its meetings', async () => {
		const process = await newProcess(anna, 'Rundresa');
		const patched = await api(anna, 'PATCH', `/processes/${process.id}`, { description: 'Om allt', title: ' Rundresan ' });
		expect(patched.status).toBe(200);
		expect(patched.body.process).toMatchObject({
			title: 'Rundresan',
			description: 'Om allt',
			ownerOrganisation: 'Region Västerbotten',
			role: 'owner',
			archivedAt: null
		});

		const late = await newMeeting(anna, process.id, { themeTitle: 'Senare', startsAt: '2018-12-06T09:00:00+01:00' });
		const full = await newMeeting(anna, process.id, {
			themeTitle: 'Tidigare',
			guidingQuestions: ['Vad ska kulturen ge?', '', 'Vem saknas?'],
			startsAt: '2018-11-07T09:00:00+01:00',
			endsAt: '2018-11-07T12:00:00+01:00',
			location: 'Umeå',
			votesPerParticipant: 7,
			maxVotesPerItem: 2,
			notesPrivateUntilReveal: false,
			whoMayGroup: 'everyone',
			anonymousAuthors: true
		});
		expect(full).toMatchObject({
			processId: process.id,
			themeTitle: 'Tidigare',
			guidingQuestions: ['Vad ska kulturen ge?', 'Vem saknas?'],
			startsAt: '2018-11-07T08:00:00.000Z',
			endsAt: '2018-11-07T11:00:00.000Z',
			location: 'Umeå',
			remoteOnly: false,
			votesPerParticipant: 7,
			maxVotesPerItem: 2,
			notesPrivateUntilReveal: false,
			whoMayGroup: 'everyone',
			anonymousAuthors: true,
			phase: 'draft',
			archivedAt: null
		});
		const undated = await newMeeting(anna, process.id, { themeTitle: 'Utan datum' });
		expect(undated).toMatchObject({
			startsAt: null,
			votesPerParticipant: 5,
			maxVotesPerItem: 3,
			notesPrivateUntilReveal: true,
			whoMayGroup: 'moderators',
			anonymousAuthors: false,
			askedSegments: ['organisation', 'sector', 'municipality']
		});

		// Which optional details the join form asks: a set, kept in the form's order; anything else is refused.
		const fewer = await api(anna, 'PATCH', `/meetings/${undated.id}`, { askedSegments: ['municipality', 'sector', 'municipality'] });
		expect(fewer.status).toBe(200);
		expect(fewer.body.meeting).toMatchObject({ askedSegments: ['sector', 'municipality'] });
		const wrong = await api(anna, 'PATCH', `/meetings/${undated.id}`, { askedSegments: ['shoe_size'] });
		expect(wrong.status).toBe(400);
		expect(wrong.body).toMatchObject({ code: 'VALIDATION', fields: { askedSegments: 'INVALID' } });
		expect((await api(anna, 'GET', `/meetings/${undated.id}`)).body.meeting).toMatchObject({ askedSegments: ['sector', 'municipality'] });
		await api(anna, 'PATCH', `/meetings/${undated.id}`, { askedSegments: [] });
		expect((await api(anna, 'GET', `/meetings/${undated.id}`)).body.meeting).toMatchObject({ askedSegments: [] });

		const list = await api(anna, 'GET', `/processes/${process.id}/meetings`);
		expect((list.body.meetings as { id: string }[]).map((m) => m.id)).toEqual([full.id, late.id, undated.id]);
		expect((await api(anna, 'GET', `/processes/${process.id}`)).body.process).toMatchObject({ meetingCount: 3 });

		const remote = await api(anna, 'PATCH', `/meetings/${full.id}`, { remoteOnly: true, votesPerParticipant: 10 });
		expect(remote.status).toBe(200);
		expect(remote.body.meeting).toMatchObject({ remoteOnly: true, location: '', votesPerParticipant: 10, maxVotesPerItem: 2, themeTitle: 'Tidigare' });
		expect((await api(anna, 'GET', `/meetings/${full.id}`)).body.meeting).toEqual(remote.body.meeting);
	});

	it('refuses invalid input with 400 VALIDATION naming the fields, and changes nothing', async () => {
		const process = await newProcess(anna, 'Validering');
		const tooMany = await api(anna, 'POST', `/processes/${process.id}/meetings`, {
			themeTitle: 'Röster',
			votesPerParticipant: 5,
			maxVotesPerItem: 6
		});
		expect(tooMany.status).toBe(400);
		expect(tooMany.body).toMatchObject({ code: 'VALIDATION', fields: { maxVotesPerItem: 'ABOVE_VOTE_BUDGET' } });
		expect(tooMany.body.message).toEqual(expect.any(String));

		const meeting = await newMeeting(anna, process.id);
		const lowered = await api(anna, 'PATCH', `/meetings/${meeting.id}`, { votesPerParticipant: 2 });
		expect(lowered.body).toMatchObject({ code: 'VALIDATION', fields: { maxVotesPerItem: 'ABOVE_VOTE_BUDGET' } });

		const bad = await api(anna, 'POST', `/processes/${process.id}/meetings`, {
			themeTitle: ' ',
			votesPerParticipant: 51,
			startsAt: '7 november',
			whoMayGroup: 'alla',
			colour: 'röd'
		});
		expect(bad.status).toBe(400);
		expect(bad.body.fields).toEqual({
			themeTitle: 'REQUIRED',
			votesPerParticipant: 'OUT_OF_RANGE',
			startsAt: 'INVALID',
			whoMayGroup: 'INVALID',
			colour: 'UNKNOWN_FIELD'
		});
		const backwards = await api(anna, 'PATCH', `/meetings/${meeting.id}`, {
			startsAt: '2018-11-07T12:00:00+01:00',
			endsAt: '2018-11-07T09:00:00+01:00'
		});
		expect(backwards.body.fields).toEqual({ endsAt: 'ENDS_BEFORE_START' });

		expect((await api(anna, 'POST', '/processes', { title: '' })).body).toMatchObject({ code: 'VALIDATION', fields: { title: 'REQUIRED' } });
		expect((await api(anna, 'POST', '/processes', 'not json')).body).toMatchObject({ code: 'VALIDATION' });
		expect((await api(anna, 'PATCH', `/processes/${process.id}`, { archived: 'yes' })).body).toMatchObject({ fields: { archived: 'INVALID' } });

		expect((await api(anna, 'GET', `/processes/${process.id}/meetings`)).body.meetings).toHaveLength(1);
		expect((await api(anna, 'GET', `/meetings/${meeting.id}`)).body.meeting).toMatchObject({ votesPerParticipant: 5, startsAt: null });
	});

	it('the meeting form shows problems next to their fields and keeps what was typed', async () => {
		const process = await newProcess(anna, 'Formulär');
		const response = await post(anna, `/processes/${process.id}/meetings/new`, {
			themeTitle: 'Framtidens kulturliv',
			guidingQuestions: 'Vad ska kulturen ge?',
			date: '2018-12-06',
			startTime: '09:00',
			endTime: '12:00',
			location: 'Umeå',
			votesPerParticipant: '5',
			maxVotesPerItem: '9',
			whoMayGroup: 'moderators'
		});
		expect(response.status).toBe(400);
		const html = await response.text();
		expect(html).toContain('Kan inte vara fler än rösterna per deltagare (5).');
		expect(html).toMatch(/id="maxVotesPerItem"[^>]*aria-invalid="true"[^>]*aria-describedby="maxVotesPerItem-hint maxVotesPerItem-error"/);
		expect(html).toContain('value="Framtidens kulturliv"');
		expect((await api(anna, 'GET', `/processes/${process.id}/meetings`)).body.meetings).toEqual([]);

		const created = await post(anna, `/processes/${process.id}/meetings/new`, {
			themeTitle: 'Framtidens kulturliv',
			guidingQuestions: 'Vad ska kulturen ge?\r\nVem saknas?',
			date: '2018-12-06',
			startTime: '9:00',
			endTime: '12:00',
			location: 'Umeå',
			votesPerParticipant: '5',
			maxVotesPerItem: '3',
			notesPrivateUntilReveal: 'on',
			whoMayGroup: 'everyone'
		});
		expect(created.status).toBe(303);
		const meetingId = /\/meetings\/([0-9a-f-]{36})/.exec(created.headers.get('location')!)![1];
		expect((await api(anna, 'GET', `/meetings/${meetingId}`)).body.meeting).toMatchObject({
			guidingQuestions: ['Vad ska kulturen ge?', 'Vem saknas?'],
			startsAt: '2018-12-06T08:00:00.000Z',
			endsAt: '2018-12-06T11:00:00.000Z',
			whoMayGroup: 'everyone',
			anonymousAuthors: false
		});
		const editor = await (await page(anna, `/processes/${process.id}/meetings/${meetingId}`)).text();
		expect(editor).toContain('torsdag 6 december 2018 kl. 09:00–12:00');
		expect(editor).toContain('value="2018-12-06"');
	});

	it('duplicating a meeting copies theme, questions, place and settings, with a new code and no date', async () => {
		const process = await newProcess(anna, 'Mallar');
		const source = await newMeeting(anna, process.id, {
			themeTitle: 'Framtidens digitala region',
			guidingQuestions: ['Hur har digitaliseringen förändrat vardagen?'],
			startsAt: '2018-12-11T09:00:00+01:00',
			location: 'Skellefteå',
			votesPerParticipant: 8,
			maxVotesPerItem: 4,
			whoMayGroup: 'everyone',
			anonymousAuthors: true
		});
		const copied = await api(anna, 'POST', `/meetings/${source.id}/duplicate`);
		expect(copied.status).toBe(201);
		const copy = copied.body.meeting as typeof source;
		expect(copy).toMatchObject({
			processId: process.id,
			themeTitle: 'Framtidens digitala region (kopia)',
			guidingQuestions: ['Hur har digitaliseringen förändrat vardagen?'],
			startsAt: null,
			endsAt: null,
			location: 'Skellefteå',
			votesPerParticipant: 8,
			maxVotesPerItem: 4,
			whoMayGroup: 'everyone',
			anonymousAuthors: true,
			phase: 'draft'
		});
		expect(copy.id).not.toBe(source.id);
		expect(copy.joinCode).not.toBe(source.joinCode);

		// The browser's button does the same and opens the copy.
		const viaForm = await post(anna, `/processes/${process.id}?/duplicateMeeting`, { meetingId: source.id });
		expect(viaForm.status).toBe(303);
		expect(viaForm.headers.get('location')).toMatch(new RegExp(`^/processes/${process.id}/meetings/[0-9a-f-]{36}\\?copied=1$`));
		expect((await api(anna, 'GET', `/processes/${process.id}/meetings`)).body.meetings).toHaveLength(3);
	});

	it('archiving hides meetings and processes from lists until asked for, and can be undone', async () => {
		const process = await newProcess(anna, 'Arkiv');
		const meeting = await newMeeting(anna, process.id);
		const archived = await api(anna, 'POST', `/meetings/${meeting.id}/archive`);
		expect(archived.status).toBe(200);
		expect(archived.body.meeting).toMatchObject({ archivedAt: expect.any(String) });
		expect((await api(anna, 'GET', `/processes/${process.id}/meetings`)).body.meetings).toEqual([]);
		expect((await api(anna, 'GET', `/processes/${process.id}/meetings?archived=true`)).body.meetings).toHaveLength(1);
		const [who] = await app.sql`select archived_by from meetings where id = ${meeting.id}`;
		expect(who.archivedBy).toBe(anna.id);
		expect((await api(anna, 'POST', `/meetings/${meeting.id}/archive`, { archived: false })).body.meeting).toMatchObject({ archivedAt: null });

		const viaForm = await post(anna, `/processes/${process.id}?/archive`, {});
		expect(viaForm.status).toBe(200);
		const titles = async (query = '') =>
			((await api(anna, 'GET', `/processes${query}`)).body.processes as { title: string }[]).map((p) => p.title);
		expect(await titles()).not.toContain('Arkiv');
		expect(await titles('?archived=true')).toContain('Arkiv');
		expect(await (await page(anna, '/processes')).text()).not.toContain('Arkiv<');
		expect(await (await page(anna, '/processes?archived=1')).text()).toContain('Arkiv<');
		// An archived process is still there for its moderators.
		expect((await page(anna, `/processes/${process.id}`)).status).toBe(200);

		expect((await api(anna, 'PATCH', `/processes/${process.id}`, { archived: false })).body.process).toMatchObject({ archivedAt: null });
		expect(await titles()).toContain('Arkiv');
	});

	it('every meeting gets its own well-formed join code, link and QR code', async () => {
		const process = await newProcess(anna, 'Koder');
		const meetings = await Promise.all(Array.from({ length: 30 }, (_, i) => newMeeting(anna, process.id, { themeTitle: `Möte ${i}` })));
		const codes = meetings.map((m) => m.joinCode);
		expect(new Set(codes).size).toBe(30);
		for (const meeting of meetings) {
			expect(meeting.joinCode).toMatch(FORMATTED_CODE);
			expect(meeting.joinUrl).toBe(`${app.url}/join/${meeting.joinCode.replaceAll('-', '')}`);
		}
		const stored = await app.sql<{ joinCode: string }[]>`select join_code from meetings where process_id = ${process.id}`;
		for (const { joinCode } of stored) expect(joinCode).toMatch(/^[23456789ABCDEFGHJKMNPQRSTVWXYZ]{9}$/);

		const [first] = meetings;
		const editor = await (await page(anna, `/processes/${process.id}/meetings/${first.id}`)).text();
		expect(editor).toContain(first.joinCode);
		expect(editor).toContain(`href="${first.joinUrl}"`);
		expect(editor).toMatch(/role="img" aria-label="QR-kod som leder till mötet med koden [^"]+"><!---->\s*<svg|role="img" aria-label="QR-kod[^"]*">[\s\S]{0,40}<svg/);

		const qr = await page(anna, `/processes/${process.id}/meetings/${first.id}/qr.svg`);
		expect(qr.status).toBe(200);
		expect(qr.headers.get('content-type')).toBe('image/svg+xml; charset=utf-8');
		expect(qr.headers.get('content-disposition')).toBe(`attachment; filename="samla-${first.joinCode}.svg"`);
		const svg = await qr.text();
		expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
		expect(svg).not.toMatch(/<script|href=/i);
	});

	it('a join code that is already taken is drawn again', async () => {
		const process = await newProcess(anna, 'Krockar');
		const taken = (await newMeeting(anna, process.id)).joinCode.replaceAll('-', '');
		const draws = [taken, taken, 'ABCDEFGHJ'];
		const input = {
			themeTitle: 'Krock',
			guidingQuestions: [],
			startsAt: null,
			endsAt: null,
			location: '',
			remoteOnly: false,
			votesPerParticipant: 5,
			maxVotesPerItem: 3,
			notesPrivateUntilReveal: true,
			whoMayGroup: 'moderators' as const,
			anonymousAuthors: false,
			askedSegments: []
		};
		const meeting = await insertMeeting(app.sql, process.id, input, { newJoinCode: () => draws.shift()! });
		expect(meeting?.joinCode).toBe('ABCDEFGHJ');
		expect(draws).toEqual([]);
		// Forever taken (it never is at 44 bits) is an error, not an endless loop.
		await expect(insertMeeting(app.sql, process.id, input, { newJoinCode: () => taken })).rejects.toMatchObject({ code: '23505' });
	});
});
