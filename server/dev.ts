import type { Server } from 'node:http';
import { parseConfig } from '../src/lib/server/config';
import { createLogger } from '../src/lib/server/log';
import { composeSamla } from './compose';

/**
 * Called once by the Vite plugin in vite.config.ts: the same composition as `npm start` on Vite's
 * HTTP server. Returns the shutdown, which the plugin awaits when Vite closes (Vite exits on SIGTERM
 * right after its own close, so a shutdown left to run beside it would leave PostgreSQL running).
 */
export async function startDevServices(httpServer: Server): Promise<() => Promise<void>> {
	const config = parseConfig(process.env);
	const samla = await composeSamla(httpServer, config, createLogger(config.log));
	httpServer.once('close', () => void samla.close());
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void samla.close().finally(() => process.exit(0)));
	}
	return samla.close;
}
