import type { Server as HttpServer } from 'node:http';
import type { Config } from '../src/lib/server/config';
import type { Logger } from '../src/lib/server/log';
import { provideServices, type Services } from '../src/lib/server/services';
import { createMailer } from '../src/lib/server/follow-up/mailer';
import { createProjectionScheduler } from '../src/lib/server/theme-input/scheduler';
import { startServices } from './bootstrap';
import type { Clock } from '../src/lib/engine/clock';
import type { FaultHook } from './meeting/phase-change';
import { attachRealtime, type Realtime } from './realtime';
import { startFleet, type Fleet } from './fleet/fleet';

/** Samla's parts on one HTTP server: the database, the services the routes share, realtime. */
export interface Composed {
	services: Services;
	realtime: Realtime;
	/** Several instances over Redis, or this process alone (REDIS_URL unset). */
	fleet: Fleet;
	/** Saves every live board, closes realtime connections and flushes the theme-input projections. */
	stopLive(): Promise<void>;
	/** `stopLive`, then closes the pool and the embedded PostgreSQL. */
	close(): Promise<void>;
}

/** What the caller of the composition root chooses; tests inject faults and a clock. */
export interface ComposeOptions extends TestHooks {
	/** Answer 404 to unknown upgrades (not under Vite, whose hot reload has its own). */
	refuseUnknownUpgrades?: boolean;
}

/** Hooks for tests, absent in production: fault injection in transitions, a clock they move. */
export interface TestHooks {
	faults?: FaultHook;
	/** The time of meeting timers, vote broadcasts and new ideas (default: the system's). */
	clock?: Clock;
}

/**
 * The one composition root, shared by `npm start` (server/samla.ts), `npm run dev` (server/dev.ts),
 * the integration tests (the compiled server, or startSamla in the test's process) and the bench.
 * The services the routes see are built once, complete, after realtime is attached — nothing is
 * patched in later.
 */
export async function composeSamla(httpServer: HttpServer, config: Config, log: Logger, { refuseUnknownUpgrades = false, faults, clock }: ComposeOptions = {}): Promise<Composed> {
	const running = await startServices(config, log);
	// The theme-input tables follow the board a second or a few behind (debounced per meeting),
	// from the live room's committed board when there is one (runs start after realtime is attached).
	const projections = createProjectionScheduler({
		sql: running.services.sql,
		log,
		boardOf: (meetingId) => realtime.committedBoard(meetingId)
	});
	const fleet = startFleet(config, running.services.sql, log);
	if (fleet.enabled) log.info(`Fleet mode: this instance is ${fleet.instanceUrl}; meetings are leased in Redis`);
	const realtime = attachRealtime(httpServer, running.services, {
		fleet,
		onBoardStored: (meetingId) => projections.schedule(meetingId),
		onThemeInputChanged: (meetingId) => projections.schedule(meetingId),
		// A purge (here, by the CLI or on another instance) changes the meeting's row: the rows this
		// process cached for it, names included, must not stay in its memory.
		onMeetingChanged: (meetingId) => projections.forget(meetingId),
		refuseUnknownUpgrades,
		faults,
		clock
	});
	// Ready only once the timers that were running are scheduled again (one that ran out meanwhile
	// is handled at once), so nothing the server says contradicts them.
	await realtime.timersLoaded;
	// Routes (removing a participant, a purge) reach the live connections through `realtime`.
	// Follow-up notifications (issue 13): through SMTP_URL, or the dry-run outbox without it.
	const mailer = createMailer({ sql: running.services.sql, log, smtpUrl: config.smtpUrl, from: config.smtpFrom });
	mailer.wake();
	const services: Services = { ...running.services, realtime, mailer };
	provideServices(services);

	let stopping: Promise<void> | undefined;
	let closing: Promise<void> | undefined;
	const stopLive = () => (stopping ??= realtime.close().then(() => Promise.all([projections.close(), mailer.close()])).then(() => {}));
	return {
		services,
		realtime,
		fleet,
		stopLive,
		close: () => (closing ??= stopLive().then(() => running.close()))
	};
}
