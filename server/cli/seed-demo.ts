import { parseArgs } from 'node:util';
import { seedDemo } from '../seed/seed-demo';
import { readOptions, type Command } from './command';

const HELP = `Usage: npm run samla -- seed-demo [--owner <email>]

Creates the demo process "Regional utvecklingsstrategi 2020–2040 – dialogprocess" (Region
Västerbotten) with its nine themed meetings of November–December 2018, from
server/seed/demo-process.json. Running it again creates only what is missing; it never
duplicates the process or its meetings and never overwrites changes made in Samla.

Who sees it:
  --owner <email>  that existing moderator becomes an owner of the demo process;
  without --owner  every moderator that exists now becomes a moderator of it (run the command
                   again after creating more moderators, or add them on the process page).

SAMLA_SEED_DEMO=1 runs the same seed (without --owner) every time Samla starts.

Examples:
  npm run samla -- seed-demo --owner anna@region.se
  npm run samla -- seed-demo`;

export const seedDemoCommand: Command = {
	name: 'seed-demo',
	summary: 'Create the demo process with its nine themed meetings (idempotent)',
	help: HELP,
	async run(args, { services, out }) {
		const values = readOptions('seed-demo', out, () => parseArgs({ args, options: { owner: { type: 'string' } }, strict: true, allowPositionals: false }).values);
		if (!values) return 2;
		const { owner } = values;
		const result = await seedDemo(services.sql, { ownerEmail: owner });
		if (!result.ok) {
			out(`There is no moderator with the e-mail address ${owner}. Create one first: npm run samla -- create-moderator --help`);
			return 1;
		}
		out(
			`${result.processCreated ? 'Created' : 'Found'} the demo process "${result.title}" (${result.processId}) ` +
				`with ${result.meetings} meetings (${result.meetingsCreated} new).`
		);
		if (owner) out(result.moderatorsAdded ? `${owner} is now an owner of it.` : `${owner} was already an owner of it.`);
		else out(`${result.moderatorsAdded} moderator(s) were added to it.`);
		return 0;
	}
};
