import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../../src/lib/server/db/embedded';
import { buildServer } from '../../scripts/build-server.mjs';

/**
 * One real PostgreSQL for the integration run: DATABASE_URL when set, otherwise the embedded one
 * in a temporary folder. Each test file then creates its own database in it (see harness.ts).
 */
export default async function setup(project: TestProject) {
	// The tests run the compiled server, as `npm start` does: compile it from the current sources
	// (a fraction of a second), so a test never runs a server older than the code beside it.
	await buildServer();
	if (process.env.DATABASE_URL) {
		project.provide('adminDatabaseUrl', process.env.DATABASE_URL);
		return;
	}
	// Not under a private home folder: the postgres user must be able to reach it.
	const dir = await mkdtemp(join(tmpdir(), 'samla-it-'));
	const embedded = await startEmbeddedPostgres(dir);
	project.provide('adminDatabaseUrl', embedded.url);
	return async () => {
		await embedded.stop();
		await rm(dir, { recursive: true, force: true });
	};
}

declare module 'vitest' {
	export interface ProvidedContext {
		adminDatabaseUrl: string;
	}
}
