import { tcpGate } from '../fleet/fleet-fixtures';
import { createTestDatabase } from './harness';

export type GatedDatabase = Awaited<ReturnType<typeof createGatedDatabase>>;

/**
 * A fresh test database reached through a relay the test can cut (`gate`), as a PostgreSQL restart
 * or a network cut would: `database.url` goes straight to PostgreSQL, `throughGate` through the relay.
 */
export async function createGatedDatabase() {
	const database = await createTestDatabase();
	const direct = new URL(database.url);
	let gate: Awaited<ReturnType<typeof tcpGate>>;
	try {
		gate = await tcpGate({ host: direct.hostname, port: Number(direct.port || 5432) });
	} catch (error) {
		await database.drop();
		throw error;
	}
	const through = new URL(database.url);
	through.hostname = '127.0.0.1';
	through.port = String(gate.port);
	return { database, gate, throughGate: through.toString() };
}
