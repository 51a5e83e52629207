import { connect as connectTcp } from 'node:net';
import { describe, expect, inject, it } from 'vitest';
import WebSocket from 'ws';
import { connect } from '../../src/lib/server/db/sql';
import { arrangeMeeting } from './board-fixtures';
import { startTestApp, useTestApp } from './harness';

/** Sends `request` over plain TCP and returns the whole answer (HTTP/1.0: the server closes). */
function rawHttp(url: string, request: string): Promise<string> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve, reject) => {
		let answer = '';
		const socket = connectTcp(Number(port), hostname, () => socket.write(request));
		socket.on('data', (d) => (answer += d.toString()));
		socket.on('end', () => resolve(answer));
		socket.on('error', reject);
	});
}

describe('health', () => {
	const app = useTestApp();

	it('/healthz answers 200 with the database up', async () => {
		const response = await fetch(`${app.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', app: 'up', database: 'up' });
	});

	it('liveness and readiness answer load balancers\' default checks: HTTP/1.0 without a Host header (issue 10)', async () => {
		expect(await rawHttp(app.url, 'GET /livez HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*\{"status":"ok"\}$/);
		expect(await rawHttp(app.url, 'GET /readyz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 OK[\s\S]*"database":"up"/);
		// HAProxy's `option httpchk` without arguments, and nginx's default: any page, no Host.
		expect(await rawHttp(app.url, 'OPTIONS / HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 2\d\d /);
		expect(await rawHttp(app.url, 'GET /healthz HTTP/1.0\r\n\r\n')).toMatch(/^HTTP\/1\.1 200 /);
		expect((await fetch(`${app.url}/livez`, { method: 'POST' })).status).toBe(405);
	});

	it('the start page is served in Swedish by default', async () => {
		const html = await (await fetch(`${app.url}/`)).text();
		expect(html).toContain('<html lang="sv">');
		expect(html).toContain('Hoppa till innehållet');
	});

	it('choosing English sets a cookie and later pages are in English', async () => {
		const response = await fetch(`${app.url}/language`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'locale=en&redirectTo=%2F'
		});
		expect(response.status).toBe(303);
		const cookie = response.headers.get('set-cookie')!.split(';')[0];
		const html = await (await fetch(`${app.url}/`, { headers: { cookie } })).text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('Skip to content');
	});

	it('a first visit follows the browser\'s Accept-Language; a chosen language (the cookie) comes before it; Swedish otherwise', async () => {
		const page = async (headers: Record<string, string>) => (await fetch(`${app.url}/join`, { headers })).text();
		expect(await page({ 'accept-language': 'en-US,en;q=0.9' })).toContain('<html lang="en">');
		expect(await page({ 'accept-language': 'de-DE, en;q=0.5, sv;q=0.4' })).toContain('<html lang="en">');
		expect(await page({ 'accept-language': 'sv-SE, en;q=0.8' })).toContain('<html lang="sv">');
		expect(await page({ 'accept-language': 'de-DE, fr;q=0.5' })).toContain('<html lang="sv">');
		expect(await page({ 'accept-language': 'en-GB', cookie: 'samla_locale=sv' })).toContain('<html lang="sv">');
	});

	it('the header\'s language links set the cookie with a plain GET and return to the page, never to another site', async () => {
		const html = await (await fetch(`${app.url}/privacy?x=1`, { headers: { 'accept-language': 'sv' } })).text();
		expect(html).toContain('href="/language?locale=en&amp;redirectTo=%2Fprivacy%3Fx%3D1"');
		const response = await fetch(`${app.url}/language?locale=en&redirectTo=%2Fprivacy%3Fx%3D1`, { redirect: 'manual' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/privacy?x=1');
		const cookie = response.headers.get('set-cookie')!.split(';')[0];
		expect(cookie).toBe('samla_locale=en');
		for (const away of ['//evil.example/', 'https://evil.example/', '/\\evil.example/']) {
			const refused = await fetch(`${app.url}/language?locale=en&redirectTo=${encodeURIComponent(away)}`, { redirect: 'manual' });
			expect(refused.headers.get('location')).toBe('/');
		}
		// An unknown language changes nothing.
		const unknown = await fetch(`${app.url}/language?locale=xx&redirectTo=%2F`, { redirect: 'manual' });
		expect(unknown.headers.get('set-cookie')).toBeNull();
	});
});

describe('health and shutdown of one instance (issue 10)', () => {
	it('without PostgreSQL the instance is still live but not ready', async () => {
		const app = await startTestApp();
		const dbName = new URL(app.databaseUrl).pathname.slice(1);
		const admin = connect(inject('adminDatabaseUrl'), { max: 1 });
		try {
			await admin.unsafe(`alter database ${dbName} allow_connections false`);
			await admin`select pg_terminate_backend(pid) from pg_stat_activity where datname = ${dbName} and pid <> pg_backend_pid()`;
			expect((await fetch(`${app.url}/livez`)).status).toBe(200);
			const ready = await fetch(`${app.url}/readyz`);
			expect(ready.status).toBe(503);
			expect(await ready.json()).toEqual({ status: 'degraded', database: 'down' });
		} finally {
			await admin.unsafe(`alter database ${dbName} allow_connections true`);
			await admin.end();
			await app.close();
		}
	});

	it('SIGTERM closes board connections with 1012 (service restart), which clients take as "reconnect"', async () => {
		const app = await startTestApp();
		try {
			const meeting = await arrangeMeeting(app.sql);
			const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/yjs/${meeting.meetingId}?token=${meeting.moderatorToken}`);
			await new Promise((resolve, reject) => {
				ws.once('message', resolve);
				ws.once('error', reject);
			});
			const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
			app.process.kill('SIGTERM');
			expect(await closed).toBe(1012);
		} finally {
			await app.close();
		}
	});
});
