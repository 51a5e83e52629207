import type { Server } from 'node:http';
import { parseConfig } from '../src/lib/server/config';
import { createLogger } from '../src/lib/server/log';
import { provideServices } from '../src/lib/server/services';
import { startServices } from './bootstrap';
import { attachRealtime } from './realtime';
import { createProjectionScheduler } from '../src/lib/server/theme-input/scheduler';

/**
 * Called once by the Vite plugin in vite.config.ts: services and realtime for `npm run dev`.
 * Returns the shutdown, which the plugin awaits when Vite closes (Vite exits on SIGTERM right
 * after its own close, so a shutdown left to run beside it would leave PostgreSQL running).
 */
export async function startDevServices(httpServer: Server): Promise<() => Promise<void>> {
	const config = parseConfig(process.env);
	const log = createLogger(config.log);
	const running = await startServices(config, log);
	provideServices(running.services);
	// The theme-input tables follow the board a second or a few behind (debounced per meeting).
	const projections = createProjectionScheduler({ sql: running.services.sql, log: running.services.log });
	const realtime = attachRealtime(httpServer, running.services, {
		onBoardStored: (meetingId) => projections.schedule(meetingId),
		onThemeInputChanged: (meetingId) => projections.schedule(meetingId)
	});
	running.services.realtime = realtime; // routes (e.g. removing a participant) reach live connections
	let closing: Promise<void> | undefined;
	const close = () => (closing ??= realtime.close().then(() => projections.close()).then(() => running.close()));
	httpServer.once('close', () => void close());
	for (const signal of ['SIGINT', 'SIGTERM'] as const) {
		process.once(signal, () => void close().finally(() => process.exit(0)));
	}
	return close;
}
