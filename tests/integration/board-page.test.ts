import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { participantCookieName } from '../../src/lib/server/auth/participant-session';
import { arrangeMeeting, arrangeParticipant } from './board-fixtures';
import { useTestApp } from './harness';

// Who may open /m/<meetingId>: a participant of that meeting or a moderator of its process.

const app = useTestApp();
let meeting: Awaited<ReturnType<typeof arrangeMeeting>>;
let other: Awaited<ReturnType<typeof arrangeMeeting>>;

beforeAll(async () => {
	meeting = await arrangeMeeting(app.sql, { phase: 'brainstorm' });
	other = await arrangeMeeting(app.sql, { phase: 'brainstorm' });
	await app.sql`
		update meetings set guiding_questions = ${['Hur når kulturen hela länet?', '<script>alert(1)</script>']}::text[]
		where id = ${meeting.meetingId}`;
});

afterAll(async () => {
	await app?.close();
});

function open(meetingId: string, cookies: Record<string, string> = {}) {
	const cookie = Object.entries(cookies)
		.map(([name, value]) => `${name}=${value}`)
		.join('; ');
	return fetch(`${app.url}/m/${meetingId}`, { redirect: 'manual', headers: cookie ? { cookie } : {} });
}

describe('the board page', () => {
	it('sends a visitor without a session to the join page', async () => {
		const response = await open(meeting.meetingId);
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/join');
	});

	it('shows a participant the theme, the guiding questions and the write box before any script runs', async () => {
		const anna = await arrangeParticipant(app.sql, meeting.meetingId, 'Anna');
		const response = await open(meeting.meetingId, { [participantCookieName(meeting.meetingId)]: anna.token });
		expect(response.status).toBe(200);
		expect(response.headers.get('cache-control')).toContain('no-store');
		const html = await response.text();
		expect(html).toContain('Framtidens kulturliv');
		expect(html).toContain('Hur når kulturen hela länet?');
		expect(html).toContain('&lt;script>alert(1)&lt;/script>');
		expect(html).not.toContain('<script>alert(1)</script>');
		expect(html).toContain('Skriv en idé');
		expect(html).toContain('Nu: Idéinsamling');
		expect(html).not.toContain('Styr mötet');
	});

	it('does not let a participant of another meeting in, even with their token under this meeting\'s cookie', async () => {
		const stranger = await arrangeParticipant(app.sql, other.meetingId, 'Främling');
		const response = await open(meeting.meetingId, { [participantCookieName(meeting.meetingId)]: stranger.token });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/join');
	});

	it('sends a removed participant to the join page', async () => {
		const bo = await arrangeParticipant(app.sql, meeting.meetingId, 'Bo');
		await app.sql`update participants set removed_at = now() where id = ${bo.id}`;
		const response = await open(meeting.meetingId, { [participantCookieName(meeting.meetingId)]: bo.token });
		expect(response.status).toBe(303);
	});

	it('shows a moderator of the process the board with the controls to run the meeting', async () => {
		const response = await open(meeting.meetingId, { samla_session: meeting.moderatorToken });
		expect(response.status).toBe(200);
		const html = await response.text();
		expect(html).toContain('Styr mötet');
		expect(html).toContain('Nästa fas: Gruppering');
	});

	it('answers 404 to a moderator of another process, and for a meeting that does not exist', async () => {
		expect((await open(meeting.meetingId, { samla_session: other.moderatorToken })).status).toBe(404);
		expect((await open('00000000-0000-4000-8000-000000000000', { samla_session: meeting.moderatorToken })).status).toBe(404);
		expect((await open('not-a-uuid', { samla_session: meeting.moderatorToken })).status).toBe(404);
	});
});
