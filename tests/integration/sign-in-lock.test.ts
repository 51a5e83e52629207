import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createModerator } from '../../src/lib/server/auth/moderators';
import { SIGN_IN_CEILING_PER_HOUR } from '../../src/lib/server/auth/sign-in';
import { runCli } from './cli';
import { useTestApp } from './harness';

// Issue 9 point 14 (regression): the sign-in lock was per e-mail only and grew to 15 minutes, so
// one wrong attempt every 15 minutes from anywhere kept the real moderator out for ever. Now the
// lock is per (e-mail, client) — the browser's samla_client cookie, or its address without one —
// under a much higher hourly ceiling per e-mail that does not hold up browsers which signed in to
// it before; `npm run samla -- unlock --email …` lifts every lock.

const PASSWORD = 'a long and correct passphrase';
// The proxy's header tells the addresses apart (one test machine, many "clients").
const app = useTestApp({ ADDRESS_HEADER: 'x-forwarded-for', XFF_DEPTH: '1' });

let seq = 0;
async function moderator(): Promise<{ email: string }> {
	const email = `lock${++seq}-${randomBytes(3).toString('hex')}@region.example`;
	const created = await createModerator(app.sql, { email, name: 'Anna Andersson', password: PASSWORD });
	if (!created.ok) throw new Error(created.code);
	return { email };
}

/** A client as the server tells them apart: an address and, for a browser, its samla_client cookie. */
interface Client {
	address: string;
	cookie?: string;
}
const address = () => `10.${randomBytes(1)[0]}.${randomBytes(1)[0]}.${1 + (randomBytes(1)[0] % 250)}`;
const stranger = (): Client => ({ address: address() });
const browser = (): Client => ({ address: address(), cookie: `samla_client=${randomBytes(24).toString('base64url')}` });

/** POST /api/v1/auth/sign-in from `client` (with Origin when it is a browser with cookies). */
async function signIn(client: Client, email: string, password: string) {
	const headers: Record<string, string> = { 'content-type': 'application/json', 'x-forwarded-for': client.address };
	if (client.cookie) Object.assign(headers, { cookie: client.cookie, origin: app.url });
	const response = await fetch(`${app.url}/api/v1/auth/sign-in`, { method: 'POST', headers, body: JSON.stringify({ email, password }) });
	await response.arrayBuffer();
	return { status: response.status, retryAfter: Number(response.headers.get('retry-after') ?? 0) };
}

async function lockOut(client: Client, email: string) {
	for (let i = 0; i < 5; i++) expect((await signIn(client, email, `wrong ${i}`)).status).toBe(401);
	expect((await signIn(client, email, 'wrong again')).status).toBe(429);
}

describe('the sign-in lock', () => {
	it('a stranger’s wrong passwords lock the stranger out, not the moderator’s browser, not even on the same address', async () => {
		const anna = await moderator();
		const guesser = stranger();
		await lockOut(guesser, anna.email);
		expect((await signIn(guesser, anna.email, PASSWORD)).status).toBe(429);

		expect((await signIn(browser(), anna.email, PASSWORD)).status).toBe(200);
		expect((await signIn({ ...browser(), address: guesser.address }, anna.email, PASSWORD)).status).toBe(200);
		expect((await signIn(stranger(), anna.email, PASSWORD)).status).toBe(200);
	});

	it('a guesser who changes cookie and address each time is stopped by the hourly ceiling, which does not hold up a browser that signed in before', async () => {
		const anna = await moderator();
		const annasLaptop = browser();
		expect((await signIn(annasLaptop, anna.email, PASSWORD)).status).toBe(200);

		// Arranged just under the ceiling (each real attempt costs an argon2 verification).
		await app.sql`
			insert into login_ceiling (account_key, window_start, attempts)
			values (${anna.email}, date_trunc('hour', now()), ${SIGN_IN_CEILING_PER_HOUR - 2})
			on conflict (account_key, window_start) do update set attempts = excluded.attempts`;
		expect((await signIn(browser(), anna.email, 'guess 1')).status).toBe(401);
		expect((await signIn(stranger(), anna.email, 'guess 2')).status).toBe(401);
		const stopped = await signIn(browser(), anna.email, 'guess 3');
		expect(stopped.status).toBe(429);
		expect(stopped.retryAfter).toBeGreaterThan(0);
		expect(stopped.retryAfter).toBeLessThanOrEqual(3600);
		expect((await signIn(stranger(), anna.email, PASSWORD)).status).toBe(429); // new clients wait, even with the password

		expect((await signIn(annasLaptop, anna.email, PASSWORD)).status).toBe(200);
		expect((await signIn({ ...annasLaptop, address: address() }, anna.email, PASSWORD)).status).toBe(200);
	});

	it('a browser that signed in before is still locked by its own wrong passwords', async () => {
		const anna = await moderator();
		const annasLaptop = browser();
		expect((await signIn(annasLaptop, anna.email, PASSWORD)).status).toBe(200);
		await lockOut(annasLaptop, anna.email);
		expect((await signIn(annasLaptop, anna.email, PASSWORD)).status).toBe(429);
	});

	it('`npm run samla -- unlock --email` lifts every lock of the address, and says so', async () => {
		const anna = await moderator();
		const guesser = stranger();
		await lockOut(guesser, anna.email);
		await app.sql`
			insert into login_ceiling (account_key, window_start, attempts)
			values (${anna.email}, date_trunc('hour', now()), ${SIGN_IN_CEILING_PER_HOUR})
			on conflict (account_key, window_start) do update set attempts = excluded.attempts`;
		expect((await signIn(browser(), anna.email, PASSWORD)).status).toBe(429);

		const env = { DATABASE_URL: app.databaseUrl, SAMLA_LOG: 'silent' };
		const unlocked = await runCli(['unlock', '--email', anna.email.toUpperCase()], { env });
		expect(unlocked.code).toBe(0);
		expect(unlocked.stdout).toContain(`Lifted 2 sign-in lock(s) of ${anna.email.toUpperCase()}`);
		expect((await signIn(guesser, anna.email, PASSWORD)).status).toBe(200);
		expect((await signIn(browser(), anna.email, PASSWORD)).status).toBe(200);

		const again = await runCli(['unlock', '--email', anna.email], { env });
		expect(again.stdout).toContain('had no sign-in lock');
		const missing = await runCli(['unlock'], { env });
		expect(missing.code).toBe(2);
		expect(missing.stdout).toContain('Give --email');
	});
});
