import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { startEmbeddedPostgres } from '../src/lib/server/db/embedded';
import { connect } from '../src/lib/server/db/sql';
import type { Cleanup } from './cleanup';

export interface BenchDatabase {
	url: string;
	/** Where it comes from, for the printed header. */
	description: string;
}

/**
 * A fresh, empty database for the bench: a new database in DATABASE_URL's server (dropped at the
 * end), or an embedded PostgreSQL in a temporary directory under /tmp (stopped and removed).
 */
export async function benchDatabase(cleanup: Cleanup): Promise<BenchDatabase> {
	const adminUrl = process.env.DATABASE_URL;
	if (adminUrl) {
		const name = `samla_bench_${randomBytes(6).toString('hex')}`;
		const admin = connect(adminUrl, { max: 1 });
		await admin.unsafe(`create database ${name}`);
		await admin.end();
		cleanup.add('drop the bench database', async () => {
			const admin = connect(adminUrl, { max: 1 });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end();
		});
		const url = new URL(adminUrl);
		url.pathname = `/${name}`;
		return { url: url.toString(), description: `database ${name} on DATABASE_URL's server` };
	}
	const dir = await mkdtemp('/tmp/samla-bench-');
	cleanup.add('remove the temporary data directory', () => rm(dir, { recursive: true, force: true }));
	const postgres = await startEmbeddedPostgres(dir);
	cleanup.add('stop the embedded PostgreSQL', () => postgres.stop());
	return { url: postgres.url, description: `embedded PostgreSQL 17 in ${dir}` };
}
