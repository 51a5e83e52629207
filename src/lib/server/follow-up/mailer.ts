import nodemailer from 'nodemailer';
import type { Sql } from '../db/sql';
import type { Logger } from '../log';

// Sends the follow-up notifications queued in mail_outbox. One row per publication and address
// (its primary key), marked sent in the same transaction that holds it, so each is sent once.
// Without SMTP_URL nothing leaves the machine: rows become 'dry_run', the operator's outbox
// (`npm run samla -- outbox`).

export interface Mailer {
	/** Sends what is queued now (debounced; also retried every minute). */
	wake(): void;
	/** Sends what is queued and resolves when done (tests, shutdown). */
	drain(): Promise<number>;
	close(): Promise<void>;
}

const MAX_ATTEMPTS = 5;

export function createMailer({ sql, log, smtpUrl, from }: { sql: Sql; log: Logger; smtpUrl: string | undefined; from: string }): Mailer {
	const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : null;
	let running: Promise<number> | null = null;
	let again = false;
	let closed = false;

	async function sendOne(): Promise<'sent' | 'none'> {
		return sql.begin(async (raw) => {
			const tx = raw as unknown as Sql;
			const [row] = await tx<{ publicationId: string; subscriptionId: string; recipient: string; subject: string; body: string; attempts: number }[]>`
				select publication_id::text, subscription_id, recipient, subject, body, attempts from mail_outbox
				where status = 'pending' order by created_at limit 1 for update skip locked`;
			if (!row) return 'none' as const;
			const key = tx`publication_id = ${row.publicationId}::bigint and subscription_id = ${row.subscriptionId}`;
			if (!transport) {
				await tx`update mail_outbox set status = 'dry_run', attempts = attempts + 1 where ${key}`;
				return 'sent' as const;
			}
			try {
				await transport.sendMail({ from, to: row.recipient, subject: row.subject, text: row.body });
				await tx`update mail_outbox set status = 'sent', attempts = attempts + 1, sent_at = now(), last_error = null where ${key}`;
			} catch (error) {
				const message = error instanceof Error ? error.message.slice(0, 300) : 'unknown';
				const status = row.attempts + 1 >= MAX_ATTEMPTS ? 'failed' : 'pending';
				await tx`update mail_outbox set status = ${status}, attempts = attempts + 1, last_error = ${message} where ${key}`;
				throw error;
			}
			return 'sent' as const;
		}) as Promise<'sent' | 'none'>;
	}

	async function run(): Promise<number> {
		let done = 0;
		try {
			while (!closed && (await sendOne()) === 'sent') done++;
		} catch (error) {
			log.error('Sending a follow-up notification failed; it is retried within a minute', error);
		}
		if (done) log.info(transport ? `Sent ${done} follow-up notification(s).` : `SMTP_URL is not set: ${done} follow-up notification(s) kept in the dry-run outbox (npm run samla -- outbox).`);
		return done;
	}

	function drain(): Promise<number> {
		if (running) {
			again = true;
			return running;
		}
		running = run().finally(() => {
			running = null;
			if (again && !closed) {
				again = false;
				void drain();
			}
		});
		return running;
	}

	const timer = setInterval(() => void drain(), 60_000);
	timer.unref();
	return {
		wake: () => void drain(),
		drain,
		async close() {
			closed = true;
			clearInterval(timer);
			await running;
			transport?.close();
		}
	};
}
