import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { samlaFile } from '../src/lib/server/root';
import type { Config } from '../src/lib/server/config';
import type { Logger } from '../src/lib/server/log';
import { announceSetup } from '../src/lib/server/auth/setup';
import type { Services } from '../src/lib/server/services';
import { composeSamla, type TestHooks } from './compose';
import { sendSecurityHeaders } from './security-headers';
import { answerHealth, type ReadinessProbes } from './health';
import { seedDemo } from './seed/seed-demo';

export interface Samla {
	/** The origin the server really listens on (port 0 resolved). */
	url: string;
	services: Services;
	httpServer: Server;
	/** Stops accepting connections, closes sockets, flushes, closes the pool and PostgreSQL. */
	close(): Promise<void>;
}

const PROTOCOL_HEADER = 'x-samla-protocol';
const HANDLER = samlaFile('build/handler.js');

/**
 * The composition root: database, services, the built SvelteKit app and realtime on one port.
 * `hooks` are for tests that run it in their own process (tests/integration/harness.ts).
 */
export async function startSamla(config: Config, log: Logger, hooks: TestHooks = {}): Promise<Samla> {
	if (!existsSync(HANDLER)) throw new Error('The app is not built: run `npm run build` first');
	// adapter-node assumes https unless told otherwise. Without an ORIGIN, this server speaks plain
	// http (TLS belongs to a proxy in front, which should set ORIGIN), so it says so on every request.
	const ownOrigin = !process.env.ORIGIN;
	if (ownOrigin) process.env.PROTOCOL_HEADER = PROTOCOL_HEADER;

	// A variable path keeps svelte-check from type-checking the build output.
	const { handler } = (await import(pathToFileURL(HANDLER).href)) as {
		handler: (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void;
	};
	let stopping = false;
	// Readiness probes are added once the parts they ask exist; until then /readyz answers ok.
	const probes: ReadinessProbes = {};
	const health = { stopping: () => stopping, probes };
	const originHost = new URL(config.origin).host;
	const httpServer = createServer((req, res) => {
		if (ownOrigin) req.headers[PROTOCOL_HEADER] = 'http'; // never trust a client-sent value
		// Liveness and readiness before anything else (no PostgreSQL, no Host needed).
		if (answerHealth(req, res, health)) return;
		// HTTP/1.0 may omit Host (load balancers' default checks do); SvelteKit needs one to build the URL.
		if (!req.headers.host) req.headers.host = originHost;
		try {
			handler(req, res);
		} catch (error) {
			// SvelteKit answers its own errors; this is for what throws before it gets the request.
			log.error(`Handling ${req.method} request failed`, error);
			if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' });
			res.end('Bad Request');
		}
	});
	const samla = await composeSamla(httpServer, config, log, { ...hooks, refuseUnknownUpgrades: true });
	probes.database = () => samla.services.databaseHealthy();
	if (samla.fleet.enabled) probes.redis = () => samla.fleet.redisHealthy();
	sendSecurityHeaders(httpServer, config.origin);

	try {
		await new Promise<void>((resolve, reject) => {
			httpServer.once('error', reject);
			httpServer.listen(config.port, config.host, () => resolve());
		});
	} catch (error) {
		await samla.close();
		throw error;
	}
	const { port } = httpServer.address() as AddressInfo;
	const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
	const url = config.port === 0 ? `http://${host}:${port}` : config.origin;
	try {
		await announceSetup(samla.services, url);
	} catch (error) {
		log.error('Could not create a setup link for the first moderator', error);
	}
	if (config.seedDemo) {
		try {
			const seeded = await seedDemo(samla.services.sql);
			if (seeded.ok) log.info(`Demo process ready: ${seeded.meetings} meetings (${seeded.meetingsCreated} new), visible to ${seeded.moderatorsAdded} more moderator(s)`);
		} catch (error) {
			log.error('Could not seed the demo process', error);
		}
	}

	let closing: Promise<void> | undefined;
	return {
		url,
		services: samla.services,
		httpServer,
		close() {
			closing ??= (async () => {
				stopping = true;
				const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
				await samla.stopLive();
				httpServer.closeIdleConnections();
				setTimeout(() => httpServer.closeAllConnections(), 2000).unref();
				await closed;
				await samla.close();
			})();
			return closing;
		}
	};
}
