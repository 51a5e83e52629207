import { parseArgs } from 'node:util';
import { createModerator, type ModeratorFieldProblem } from '../../src/lib/server/auth/moderators';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '../../src/lib/server/auth/password';
import type { Command } from './command';
import { readPassword } from './read-password';

const HELP = `Usage: npm run samla -- create-moderator --email <address> --name <name>

Creates a moderator account. The password is never an option (options end up in shell
history and process lists); it is read from standard input instead:
  - in a terminal you are asked for it twice, without echo;
  - otherwise the first line of standard input is the password.
It must be ${MIN_PASSWORD_LENGTH}–${MAX_PASSWORD_LENGTH} characters long.

Options:
  --email <address>  the e-mail address the moderator signs in with
  --name <name>      the name shown to other moderators (1–100 characters)

Examples:
  npm run samla -- create-moderator --email anna@region.se --name "Anna Andersson"
  printf '%s\\n' "$PASSWORD" | npm run samla -- create-moderator --email anna@region.se --name "Anna Andersson"`;

const PROBLEMS: Record<ModeratorFieldProblem, string> = {
	EMAIL_INVALID: '--email is not a valid e-mail address.',
	NAME_REQUIRED: '--name must not be empty.',
	NAME_TOO_LONG: '--name can be at most 100 characters long.',
	PASSWORD_TOO_SHORT: `The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`,
	PASSWORD_TOO_LONG: `The password can be at most ${MAX_PASSWORD_LENGTH} characters long.`
};

/** Reads --email and --name; refuses --password and anything unknown. */
export function parseCreateModeratorArgs(args: string[]): { ok: true; email: string; name: string } | { ok: false; message: string } {
	if (args.some((a) => a === '--password' || a.startsWith('--password=') || a === '-p')) {
		return {
			ok: false,
			message:
				'create-moderator does not take --password: a password in the command line ends up in shell history and process lists.\n' +
				'Pipe it in as the first line of standard input instead, or run the command in a terminal to be asked for it.'
		};
	}
	try {
		const { values } = parseArgs({
			args,
			options: { email: { type: 'string' }, name: { type: 'string' } },
			strict: true,
			allowPositionals: false
		});
		if (!values.email || values.name === undefined) return { ok: false, message: 'Both --email and --name are required.' };
		return { ok: true, email: values.email, name: values.name };
	} catch (error) {
		return { ok: false, message: error instanceof Error ? error.message : String(error) };
	}
}

export const createModeratorCommand: Command = {
	name: 'create-moderator',
	summary: 'Create a moderator account (password from standard input)',
	help: HELP,
	async run(args, { services, out }) {
		const parsed = parseCreateModeratorArgs(args);
		if (!parsed.ok) {
			console.error(`${parsed.message}\n\n${HELP}`);
			return 1;
		}
		const password = await readPassword();
		if (!password.ok) {
			console.error(password.message);
			return 1;
		}
		const result = await createModerator(services.sql, { email: parsed.email, name: parsed.name, password: password.password });
		if (!result.ok) {
			switch (result.code) {
				case 'EMAIL_TAKEN':
					console.error(`A moderator with the e-mail address ${parsed.email.trim()} already exists.`);
					return 1;
				case 'VALIDATION':
					for (const problem of Object.values(result.problems)) console.error(PROBLEMS[problem]);
					return 1;
			}
		}
		out(`Created moderator ${result.moderator.name} <${result.moderator.email}>. Sign in at ${services.config.origin}/sign-in`);
		return 0;
	}
};
