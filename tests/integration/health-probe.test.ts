import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/lib/server/config';
import type { Logger } from '../../src/lib/server/log';
import { startServices, type Running } from '../../server/bootstrap';
import { createGatedDatabase, type GatedDatabase } from './gated-database';

const quiet: Logger = { info: () => {}, debug: () => {}, error: () => {} };

describe('the database health probe', () => {
	let database: GatedDatabase['database'];
	let gate: GatedDatabase['gate'];
	let running: Running;

	beforeAll(async () => {
		let throughGate: string;
		({ database, gate, throughGate } = await createGatedDatabase());
		running = await startServices(parseConfig({ DATABASE_URL: throughGate, PORT: '0', HOST: '127.0.0.1' }), quiet, { role: 'tool' });
	});

	afterAll(async () => {
		await running?.close();
		gate?.close();
		await database?.drop();
	});

	it('reports PostgreSQL reachable again after a probe whose connection the network lost never got an answer', async () => {
		expect(await running.services.databaseHealthy(2000)).toBe(true);
		// The probe's connection is lost without a reset: its `select 1` is never answered.
		gate.loseOpen();
		expect(await running.services.databaseHealthy(300)).toBe(false);
		// Before, the next probe queued behind that one on the same connection, and every later probe
		// reported PostgreSQL unreachable while it answered new connections at once.
		expect(await running.services.databaseHealthy(5000)).toBe(true);
	});
});
