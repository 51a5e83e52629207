import type { Config } from '../src/lib/server/config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { connect, type Sql } from '../src/lib/server/db/sql';
import type { Logger } from '../src/lib/server/log';
import type { Services } from '../src/lib/server/services';
import { postgresPatched, postgresRoot } from '../scripts/postgres-patch.mjs';
import { loadDefaultReferenceData } from './reference/load-default';
import { createSuggestionService } from './suggest/service';

export interface Running {
	services: Services;
	/** Closes the pool and stops the embedded PostgreSQL, if one was started. */
	close(): Promise<void>;
}

/**
 * Connects to DATABASE_URL, or starts the embedded PostgreSQL under DATA_DIR, and brings the
 * schema up to date. Used by `npm start`, `npm run dev`, the CLI and the integration tests.
 */
export async function startServices(
	config: Config,
	log: Logger,
	{ role = 'server' }: { role?: 'server' | 'tool' } = {}
): Promise<Running> {
	let embedded: EmbeddedPostgres | undefined;
	let url = config.databaseUrl;
	if (!url) {
		embedded = await startEmbeddedPostgres(config.dataDir, { log: (line) => log.debug(`[postgres] ${line}`), role });
		url = embedded.url;
		if (role === 'server') log.info(`Embedded PostgreSQL is running with its data in ${config.dataDir}`);
	}
	if (!postgresPatched(postgresRoot())) {
		log.error('postgres.js is not patched for connection loss: a PostgreSQL restart can hang queries or end the process. Run `node scripts/patch-postgres.mjs` (npm install does)');
	}
	const sql = connect(url);
	try {
		const applied = await migrate(sql);
		if (applied.length) log.info(`Applied database migrations ${applied.join(', ')}`);
		await loadDefaultReferenceData(sql, config, log);
	} catch (error) {
		await sql.end({ timeout: 1 });
		await embedded?.stop();
		throw error;
	}
	// Health probes on a connection of their own: a probe queued in the pool behind other queries,
	// or behind the pool's reconnect attempts, would measure the pool, not PostgreSQL. Opened at the
	// first probe (nothing to close if startup fails before), and ended when a probe gets no answer in
	// time: nothing else would ever cancel its `select 1`, and every later probe would queue behind it
	// and report PostgreSQL unreachable. The next probe opens a fresh connection.
	let probe: Sql | null = null;
	const suggestions = createSuggestionService({ log, modelDir: config.embeddingModelDir });
	const services: Services = {
		config,
		sql,
		log,
		suggestions,
		async databaseHealthy(timeoutMs = 2000) {
			const connection = (probe ??= connect(url, { max: 1 }));
			// A stopped database must not hang the probe for the pool's connect timeout.
			let timer: ReturnType<typeof setTimeout> | undefined;
			const timeout = new Promise<boolean>(
				(resolve) =>
					(timer = setTimeout(() => {
						if (probe === connection) probe = null;
						void connection.end({ timeout: 0 }).catch(() => undefined);
						resolve(false);
					}, timeoutMs))
			);
			const answered = connection`select 1`.then(() => true, () => false);
			return Promise.race([answered, timeout]).finally(() => clearTimeout(timer));
		}
	};
	return {
		services,
		async close() {
			await suggestions.close();
			await Promise.all([sql.end({ timeout: 5 }), probe?.end({ timeout: 1 })]);
			await embedded?.stop();
		}
	};
}
