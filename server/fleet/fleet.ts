import { hostname } from 'node:os';
import type { Server as HttpServer } from 'node:http';
import { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { InterServerEvents, MeetingNamespace, MeetingServer } from '../meeting/socket';
import type { Config } from '../../src/lib/server/config';
import type { Sql } from '../../src/lib/server/db/sql';
import type { Logger } from '../../src/lib/server/log';
import { createRedisOwnership, soleOwnership, type LeaseOptions, type Ownership } from './ownership';
import { routeByMeeting } from './router';

/** What HTTP routes do to live meetings, carried to every instance (the one holding the connections acts). */
export type ControlMessage =
	| { kind: 'participant-removed'; meetingId: string; participantId: string }
	| { kind: 'board-replaced'; meetingId: string };

const CONTROL_EVENT = 'samla:control' satisfies keyof InterServerEvents;

/**
 * The fleet side of one process (docs/FLEET.md): Redis connections, meeting ownership, routing of
 * misdirected connections, socket.io's Redis adapter and the control channel. Without REDIS_URL it
 * is the single process's: it owns every meeting, and control messages are handled here only.
 */
export interface Fleet {
	readonly enabled: boolean;
	readonly ownership: Ownership;
	/** How siblings reach this instance. */
	readonly instanceUrl: string;
	/** socket.io across instances, routing in front of the realtime listeners, the control channel. */
	attach(httpServer: HttpServer, io: MeetingServer, meeting: MeetingNamespace, onControl: (message: ControlMessage) => void): void;
	/** Acts on every instance, this one included. */
	publish(message: ControlMessage): void;
	/** Readiness: whether Redis answers (always true without a fleet). */
	redisHealthy(): Promise<boolean>;
	close(): Promise<void>;
}

export function startFleet(config: Config, sql: Sql, log: Logger, lease?: LeaseOptions): Fleet {
	const instanceUrl = config.instanceUrl ?? defaultInstanceUrl(config);
	if (!config.redisUrl) return singleProcess(instanceUrl);
	// Commands wait for a reconnect rather than fail: a lease renewal that fails outright would be
	// an unhandled rejection inside redis-semaphore; routing bounds its own waits.
	// Reconnecting at most 200 ms apart (ioredis's default grows to 2 s): after an outage the leases,
	// routing and cross-instance messages come back that much sooner (a refused connection costs
	// nothing; five tries a second per connection while Redis is away).
	const redis = new Redis(config.redisUrl, {
		maxRetriesPerRequest: null,
		connectionName: `samla ${instanceUrl}`,
		retryStrategy: (times) => Math.min(times * 50, 200)
	});
	const sub = redis.duplicate();
	let down = false;
	const onError = (error: Error) => {
		if (down) return;
		down = true;
		log.error('Redis is unreachable; reconnecting', error);
	};
	for (const client of [redis, sub]) {
		client.on('error', onError);
		client.on('ready', () => {
			if (down) log.info('Redis is reachable again');
			down = false;
		});
	}
	const ownership = createRedisOwnership({ redis, sql, log, instanceUrl, lease });
	let meetingNamespace: MeetingNamespace | null = null;
	let router: { close(): void } | null = null;
	let handle: (message: ControlMessage) => void = () => {};

	return {
		enabled: true,
		ownership,
		instanceUrl,
		attach(httpServer, io, meeting, onControl) {
			io.adapter(createAdapter(redis, sub, { key: 'samla', requestsTimeout: 3000 }));
			meetingNamespace = meeting;
			handle = onControl;
			meeting.on(CONTROL_EVENT, (message: ControlMessage) => {
				try {
					onControl(message);
				} catch (error) {
					log.error(`Handling the control message ${message?.kind} failed`, error);
				}
			});
			router = routeByMeeting(httpServer, { ownership, instanceUrl, log });
		},
		publish(message) {
			handle(message);
			meetingNamespace?.serverSideEmit(CONTROL_EVENT, message);
		},
		async redisHealthy() {
			return redis.status === 'ready' && sub.status === 'ready';
		},
		async close() {
			router?.close();
			await Promise.all([redis.quit().catch(() => redis.disconnect()), sub.quit().catch(() => sub.disconnect())]);
		}
	};
}

function singleProcess(instanceUrl: string): Fleet {
	let handle: (message: ControlMessage) => void = () => {};
	return {
		enabled: false,
		ownership: soleOwnership,
		instanceUrl,
		attach(_httpServer, _io, _meeting, onControl) {
			handle = onControl;
		},
		publish: (message) => handle(message),
		redisHealthy: async () => true,
		close: async () => {}
	};
}

/** http://<HOST>:<PORT>, with the machine's name for a wildcard HOST (set INSTANCE_URL when siblings cannot resolve it). */
function defaultInstanceUrl(config: Config): string {
	const host = config.host === '0.0.0.0' || config.host === '::' ? hostname() : config.host;
	return `http://${host.includes(':') ? `[${host}]` : host}:${config.port}`;
}
