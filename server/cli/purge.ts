import { parseArgs } from 'node:util';
import { purgedParticipantName, purgeMeeting } from '../../src/lib/server/theme-input/purge';
import { readOptions, type Command } from './command';

const HELP = `Usage: npm run samla -- purge --meeting <id> [--decision <reference>]

Purges the personal data of a CLOSED meeting: every participant's name becomes "Deltagare 1…n",
organisations are emptied, sessions end, moderation notes and reasons are deleted, and the stored
board is rewritten as one snapshot of its current state (no earlier text survives). The theme input
and the counts per sector and municipality stay. It cannot be undone, and the meeting cannot be
reopened afterwards. Follow-up e-mail addresses and their notifications are deleted.

--decision names the retention (gallring) decision the purge follows, e.g. "RS 2026/123 § 4";
without it, the process's own decision is recorded (see the archive package's metadata).

If Samla is running, purge from the meeting page instead (it also reloads the live board); a purge
from here is safe too, because a closed, purged meeting accepts no change.

Example:
  npm run samla -- purge --meeting 0b6f7c1e-2f7a-4d2b-9d3e-5a1c2b3d4e5f`;

export const purgeCommand: Command = {
	name: 'purge',
	summary: "Purge a closed meeting's personal data, keeping its anonymised theme input",
	help: HELP,
	async run(args, { services, out }) {
		const values = readOptions('purge', out, () => parseArgs({ args, options: { meeting: { type: 'string' }, decision: { type: 'string' } }, strict: true, allowPositionals: false }).values);
		if (!values) return 2;
		const { meeting, decision } = values;
		if (!meeting) {
			out('Give --meeting <id>.\nSee: npm run samla -- purge --help');
			return 2;
		}
		const result = await purgeMeeting(services.sql, meeting, { moderatorId: null, participantName: purgedParticipantName, retentionDecision: decision });
		if (!result.ok) {
			out(result.code === 'NOT_FOUND' ? `There is no meeting with the id ${meeting}.` : 'The meeting is not closed: close it first, then purge.');
			return 1;
		}
		out(`Purged the personal data of ${result.participants} participant(s). The theme input is kept.`);
		if (decision) out(`Recorded retention decision: ${decision}`);
		return 0;
	}
};
