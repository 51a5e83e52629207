import { describe, expect, it } from 'vitest';
import { arrangeMeeting } from './board-fixtures';
import { useTestApp } from './harness';

// Issue 9 point 11 (regression): polling /m/<id>/representation before and after each join — the
// presence list names the newcomer — revealed the newcomer's sector and municipality (Malå left
// "nobody from … yet", a count went from 0 to "fewer than 5" or from 6 to 7). What a participant
// or the projector sees may change only when a 5th joiner completes a batch, so that a change
// can always be one of five people's doing, and a lone join changes nothing.

const app = useTestApp();

interface Joiner {
	attendance: 'on_site' | 'remote';
	sectorCode?: string;
	municipalityCode?: string;
}

/** Joins through POST /api/v1/join as a participant's script would; returns the bearer token. */
async function join(code: string, name: string, joiner: Joiner): Promise<string> {
	const response = await fetch(`${app.url}/api/v1/join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ code, displayName: name, ...joiner })
	});
	expect(response.status).toBe(201);
	return ((await response.json()) as { token: string }).token;
}

/** What an observer (a participant, or the projector — the same view) sees of the breakdown now. */
async function snapshot(meetingId: string, token: string): Promise<string> {
	const response = await fetch(`${app.url}/m/${meetingId}/representation`, { headers: { authorization: `Bearer ${token}` } });
	expect(response.status).toBe(200);
	const body = await response.json();
	expect(body.exact).toBe(false);
	return JSON.stringify(body);
}

async function joinableMeeting() {
	const meeting = await arrangeMeeting(app.sql);
	const [{ joinCode }] = await app.sql<{ joinCode: string }[]>`select join_code from meetings where id = ${meeting.meetingId}`;
	return { ...meeting, joinCode };
}

const KOMMUN_UMEA: Joiner = { attendance: 'on_site', sectorCode: 'municipality', municipalityCode: '2480' };

describe('the breakdown participants and the projector see, watched join by join', () => {
	it('a lone newcomer from a municipality and sector nobody came from before changes nothing an observer sees', async () => {
		const meeting = await joinableMeeting();
		const observer = await join(meeting.joinCode, 'Observatören', KOMMUN_UMEA);
		for (let i = 0; i < 4; i++) await join(meeting.joinCode, `Umeå ${i}`, KOMMUN_UMEA);
		const before = await snapshot(meeting.meetingId, observer);
		expect(JSON.parse(before).missingMunicipalities).toContain('Malå');

		await join(meeting.joinCode, 'Ensam från Malå', { attendance: 'remote', sectorCode: 'civil_society', municipalityCode: '2418' });
		expect(await snapshot(meeting.meetingId, observer)).toBe(before);
	});

	it('the same history with a different newcomer gives the same snapshot: it does not depend on who the newcomer is', async () => {
		const views: string[] = [];
		for (const newcomer of [KOMMUN_UMEA, { attendance: 'remote', sectorCode: 'business', municipalityCode: '2418' } as Joiner]) {
			const meeting = await joinableMeeting();
			const observer = await join(meeting.joinCode, 'Observatören', KOMMUN_UMEA);
			for (let i = 0; i < 5; i++) await join(meeting.joinCode, `Umeå ${i}`, KOMMUN_UMEA);
			await join(meeting.joinCode, 'Nykomlingen', newcomer);
			views.push(await snapshot(meeting.meetingId, observer));
		}
		expect(views[0]).toBe(views[1]);
	});

	it('over 23 joins of mixed people the view changes only when a 5th joiner completes a batch, and never shows a count under 5', async () => {
		const meeting = await joinableMeeting();
		const people: Joiner[] = [
			KOMMUN_UMEA,
			{ attendance: 'remote', sectorCode: 'business', municipalityCode: '2482' },
			{ attendance: 'on_site', sectorCode: 'region' },
			{ attendance: 'remote', municipalityCode: '2418' },
			{ attendance: 'on_site', sectorCode: 'academia', municipalityCode: '2421' }
		];
		const observer = await join(meeting.joinCode, 'Observatören', KOMMUN_UMEA);
		let joined = 1;
		let previous = await snapshot(meeting.meetingId, observer);
		const changedAt: number[] = [];
		for (let i = 0; i < 22; i++) {
			await join(meeting.joinCode, `Deltagare ${i}`, people[(i * 3) % people.length]);
			joined++;
			const now = await snapshot(meeting.meetingId, observer);
			if (now !== previous) changedAt.push(joined);
			expect(now).not.toMatch(/"(count|onSite|remote)":[1-4][,}]/);
			previous = now;
		}
		expect(changedAt).toEqual([5, 10, 15, 20]);
		expect(JSON.parse(previous).counted).toBe(20);
	});

	it('the moderator still sees who is here exactly, at every join', async () => {
		const meeting = await joinableMeeting();
		await join(meeting.joinCode, 'Först', KOMMUN_UMEA);
		await join(meeting.joinCode, 'Från Malå', { attendance: 'remote', municipalityCode: '2418' });
		const response = await fetch(`${app.url}/m/${meeting.meetingId}/representation`, { headers: { authorization: `Bearer ${meeting.moderatorToken}` } });
		const body = await response.json();
		expect(body).toMatchObject({ exact: true, total: 2, remote: 1 });
		expect(body.missingMunicipalities).not.toContain('Malå');
	});
});
