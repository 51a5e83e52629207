import { parseArgs } from 'node:util';
import { SIGN_IN_CEILING_PER_HOUR, unlockSignIn } from '../../src/lib/server/auth/sign-in';
import { readOptions, type Command } from './command';

const HELP = `Usage: npm run samla -- unlock --email <address>

Lifts every sign-in lock of an e-mail address at once: the locks of each browser or address that
got the password wrong too often, and the hourly ceiling (${SIGN_IN_CEILING_PER_HOUR} attempts) that all browsers
which never signed in to the address share. The password is not changed.

Sign-in is locked per e-mail and client (a browser's samla_client cookie, or its address without
one), so a stranger's wrong passwords do not lock the moderator's own browser; use this when a
moderator must sign in from a new browser while someone keeps guessing.

Example:
  npm run samla -- unlock --email anna@region.se`;

export const unlockCommand: Command = {
	name: 'unlock',
	summary: 'Lift the sign-in locks of an e-mail address',
	help: HELP,
	async run(args, { services, out }) {
		const values = readOptions('unlock', out, () => parseArgs({ args, options: { email: { type: 'string' } }, strict: true, allowPositionals: false }).values);
		if (!values) return 2;
		const { email } = values;
		if (!email?.trim()) {
			out('Give --email <address>.\nSee: npm run samla -- unlock --help');
			return 2;
		}
		const lifted = await unlockSignIn(services.sql, email);
		out(lifted ? `Lifted ${lifted} sign-in lock(s) of ${email.trim()}.` : `${email.trim()} had no sign-in lock.`);
		return 0;
	}
};
