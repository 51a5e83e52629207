import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiRequest, arrangeClosedMeeting, type ClosedMeeting } from './follow-up-fixtures';
import { cliOnApp } from './cli';
import { pollUntil, useTestApp } from './harness';

// Issue 13, point 3: a participant who opted in gets exactly one e-mail per publication, sent to
// a real SMTP server listening on a local port (smtp-server, not a mock); purge deletes the address.

interface Received {
	to: string[];
	data: string;
}

async function startSmtpServer(): Promise<{ port: number; received: Received[]; close(): Promise<void> }> {
	const received: Received[] = [];
	const server = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		logger: false,
		onData(stream, session, callback) {
			const chunks: Buffer[] = [];
			stream.on('data', (chunk: Buffer) => chunks.push(chunk));
			stream.on('end', () => {
				received.push({ to: session.envelope.rcptTo.map((r) => r.address), data: Buffer.concat(chunks).toString('utf8') });
				callback();
			});
		}
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const port = (server.server.address() as AddressInfo).port;
	return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}


/** A participant's browser posting the notify form of the board (a cookie, the app's own origin). */
function subscribeAs(app: { url: string }, closed: ClosedMeeting, token: string | null, email: string) {
	return fetch(`${app.url}/m/${closed.meeting.id}/notify`, {
		method: 'POST',
		redirect: 'manual',
		headers: {
			origin: app.url,
			accept: 'application/json',
			'x-sveltekit-action': 'true',
			'content-type': 'application/x-www-form-urlencoded',
			...(token ? { cookie: `samla_p_${closed.meeting.id.replace(/-/g, '')}=${token}` } : {})
		},
		body: new URLSearchParams({ email })
	});
}

const smtp = await startSmtpServer();
afterAll(() => smtp.close());

describe('notifications through SMTP', () => {
	const app = useTestApp({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, SMTP_FROM: 'Samla <samla@region.example>' });
	let closed: ClosedMeeting;

	beforeAll(async () => {
		closed = await arrangeClosedMeeting(app);
	}, 60_000);

	it('a participant who opted in receives exactly one e-mail per publication, and after purge the address is gone', async () => {
		const [anna, bertil] = closed.run.participants;
		for (const [token, email] of [
			[anna.token, 'anna@example.se'],
			[bertil.token, 'bertil@example.se'],
			[bertil.token, 'Bertil@Example.se']
		] as const) {
			const response = await subscribeAs(app, closed, token, email);
			expect(((await response.json()) as { type: string }).type).toBe('success');
		}
		// Not a participant, and not an address: refused, nothing stored.
		expect(((await (await subscribeAs(app, closed, null, 'x@example.se')).json()) as { status: number }).status).toBe(403);
		expect(((await (await subscribeAs(app, closed, anna.token, 'inte en adress')).json()) as { status: number }).status).toBe(400);
		const addresses = await app.sql<{ email: string }[]>`select email from follow_up_subscriptions where meeting_id = ${closed.meeting.id} order by email`;
		expect(addresses.map((a) => a.email)).toEqual(['anna@example.se', 'bertil@example.se']);

		expect((await apiRequest(app, 'PUT', `/meetings/${closed.meeting.id}/priorities/${closed.run.clusterIds[0]}/status`, closed.token, { status: 'in_strategy', reason: 'Mål 3' })).status).toBe(200);
		const first = await apiRequest(app, 'POST', `/meetings/${closed.meeting.id}/follow-up/publications`, closed.token);
		expect(await first.json()).toMatchObject({ recipients: 2 });
		await pollUntil(() => smtp.received.length, (n) => n >= 2, 'two e-mails');
		const second = await apiRequest(app, 'POST', `/meetings/${closed.meeting.id}/follow-up/publications`, closed.token);
		expect(await second.json()).toMatchObject({ recipients: 2 });
		await pollUntil(() => smtp.received.length, (n) => n >= 4, 'four e-mails');
		// The later outbox state says all are sent, so no further mail is on its way.
		await pollUntil(() => app.sql`select status from mail_outbox where status <> 'sent'`, (rows) => rows.length === 0, 'the outbox to be sent');

		const perAddress = new Map<string, number>();
		for (const mail of smtp.received) for (const to of mail.to) perAddress.set(to, (perAddress.get(to) ?? 0) + 1);
		expect(Object.fromEntries(perAddress)).toEqual({ 'anna@example.se': 2, 'bertil@example.se': 2 });
		expect(smtp.received[0].data).toContain('Subject: =?UTF-8?Q?S=C3=A5_anv=C3=A4nde_vi_er_input');
		expect(smtp.received[0].data).toContain(`/follow-up/${closed.meeting.joinCode.replace(/-/g, '')}`);
		expect(smtp.received[0].data).not.toContain('Anna');

		const purged = await cliOnApp(app, ['purge', '--meeting', closed.meeting.id, '--decision', 'RS 2026/123 § 4']);
		expect(purged.code).toBe(0);
		expect(await app.sql`select * from follow_up_subscriptions`).toEqual([]);
		expect(await app.sql`select * from mail_outbox`).toEqual([]);
		const [dump] = await app.sql<{ found: boolean }[]>`
			select exists (select 1 from audit_log where details::text ilike '%example.se%') as found`;
		expect(dump.found).toBe(false);
		const [meeting] = await app.sql<{ purgedUnder: string }[]>`select purged_under from meetings where id = ${closed.meeting.id}`;
		expect(meeting.purgedUnder).toBe('RS 2026/123 § 4');
	});
});

describe('notifications without SMTP_URL', () => {
	const app = useTestApp();

	it('are kept in the dry-run outbox that the operator lists, and nothing is sent', async () => {
		const closed = await arrangeClosedMeeting(app);
		const received = smtp.received.length;
		await subscribeAs(app, closed, closed.run.participants[0].token, 'anna@example.se');
		await apiRequest(app, 'PUT', `/meetings/${closed.meeting.id}/priorities/${closed.run.clusterIds[0]}/status`, closed.token, { status: 'partly', reason: 'Delvis' });
		expect((await apiRequest(app, 'POST', `/meetings/${closed.meeting.id}/follow-up/publications`, closed.token)).status).toBe(201);
		await pollUntil(() => app.sql<{ status: string }[]>`select status from mail_outbox`, (rows) => rows[0]?.status === 'dry_run', 'the dry run');
		const listed = await cliOnApp(app, ['outbox']);
		expect(listed.output).toContain('dry_run');
		expect(listed.output).toContain('anna@example.se');
		expect(smtp.received.length).toBe(received);
	}, 60_000);
});
