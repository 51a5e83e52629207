import { beforeEach, describe, expect, it } from 'vitest';
import { createModerator } from '../../src/lib/server/auth/moderators';
import { hashSecret } from '../../src/lib/server/auth/session';
import { createSetupToken } from '../../src/lib/server/auth/setup';
import { runCli } from './cli';
import { type TestApp, useTestApp } from './harness';

const PASSWORD = 'a long and correct passphrase';

/** POST /api/v1/auth/sign-in as a script would. */
async function apiSignIn(app: TestApp, email: string, password: string) {
	const response = await fetch(`${app.url}/api/v1/auth/sign-in`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password })
	});
	return { status: response.status, headers: response.headers, body: (await response.json()) as Record<string, unknown> };
}

/** The browser's sign-in form, posted without JavaScript (a browser accepts HTML, not an action result). */
function formSignIn(app: TestApp, email: string, password: string, { query = '', origin = app.url } = {}) {
	return fetch(`${app.url}/sign-in${query}`, {
		method: 'POST',
		redirect: 'manual',
		headers: { origin, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ email, password }).toString()
	});
}

function me(app: TestApp, token: string) {
	return fetch(`${app.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
}

function sessionCookie(response: Response): string | undefined {
	return response.headers.getSetCookie().find((c) => c.startsWith('samla_session='));
}

/** Runs the compiled CLI (`npm run samla -- …`) against the app's database, with `stdin` piped in. */
async function cli(app: TestApp, args: string[], stdin = ''): Promise<{ code: number | null; stdout: string; stderr: string }> {
	const { code, stdout, stderr } = await runCli(args, {
		env: { DATABASE_URL: app.databaseUrl, ORIGIN: app.url, SAMLA_LOG: 'silent' },
		input: stdin
	});
	return { code, stdout, stderr };
}

describe('signing in and sessions', () => {
	const app = useTestApp();
	let seq = 0;
	/** A fresh moderator per test, so that throttles and sessions do not leak between tests. */
	async function moderator(name = 'Anna Andersson') {
		const email = `moderator${++seq}@region.example`;
		const created = await createModerator(app.sql, { email, name, password: PASSWORD });
		if (!created.ok) throw new Error(created.code);
		return { ...created.moderator, password: PASSWORD };
	}

	it('the right password gives a token that works on the API', async () => {
		const anna = await moderator();
		const signedIn = await apiSignIn(app, anna.email.toUpperCase(), anna.password);
		expect(signedIn.status).toBe(200);
		expect(signedIn.body).toEqual({
			token: expect.stringMatching(/^[a-z2-9]{24}\.[a-z2-9]{24}$/),
			moderator: { id: anna.id, email: anna.email, name: 'Anna Andersson' },
			expiresAfterInactivitySeconds: 864000
		});
		const response = await me(app, signedIn.body.token as string);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ moderator: { id: anna.id, email: anna.email, name: 'Anna Andersson' } });
	});

	it('a wrong password is refused without saying which part was wrong', async () => {
		const anna = await moderator();
		const refused = await apiSignIn(app, anna.email, 'not the password at all');
		expect(refused.status).toBe(401);
		expect(refused.body).toEqual({ code: 'INVALID_CREDENTIALS', message: expect.any(String) });
		expect(refused.body.message).not.toMatch(/password is wrong|unknown|no such/i);

		const form = await formSignIn(app, anna.email, 'not the password at all');
		expect(form.status).toBe(401);
		expect(sessionCookie(form)).toBeUndefined();
		expect(await form.text()).toContain('E-postadressen eller lösenordet stämmer inte.');
	});

	it('an unknown e-mail is refused with exactly the same response as a wrong password', async () => {
		const anna = await moderator();
		const wrongPassword = await apiSignIn(app, anna.email, 'not the password at all');
		const unknownEmail = await apiSignIn(app, 'nobody@region.example', 'not the password at all');
		expect(unknownEmail.status).toBe(wrongPassword.status);
		expect(unknownEmail.body).toEqual(wrongPassword.body);

		const [formWrong, formUnknown] = [
			await formSignIn(app, anna.email, 'not the password at all'),
			await formSignIn(app, 'nobody@region.example', 'not the password at all')
		];
		expect(formUnknown.status).toBe(formWrong.status);
		const alertOf = async (r: Response) => /<p class="alert"[^>]*>([^<]*)<\/p>/.exec(await r.text())?.[1];
		expect(await alertOf(formUnknown)).toBe(await alertOf(formWrong));
	});

	it('an unknown e-mail takes about as long to refuse as a wrong password', async () => {
		const anna = await moderator();
		const timed = async (email: string) => {
			await app.sql`delete from login_throttle`;
			const start = performance.now();
			const { status } = await apiSignIn(app, email, 'not the password at all');
			expect(status).toBe(401);
			return performance.now() - start;
		};
		await timed('warm-up@region.example');
		const known: number[] = [];
		const unknown: number[] = [];
		for (let i = 0; i < 7; i++) {
			known.push(await timed(anna.email));
			unknown.push(await timed(`nobody${i}@region.example`));
		}
		// Both verify one argon2id hash (≈10 ms here); without it an unknown e-mail is refused in under half the time.
		// Noise from other work on the machine only adds time, so the fastest of each is compared.
		const [k, u] = [Math.min(...known), Math.min(...unknown)];
		expect(Math.min(k, u) / Math.max(k, u), `known ${known.map(Math.round)} ms, unknown ${unknown.map(Math.round)} ms`).toBeGreaterThanOrEqual(0.7);
	});

	it('a token with one character of its secret changed is treated as signed out', async () => {
		const anna = await moderator();
		const { body } = await apiSignIn(app, anna.email, anna.password);
		const token = body.token as string;
		const last = token.at(-1) === 'a' ? 'b' : 'a';
		const tampered = token.slice(0, -1) + last;
		const response = await me(app, tampered);
		expect(response.status).toBe(401);
		expect(await response.json()).toEqual({ code: 'UNAUTHENTICATED', message: expect.any(String) });

		const page = await fetch(`${app.url}/`, { headers: { cookie: `samla_session=${tampered}` } });
		expect(await page.text()).not.toContain('Inloggad som');
		expect((await me(app, token)).status).toBe(200); // the real token still works
	});

	it('a session unused for more than ten days is refused and deleted', async () => {
		const anna = await moderator();
		const token = (await apiSignIn(app, anna.email, anna.password)).body.token as string;
		const id = token.split('.')[0];
		await app.sql`update sessions set last_verified_at = now() - interval '11 days' where id = ${id}`;
		expect((await me(app, token)).status).toBe(401);
		expect(await app.sql`select 1 from sessions where id = ${id}`).toHaveLength(0);
	});

	it('a session in use moves its inactivity deadline forward', async () => {
		const anna = await moderator();
		const token = (await apiSignIn(app, anna.email, anna.password)).body.token as string;
		const id = token.split('.')[0];
		await app.sql`update sessions set last_verified_at = now() - interval '2 hours' where id = ${id}`;
		const [before] = await app.sql<{ lastVerifiedAt: Date }[]>`select last_verified_at from sessions where id = ${id}`;
		expect((await me(app, token)).status).toBe(200);
		const [after] = await app.sql<{ lastVerifiedAt: Date }[]>`select last_verified_at from sessions where id = ${id}`;
		expect(after.lastVerifiedAt.getTime() - before.lastVerifiedAt.getTime()).toBeGreaterThan(110 * 60 * 1000);
		expect(Date.now() - after.lastVerifiedAt.getTime()).toBeLessThan(60 * 1000);
	});

	it('after five wrong passwords the account is locked: 429 with Retry-After, even for the right password', async () => {
		const anna = await moderator();
		const bertil = await moderator('Bertil Berg');
		for (let attempt = 1; attempt <= 5; attempt++) {
			expect((await apiSignIn(app, anna.email, `wrong password ${attempt}`)).status).toBe(401);
		}
		const sixth = await apiSignIn(app, anna.email, 'wrong password 6');
		expect(sixth.status).toBe(429);
		expect(sixth.body).toEqual({ code: 'RATE_LIMITED', message: expect.any(String) });
		const retryAfter = Number(sixth.headers.get('retry-after'));
		expect(retryAfter).toBeGreaterThan(0);
		expect(retryAfter).toBeLessThanOrEqual(30);

		const right = await apiSignIn(app, anna.email, anna.password);
		expect(right.status).toBe(429);
		expect(right.body.token).toBeUndefined();

		const form = await formSignIn(app, anna.email, anna.password);
		expect(form.status).toBe(429);
		expect(sessionCookie(form)).toBeUndefined();
		expect(await form.text()).toMatch(/Vänta \d+ sekunder och försök sedan igen/);

		expect((await apiSignIn(app, bertil.email, bertil.password)).status).toBe(200);
	});

	it('unknown e-mails are locked just like known ones, so the lock reveals no account', async () => {
		for (let attempt = 1; attempt <= 5; attempt++) {
			expect((await apiSignIn(app, 'ghost@region.example', 'some password')).status).toBe(401);
		}
		expect((await apiSignIn(app, 'ghost@region.example', 'some password')).status).toBe(429);
	});

	it('parallel wrong attempts cannot get past the lock', async () => {
		const anna = await moderator();
		const results = await Promise.all(
			Array.from({ length: 12 }, (_, i) => apiSignIn(app, anna.email, `wrong password ${i}`))
		);
		expect(results.filter((r) => r.status === 401)).toHaveLength(5);
		expect(results.filter((r) => r.status === 429)).toHaveLength(7);
	});

	it('a successful sign-in resets the count of failures', async () => {
		const anna = await moderator();
		for (let attempt = 1; attempt <= 4; attempt++) await apiSignIn(app, anna.email, 'wrong password');
		expect((await apiSignIn(app, anna.email, anna.password)).status).toBe(200);
		for (let attempt = 1; attempt <= 4; attempt++) {
			expect((await apiSignIn(app, anna.email, 'wrong password')).status).toBe(401);
		}
	});

	it('a run of failures is forgotten a day after the last one', async () => {
		const anna = await moderator();
		for (let attempt = 1; attempt <= 5; attempt++) await apiSignIn(app, anna.email, 'wrong password');
		await app.sql`
			update login_throttle set last_failure_at = now() - interval '25 hours', locked_until = now() - interval '1 minute'
			where account_key = ${anna.email}`;
		expect((await apiSignIn(app, anna.email, 'wrong password')).status).toBe(401);
		const [row] = await app.sql<{ failures: number }[]>`select failures from login_throttle where account_key = ${anna.email}`;
		expect(row.failures).toBe(1);
	});

	it('the sessions table holds a hash of the secret, never the token or the secret', async () => {
		const anna = await moderator();
		const token = (await apiSignIn(app, anna.email, anna.password)).body.token as string;
		const [id, secret] = token.split('.');
		const [row] = await app.sql<Record<string, unknown>[]>`select * from sessions where id = ${id}`;
		const stored = Object.values(row).map((v) => (Buffer.isBuffer(v) ? `${v.toString('hex')} ${v.toString('latin1')}` : String(v)));
		for (const value of stored) {
			expect(value).not.toContain(secret);
			expect(value).not.toContain(token);
		}
		expect(Buffer.from(row.secretHash as Buffer)).toEqual(Buffer.from(hashSecret(secret)));
	});

	it('signing out through the API ends the session: the old token answers 401', async () => {
		const anna = await moderator();
		const token = (await apiSignIn(app, anna.email, anna.password)).body.token as string;
		const out = await fetch(`${app.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
		expect(out.status).toBe(204);
		expect((await me(app, token)).status).toBe(401);
		const again = await fetch(`${app.url}/api/v1/auth/sign-out`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
		expect(again.status).toBe(401);
	});

	it('the browser sign-in sets an HttpOnly, SameSite=Lax, site-wide cookie, not Secure over http', async () => {
		const anna = await moderator();
		const response = await formSignIn(app, anna.email, anna.password);
		expect(response.status).toBe(303);
		const cookie = sessionCookie(response)!;
		const attributes = cookie.split(';').map((a) => a.trim().toLowerCase());
		expect(attributes).toContain('httponly');
		expect(attributes).toContain('samesite=lax');
		expect(attributes).toContain('path=/');
		expect(attributes.some((a) => a === 'secure')).toBe(false);

		const page = await fetch(`${app.url}/`, { headers: { cookie: cookie.split(';')[0] } });
		expect(await page.text()).toContain('Inloggad som Anna Andersson');
	});

	it('after sign-in the browser goes to a redirectTo on this site, never to another site', async () => {
		const anna = await moderator();
		const local = await formSignIn(app, anna.email, anna.password, { query: '?redirectTo=%2Fprocesses%2F42%3Ftab%3Dmeetings' });
		expect(local.headers.get('location')).toBe('/processes/42?tab=meetings');
		const external = await formSignIn(app, anna.email, anna.password, { query: '?redirectTo=https%3A%2F%2Fevil.example%2F' });
		expect(external.headers.get('location')).toBe('/processes');
		const protocolRelative = await formSignIn(app, anna.email, anna.password, { query: '?redirectTo=%2F%2Fevil.example' });
		expect(protocolRelative.headers.get('location')).toBe('/processes');
	});

	it('signing out in the browser ends the session and deletes the cookie', async () => {
		const anna = await moderator();
		const signedIn = await formSignIn(app, anna.email, anna.password);
		const cookie = sessionCookie(signedIn)!.split(';')[0];
		const token = decodeURIComponent(cookie.split('=')[1]);

		const out = await fetch(`${app.url}/sign-out`, {
			method: 'POST',
			redirect: 'manual',
			headers: { cookie, origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: ''
		});
		expect(out.status).toBe(303);
		expect(out.headers.get('location')).toBe('/');
		expect(sessionCookie(out)).toMatch(/^samla_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/i);
		expect((await me(app, token)).status).toBe(401);

		const get = await fetch(`${app.url}/sign-out`, { redirect: 'manual' });
		expect(get.status).toBe(303);
		expect(get.headers.get('location')).toBe('/');
	});

	it('a sign-in form posted from another origin is refused with 403 and creates no session', async () => {
		const anna = await moderator();
		const before = await app.sql`select 1 from sessions where moderator_id = ${anna.id}`;
		const response = await formSignIn(app, anna.email, anna.password, { origin: 'https://evil.example' });
		expect(response.status).toBe(403);
		expect(sessionCookie(response)).toBeUndefined();
		const after = await app.sql`select 1 from sessions where moderator_id = ${anna.id}`;
		expect(after.length).toBe(before.length);
	});

	it('the API answers malformed requests and missing tokens with JSON errors, never HTML', async () => {
		const notJson = await fetch(`${app.url}/api/v1/auth/sign-in`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: '{not json'
		});
		expect(notJson.status).toBe(400);
		expect(await notJson.json()).toEqual({ code: 'VALIDATION', message: expect.any(String) });

		const missing = await apiSignIn(app, '', '');
		expect(missing.status).toBe(400);
		expect(missing.body.code).toBe('VALIDATION');

		const anonymous = await fetch(`${app.url}/api/v1/me`, { headers: { accept: 'text/html' } });
		expect(anonymous.status).toBe(401);
		expect(anonymous.headers.get('content-type')).toContain('application/json');
		expect(await anonymous.json()).toMatchObject({ code: 'UNAUTHENTICATED' });
	});

	it('the OpenAPI document describes sign-in, sign-out and /me', async () => {
		const document = await (await fetch(`${app.url}/api/v1/openapi.json`)).json();
		expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/auth/sign-in', '/auth/sign-out', '/me']));
		expect(document.paths['/auth/sign-in'].post.responses).toHaveProperty('429');
	});

	it('the CLI refuses a password given as an option and creates nobody', async () => {
		const result = await cli(app, ['create-moderator', '--email', 'cli-refused@region.example', '--name', 'Cecilia', '--password', PASSWORD]);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('does not take --password');
		expect(await app.sql`select 1 from moderators where email = 'cli-refused@region.example'`).toHaveLength(0);
	});

	it('the CLI creates a moderator with the password from standard input, who can then sign in', async () => {
		const result = await cli(app, ['create-moderator', '--email', 'Cecilia@Region.example', '--name', 'Cecilia Carlsson'], `${PASSWORD}\n`);
		expect(result.stderr).toBe('');
		expect(result.code).toBe(0);
		expect(result.stdout).toContain('Created moderator Cecilia Carlsson <cecilia@region.example>');
		expect((await apiSignIn(app, 'cecilia@region.example', PASSWORD)).status).toBe(200);

		const again = await cli(app, ['create-moderator', '--email', 'cecilia@region.example', '--name', 'Another'], `${PASSWORD}\n`);
		expect(again.code).toBe(1);
		expect(again.stderr).toContain('already exists');
	});

	it('the CLI refuses a too short password from standard input', async () => {
		const result = await cli(app, ['create-moderator', '--email', 'short@region.example', '--name', 'Short'], 'short\n');
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('at least 12 characters');
		expect(await app.sql`select 1 from moderators where email = 'short@region.example'`).toHaveLength(0);
	});
});

