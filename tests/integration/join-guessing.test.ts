import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { JOIN_ATTEMPT_LIMITS } from '../../src/lib/server/db/join-attempts';
import { randomJoinCode } from '../../src/lib/server/random-join-code';
import { arrangeMeeting } from './board-fixtures';
import { useTestApp } from './harness';

// Issue 9 point 15 (regression): the guess count was read before a wrong code was recorded, so
// 61 parallel guesses with one cookie (limit 10) and 1 000 from one address (limit 100) were all
// looked up. Now each guess is counted and judged in one statement: whatever the parallelism, no
// more than the limit are looked up (404); the rest are refused unseen (429).

// The proxy's header says which address a request comes from, so that each test has its own.
const app = useTestApp({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });

const newClientCookie = () => `samla_client=${randomBytes(24).toString('base64url')}`;
const newAddress = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;

/** POST /api/v1/join as a script would, from `address`, with `cookie` (and Origin, as a browser sends it). */
function join(code: string, address: string, cookie: string) {
	return fetch(`${app.url}/api/v1/join`, {
		method: 'POST',
		headers: { 'content-type': 'application/json', 'x-forwarded-for': address, cookie, origin: app.url },
		body: JSON.stringify({ code, displayName: 'Gissaren', attendance: 'remote' })
	});
}

async function statuses(responses: Promise<Response>[]): Promise<Record<number, number>> {
	const counts: Record<number, number> = {};
	for (const response of await Promise.all(responses)) {
		await response.arrayBuffer();
		counts[response.status] = (counts[response.status] ?? 0) + 1;
	}
	return counts;
}

describe('guessing join codes in parallel', () => {
	it('61 parallel wrong codes with one cookie: exactly 10 are looked up, the rest refused with 429', async () => {
		const cookie = newClientCookie();
		const address = newAddress();
		const guesses = Array.from({ length: 61 }, () => join(randomJoinCode(), address, cookie));
		expect(await statuses(guesses)).toEqual({ 404: JOIN_ATTEMPT_LIMITS.client, 429: 61 - JOIN_ATTEMPT_LIMITS.client });
	});

	it('a guesser who sends each of 150 parallel guesses with a new cookie is stopped at 100 by the address', async () => {
		const address = newAddress();
		const guesses = Array.from({ length: 150 }, () => join(randomJoinCode(), address, newClientCookie()));
		expect(await statuses(guesses)).toEqual({ 404: JOIN_ATTEMPT_LIMITS.ip, 429: 150 - JOIN_ATTEMPT_LIMITS.ip });
	});

	it('right codes do not count as guesses: a browser that joins often is never held up', async () => {
		const meeting = await arrangeMeeting(app.sql);
		const [{ joinCode }] = await app.sql<{ joinCode: string }[]>`select join_code from meetings where id = ${meeting.meetingId}`;
		const cookie = newClientCookie();
		const address = newAddress();
		for (let i = 0; i < JOIN_ATTEMPT_LIMITS.client + 5; i++) expect((await join(joinCode, address, cookie)).status).toBe(201);
		const wrong = Array.from({ length: JOIN_ATTEMPT_LIMITS.client + 1 }, () => join(randomJoinCode(), address, cookie));
		expect(await statuses(wrong)).toEqual({ 404: JOIN_ATTEMPT_LIMITS.client, 429: 1 });
	});
});
