import { migrate } from '../../src/lib/server/db/migrate';
import type { Command } from './command';

export const migrateCommand: Command = {
	name: 'migrate',
	summary: 'Apply database migrations (Samla also does this at every start)',
	help: 'Usage: npm run samla -- migrate\n\nApplies every numbered migration not yet recorded in schema_migrations.',
	async run(_args, { services, out }) {
		// startServices has already migrated; running again reports what is current.
		const applied = await migrate(services.sql);
		const [{ version }] = await services.sql<{ version: number }[]>`select max(version) as version from schema_migrations`;
		out(applied.length ? `Applied migrations ${applied.join(', ')}.` : `The database is up to date (schema version ${version}).`);
		return 0;
	}
};
