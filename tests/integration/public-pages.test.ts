import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { CLI_ENTRY } from '../../scripts/build-server.mjs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
	JOIN_ATTEMPT_BUCKET_MS,
	JOIN_ATTEMPT_LIMITS,
	admitJoinAttempt
} from '../../src/lib/server/db/join-attempts';
import { useTestApp } from './harness';

const html = { accept: 'text/html' };
const exec = promisify(execFile);

describe('joining by code', () => {
	const app = useTestApp();
	beforeAll(async () => {
		const [process] = await app.sql<{ id: string }[]>`insert into processes (title) values ('RUS 2020–2040') returning id`;
		await app.sql`
			insert into meetings (process_id, theme_title, join_code, starts_at, location)
			values (${process.id}, 'Hållbara samhällen', 'K7M9PQ2RS', '2026-03-12T08:30:00Z', 'Umeå, Rådhuset'),
			       (${process.id}, 'Kulturliv', 'ZZZZZZZZZ', null, '')`;
		await app.sql`update meetings set archived_at = now() where join_code = 'ZZZZZZZZZ'`;
	});

	const post = (path: string, body: Record<string, string>, cookie?: string) =>
		fetch(`${app.url}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { ...html, origin: app.url, 'content-type': 'application/x-www-form-urlencoded', ...(cookie ? { cookie } : {}) },
			body: new URLSearchParams(body)
		});

	it('a code typed in lower case with dashes leads to the meeting’s page', async () => {
		const response = await post('/join', { code: ' k7m-9pq 2rs ' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/join/K7M9PQ2RS');
	});

	it('the meeting’s page shows its theme, process, time and place', async () => {
		const response = await fetch(`${app.url}/join/K7M9PQ2RS`, { headers: html });
		expect(response.status).toBe(200);
		const page = await response.text();
		expect(page).toContain('<h1>Hållbara samhällen</h1>');
		expect(page).toContain('RUS 2020–2040');
		expect(page).toContain('Umeå, Rådhuset');
		expect(page).toContain('09:30'); // 08:30 UTC in Swedish winter time
		expect(page).toContain('K7M-9PQ-2RS');
	});

	it('the link and QR forms of a code lead to the same page', async () => {
		const query = await fetch(`${app.url}/join?code=k7m-9pq-2rs`, { redirect: 'manual', headers: html });
		expect(query.status).toBe(303);
		const loose = await fetch(`${app.url}${query.headers.get('location')}`, { redirect: 'manual', headers: html });
		expect(loose.status).toBe(308);
		expect(loose.headers.get('location')).toBe('/join/K7M9PQ2RS');
	});

	it('an unknown code and an archived meeting’s code answer 404 with the reason', async () => {
		for (const code of ['ABCDEFGHJ', 'ZZZZZZZZZ']) {
			const response = await fetch(`${app.url}/join/${code}`, { headers: html });
			expect(response.status).toBe(404);
			expect(await response.text()).toContain('Vi hittade inget möte med koden');
		}
		const posted = await post('/join', { code: 'zzz-zzz-zzz' });
		expect(posted.status).toBe(404);
	});

	it('a malformed code is explained and does not count as a guess', async () => {
		const response = await post('/join', { code: 'ABC-1' });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('En mötes­kod har nio tecken');
	});

	it(`after ${JOIN_ATTEMPT_LIMITS.client} wrong codes a browser is told to wait, even for the right code`, async () => {
		const first = await fetch(`${app.url}/join`, { headers: html });
		const cookie = first.headers.get('set-cookie')!.split(';')[0];
		expect(cookie).toMatch(/^samla_client=[A-Za-z0-9_-]{32,}$/);
		for (let i = 0; i < JOIN_ATTEMPT_LIMITS.client; i++) {
			expect((await post('/join', { code: `ABCDEFGH${'23456789A'[i % 9]}` }, cookie)).status).toBe(404);
		}
		const blocked = await post('/join', { code: 'K7M9PQ2RS' }, cookie);
		expect(blocked.status).toBe(429);
		expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
		expect(await blocked.text()).toMatch(/Du har provat för många koder som inte stämmer. Försök igen om (en minut|\d+ minuter)/);
		expect((await fetch(`${app.url}/join/K7M9PQ2RS`, { headers: { ...html, cookie } })).status).toBe(429);
		// Another browser on the same network is not affected.
		expect((await fetch(`${app.url}/join/K7M9PQ2RS`, { headers: html })).status).toBe(200);
	});

	it('a guesser who drops the cookie is stopped by the generous per-address limit', async () => {
		await app.sql`delete from join_attempts`;
		let status = 0;
		let tries = 0;
		while (tries < JOIN_ATTEMPT_LIMITS.ip + 5) {
			tries++;
			status = (await fetch(`${app.url}/join/ABCDEFGHJ`, { headers: html })).status;
			if (status === 429) break;
		}
		expect(status).toBe(429);
		expect(tries).toBe(JOIN_ATTEMPT_LIMITS.ip + 1);
	});

	it('wrong codes on both sides of a bucket boundary add up; each counts for 5 to 10 minutes', async () => {
		const seconds = JOIN_ATTEMPT_BUCKET_MS / 1000;
		// A bucket boundary in the future, so that the app's own requests do not interfere.
		const boundary = (Math.ceil(Date.now() / JOIN_ATTEMPT_BUCKET_MS) + 10) * JOIN_ATTEMPT_BUCKET_MS;
		const at = (ms: number) => new Date(boundary + ms);

		const split = { clientId: 'split-across-the-boundary-000000000', ip: null };
		for (let i = 0; i < JOIN_ATTEMPT_LIMITS.client; i++) expect((await admitJoinAttempt(app.sql, split, at(i < 5 ? -1000 : 1000))).ok).toBe(true);
		expect(await admitJoinAttempt(app.sql, split, at(2000))).toEqual({ ok: false, retryAfterSeconds: seconds - 2 });
		expect((await admitJoinAttempt(app.sql, split, at(JOIN_ATTEMPT_BUCKET_MS))).ok).toBe(true);

		const burst = { clientId: 'all-in-one-bucket-00000000000000000', ip: null };
		for (let i = 0; i < JOIN_ATTEMPT_LIMITS.client; i++) expect((await admitJoinAttempt(app.sql, burst, at(1000))).ok).toBe(true);
		expect(await admitJoinAttempt(app.sql, burst, at(JOIN_ATTEMPT_BUCKET_MS + 1000))).toEqual({ ok: false, retryAfterSeconds: seconds - 1 });
		expect((await admitJoinAttempt(app.sql, burst, at(2 * JOIN_ATTEMPT_BUCKET_MS))).ok).toBe(true);
	});

	it('the throttle stores hashes only: no IP address and no cookie value', async () => {
		const keys = (await app.sql<{ key: string }[]>`select key from join_attempts`).map((r) => r.key);
		expect(keys.length).toBeGreaterThan(0);
		for (const key of keys) {
			expect(key).toMatch(/^(client|ip):[A-Za-z0-9_-]{43}$/);
			expect(key).not.toContain('127.0.0.1');
		}
	});
});

describe('accessibility reports', () => {
	const app = useTestApp();

	const report = (body: Record<string, string>) =>
		fetch(`${app.url}/accessibility`, {
			method: 'POST',
			headers: { ...html, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(body)
		});

	it('a report with only a description is stored and confirmed', async () => {
		const response = await report({ name: '', email: '', description: 'Röstknappen går inte att nå med Tab.' });
		expect(response.status).toBe(200);
		expect(await response.text()).toContain('Tack! Vi har tagit emot din rapport.');
		const rows = await app.sql`select name, email, description from accessibility_reports`;
		expect(rows).toEqual([{ name: '', email: '', description: 'Röstknappen går inte att nå med Tab.' }]);
	});

	it('a report without a description is refused with the reason, and nothing is stored', async () => {
		const response = await report({ name: 'Anna', email: 'inte-en-adress', description: ' ' });
		expect(response.status).toBe(400);
		const page = await response.text();
		expect(page).toContain('Beskriv problemet.');
		expect(page).toContain('Skriv en giltig e-postadress');
		expect(page).toContain('value="Anna"');
		expect(await app.sql`select id from accessibility_reports`).toHaveLength(1);
	});

	it('an operator reads the reports with the CLI', async () => {
		await report({ name: 'Anna', email: 'anna@umea.se', description: 'Fokus syns inte på knappen.' });
		const { stdout } = await exec(process.execPath, [CLI_ENTRY, 'accessibility-reports'], {
			env: { ...process.env, DATABASE_URL: app.databaseUrl }
		});
		const newestFirst = stdout.indexOf('Anna <anna@umea.se>');
		expect(newestFirst).toBeGreaterThan(-1);
		expect(stdout).toContain('    Fokus syns inte på knappen.');
		expect(stdout.indexOf('anonymous')).toBeGreaterThan(newestFirst);
		expect(stdout).toContain('    Röstknappen går inte att nå med Tab.');
	});
});
