import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseConfig } from '../../src/lib/server/config';
import type { Command } from './command';

const HELP = `Usage: npm run samla -- database-url

Prints the connection string of Samla's database, for psql or an analyst's tool:
DATABASE_URL when it is set, else the embedded PostgreSQL under DATA_DIR (user and database
"samla", password from DATA_DIR/postgres.password, the port it runs on now). The embedded
server listens on 127.0.0.1 only and its port changes at each start: ask again after a restart.
Query the documented views theme_input_* (PROTOCOL.md, "Theme input (SQL)").

Example:
  psql "$(npm run -s samla -- database-url)" -c 'select * from theme_input_priorities limit 5'`;

/** The connection string, for analysts (issue 12): the same database the app and the CLI use. */
export const databaseUrlCommand: Command = {
	name: 'database-url',
	summary: "Print the connection string of Samla's database (for psql and analysts)",
	help: HELP,
	async run(_args, { out }) {
		const config = parseConfig(process.env);
		if (config.databaseUrl) {
			out(config.databaseUrl);
			return 0;
		}
		const password = (await readFile(join(config.dataDir, 'postgres.password'), 'utf8')).trim();
		const pid = (await readFile(join(config.dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n');
		out(`postgres://samla:${encodeURIComponent(password)}@127.0.0.1:${Number(pid[3])}/samla`);
		return 0;
	}
};
