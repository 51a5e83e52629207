import type { Command } from './command';

export const outboxCommand: Command = {
	name: 'outbox',
	summary: 'List the follow-up notifications: sent, queued, failed, or kept as a dry run without SMTP_URL',
	help: [
		'Usage: npm run samla -- outbox',
		'',
		'Prints every follow-up notification (issue 13) with its status: sent, pending, failed, or',
		'dry_run (SMTP_URL was not set, so nothing was sent). Purging a meeting deletes its addresses',
		'and their notifications.'
	].join('\n'),
	async run(args, { services, out }) {
		if (args.length) {
			out(`Unknown option "${args[0]}". See: npm run samla -- outbox --help`);
			return 2;
		}
		const rows = await services.sql<{ status: string; recipient: string; subject: string; createdAt: Date; sentAt: Date | null; lastError: string | null; body: string }[]>`
			select status, recipient, subject, created_at, sent_at, last_error, body from mail_outbox order by created_at, recipient`;
		if (!rows.length) out('The outbox is empty.');
		for (const row of rows) {
			out(`${row.createdAt.toISOString()}  ${row.status.padEnd(7)}  ${row.recipient}  ${row.subject}${row.lastError ? `  (${row.lastError})` : ''}`);
			if (row.status === 'dry_run') for (const line of row.body.split('\n')) out(`    ${line}`);
		}
		return 0;
	}
};