describe('the first moderator', () => {
	const app = useTestApp();
	const setupForm = (path: string, fields: Record<string, string>) =>
		fetch(`${app.url}${path}`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: app.url, accept: 'text/html', 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams(fields).toString()
		});
	const first = { name: 'Frida Först', email: 'frida@region.example', password: PASSWORD, passwordRepeat: PASSWORD };

	beforeEach(() => {
		expect(app.process.exitCode).toBeNull();
	});

	/** The link Samla printed at start, as a path. */
	function printedLink(): string {
		const match = /No moderator yet\. Create the first one at (\S+) \(valid 24 hours, once\), or run: npm run samla -- create-moderator/.exec(
			app.output()
		);
		expect(match).not.toBeNull();
		return new URL(match![1]).pathname;
	}

	it('an unknown setup link answers 404 and an expired one 410, with a clear message', async () => {
		const unknown = await fetch(`${app.url}/setup/abcdefghijkmnpqrstuvwxyz`);
		expect(unknown.status).toBe(404);
		expect(await unknown.text()).toContain('Den här länken för att skapa den första moderatorn finns inte');

		const expired = await createSetupToken(app.sql, new Date(Date.now() - 25 * 60 * 60 * 1000));
		const page = await fetch(`${app.url}/setup/${expired}`);
		expect(page.status).toBe(410);
		expect(await page.text()).toContain('har slutat gälla');
		expect((await setupForm(`/setup/${expired}`, first)).status).toBe(410);
		expect(await app.sql`select 1 from moderators`).toHaveLength(0);
	});

	it('the CLI prints a fresh setup link while there is no moderator', async () => {
		const result = await cli(app, ['setup-link']);
		expect(result.code).toBe(0);
		const link = /Create the first moderator at (\S+) \(valid 24 hours, once\)/.exec(result.stdout);
		expect(link).not.toBeNull();
		expect((await fetch(link![1])).status).toBe(200);
	});

	it('invalid input on the setup form creates nobody and leaves the link usable', async () => {
		const path = printedLink();
		const response = await setupForm(path, { ...first, passwordRepeat: 'something else entirely' });
		expect(response.status).toBe(400);
		expect(await response.text()).toContain('Lösenorden är inte likadana');
		expect(await app.sql`select 1 from moderators`).toHaveLength(0);
		expect((await fetch(`${app.url}${path}`)).status).toBe(200);
	});

	it('the setup link printed at start creates the first moderator and signs them in, once and only once', async () => {
		const path = printedLink();
		const page = await fetch(`${app.url}${path}`);
		expect(page.status).toBe(200);
		expect(await page.text()).toContain('Skapa den första moderatorn');

		const created = await setupForm(path, first);
		expect(created.status).toBe(303);
		expect(created.headers.get('location')).toBe('/processes');
		const cookie = sessionCookie(created)!.split(';')[0];
		const whoami = await fetch(`${app.url}/api/v1/me`, { headers: { cookie } });
		expect(await whoami.json()).toEqual({ moderator: { id: expect.any(String), email: 'frida@region.example', name: 'Frida Först' } });

		const reused = await setupForm(path, { ...first, email: 'mallory@region.example' });
		expect(reused.status).toBe(410);
		expect((await fetch(`${app.url}${path}`)).status).toBe(410);
		expect(await app.sql`select email from moderators`).toEqual([{ email: 'frida@region.example' }]);
	});

	it('once a moderator exists, other setup links stop working and the CLI gives none', async () => {
		const spare = await createSetupToken(app.sql);
		const page = await fetch(`${app.url}/setup/${spare}`);
		expect(page.status).toBe(410);
		expect(await page.text()).toContain('Samla har redan en moderator');
		expect((await setupForm(`/setup/${spare}`, { ...first, email: 'second@region.example' })).status).toBe(410);

		const result = await cli(app, ['setup-link']);
		expect(result.code).toBe(1);
		expect(result.stderr).toContain('already has a moderator');
		expect(await app.sql`select 1 from moderators`).toHaveLength(1);
	});
});
