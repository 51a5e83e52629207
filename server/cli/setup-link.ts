import { countModerators } from '../../src/lib/server/auth/moderators';
import { createSetupToken, setupPath } from '../../src/lib/server/auth/setup';
import type { Command } from './command';

export const setupLinkCommand: Command = {
	name: 'setup-link',
	summary: 'Print a one-time link for creating the first moderator in the browser',
	help: `Usage: npm run samla -- setup-link

Prints a new one-time link that lets the first moderator create their account in the browser.
The link is valid for 24 hours and works once. It starts with ORIGIN (or http://localhost:PORT).
Only while Samla has no moderator at all; after that, use create-moderator.
(Samla also prints such a link at every start while it has no moderator.)`,
	async run(_args, { services, out }) {
		if ((await countModerators(services.sql)) > 0) {
			console.error('Samla already has a moderator, so there is no setup link. Use `npm run samla -- create-moderator` to add another.');
			return 1;
		}
		const token = await createSetupToken(services.sql);
		out(`Create the first moderator at ${services.config.origin}${setupPath(token)} (valid 24 hours, once).`);
		return 0;
	}
};
