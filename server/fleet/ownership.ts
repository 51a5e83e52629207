import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { Mutex, type LockOptions } from 'redis-semaphore';
import type { Sql } from '../../src/lib/server/db/sql';
import type { Logger } from '../../src/lib/server/log';
import { bumpOwnerEpoch } from './epoch';

/**
 * Which instance serves a live meeting. In a fleet exactly one does at a time (its *owner*): it
 * holds a lease in Redis and writes the board only under its fencing epoch in PostgreSQL
 * (docs/FLEET.md). A single instance owns every meeting and writes without an epoch.
 */
export interface Ownership {
	/**
	 * Takes the meeting, or confirms this instance has it; resolves with the fencing epoch every
	 * board write must carry (null: a single instance, no fencing). Rejects with OwnedElsewhere
	 * when another instance holds it.
	 */
	claim(meetingId: string): Promise<number | null>;
	/** Gives the meeting up (its room was saved and unloaded). */
	release(meetingId: string): Promise<void>;
	/** Whether this instance holds the meeting now (no Redis round trip). */
	holds(meetingId: string): boolean;
	/** Who holds the meeting: this instance, a sibling (its URL and lease identity), or nobody. */
	ownerOf(meetingId: string): Promise<Owner>;
	/** After a sibling refused connections (it is dead): drops its lease if it still holds it, so the meeting can be taken at once. */
	dropDeadOwner(meetingId: string, identity: string): Promise<void>;
	/** Calls `listener` when this instance loses a meeting it held (lease taken or expired). */
	onLost(listener: (meetingId: string) => void): void;
	/** Gives every meeting up (shutdown, after the rooms were saved). */
	releaseAll(): Promise<void>;
}

export type Owner = { kind: 'self' } | { kind: 'sibling'; url: string; identity: string } | { kind: 'none' };

export class OwnedElsewhere extends Error {
	constructor(readonly meetingId: string) {
		super(`Meeting ${meetingId} is served by another instance`);
		this.name = 'OwnedElsewhere';
	}
}

/** One process: it owns every meeting, and its writes need no fencing. */
export const soleOwnership: Ownership = {
	claim: async () => null,
	release: async () => {},
	holds: () => true,
	ownerOf: async () => ({ kind: 'self' }),
	dropDeadOwner: async () => {},
	onLost: () => {},
	releaseAll: async () => {}
};

export interface LeaseOptions {
	/** How long a lease lives without renewal (a dead owner's meetings are free after this). */
	ttlMs: number;
	/** How often a held lease is renewed. */
	refreshMs: number;
}

export const DEFAULT_LEASE: LeaseOptions = { ttlMs: 5000, refreshMs: 1000 };

/** The Redis key of a meeting's lease (redis-semaphore prefixes `mutex:`). */
export const leaseKey = (meetingId: string) => `samla:meeting:${meetingId}`;

const DELETE_IF_EQUAL = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * Renews a lease (1), or takes it again when its key is gone (2); 0 when someone else holds it.
 * redis-semaphore's own renewal treats a missing key as lost, and a Redis restarted empty (or back
 * from an outage longer than the TTL) then made every instance drop every meeting it owned at
 * once: every client reconnected, every meeting was claimed and loaded again — seconds of a loaded
 * machine before messages crossed instances again (issue 10, acceptance point 8).
 */
const RENEW_OR_RETAKE = `
local value = redis.call('get', KEYS[1])
if value == ARGV[1] then redis.call('pexpire', KEYS[1], ARGV[2]) return 1 end
if value == false then redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 2 end
return 0`;

/** A redis-semaphore mutex whose renewal takes a vanished key back (RENEW_OR_RETAKE) and says so. */
class Lease extends Mutex {
	readonly #redis: Redis;
	readonly #onRetaken: () => void;

	constructor(redis: Redis, key: string, options: LockOptions, onRetaken: () => void) {
		super(redis, key, options);
		this.#redis = redis;
		this.#onRetaken = onRetaken;
	}

	protected override async _refresh(): Promise<boolean> {
		const result = Number(await this.#redis.eval(RENEW_OR_RETAKE, 1, this._key, this._identifier, this._acquireOptions.lockTimeout));
		if (result === 2) this.#onRetaken();
		return result !== 0;
	}
}

/**
 * Leases in Redis (a redis-semaphore mutex per meeting: TTL ≈ 5 s, renewed every second), the
 * fencing epoch in PostgreSQL. A lease's identity is `<instance URL> <random>`, so siblings know
 * where to forward and a restarted process at the same URL is not mistaken for its predecessor.
 */
export function createRedisOwnership(deps: { redis: Redis; sql: Sql; log: Logger; instanceUrl: string; lease?: LeaseOptions }): Ownership {
	const { redis, sql, log, instanceUrl } = deps;
	const lease = deps.lease ?? DEFAULT_LEASE;
	const processId = randomUUID();
	const held = new Map<string, { mutex: Mutex; epoch: number }>();
	const claiming = new Map<string, Promise<number>>();
	const listeners: ((meetingId: string) => void)[] = [];

	/** Gives up a meeting this instance held under `mutex` and tells the room registry to drop it. */
	function stepDown(meetingId: string, mutex: Mutex, why: string): void {
		if (held.get(meetingId)?.mutex !== mutex) return;
		held.delete(meetingId);
		log.info(`${why}: stepping down`);
		for (const listener of listeners) listener(meetingId);
	}

	/**
	 * A renewal found the lease's key gone and took it again (Redis restarted empty, or the lease
	 * ran out while no renewal reached Redis and nobody took the meeting). That is safe to keep only
	 * if nobody served the meeting meanwhile, and whoever did bumped the fencing epoch first: so the
	 * epoch decides. Still ours: the room stays, its clients notice nothing. Not ours: step down
	 * (its writes would be refused anyway). PostgreSQL unreachable: kept; the fence still guards
	 * every write, and the next write tells.
	 */
	async function confirmRetaken(meetingId: string, mutex: Mutex): Promise<void> {
		const current = held.get(meetingId);
		if (current?.mutex !== mutex) return;
		let epoch: number | null;
		try {
			const [row] = await sql<{ ownerEpoch: string }[]>`select owner_epoch from meetings where id = ${meetingId}`;
			epoch = row ? Number(row.ownerEpoch) : null;
		} catch (error) {
			log.error(`Checking the fencing epoch of meeting ${meetingId} after its lease was taken again failed; keeping it (every write is fenced)`, error);
			return;
		}
		if (epoch === current.epoch) {
			log.info(`The lease of meeting ${meetingId} was gone from Redis; took it again (the meeting was not served elsewhere meanwhile)`);
			return;
		}
		stepDown(meetingId, mutex, `Meeting ${meetingId} was served elsewhere while its lease was gone from Redis`);
		await mutex.release().catch(() => undefined);
	}

	async function take(meetingId: string): Promise<number> {
		const mutex: Mutex = new Lease(
			redis,
			leaseKey(meetingId),
			{
				lockTimeout: lease.ttlMs,
				refreshInterval: lease.refreshMs,
				acquireAttemptsLimit: 1,
				identifier: `${instanceUrl} ${processId}:${randomUUID()}`,
				onLockLost: () => stepDown(meetingId, mutex, `Lost the lease of meeting ${meetingId}`)
			},
			() => void confirmRetaken(meetingId, mutex)
		);
		if (!(await mutex.tryAcquire())) throw new OwnedElsewhere(meetingId);
		try {
			// Fencing: from this commit on, the previous owner's writes are refused.
			const epoch = await bumpOwnerEpoch(sql, meetingId);
			held.set(meetingId, { mutex, epoch });
			return epoch;
		} catch (error) {
			await mutex.release().catch(() => undefined);
			throw error;
		}
	}

	async function release(meetingId: string): Promise<void> {
		const lease = held.get(meetingId);
		if (!lease) return;
		held.delete(meetingId);
		try {
			await lease.mutex.release();
		} catch (error) {
			log.error(`Releasing the lease of meeting ${meetingId} failed; it expires by itself`, error);
		}
	}

	return {
		claim(meetingId) {
			const current = held.get(meetingId);
			if (current) return Promise.resolve(current.epoch);
			let pending = claiming.get(meetingId);
			if (!pending) {
				pending = take(meetingId).finally(() => claiming.delete(meetingId));
				claiming.set(meetingId, pending);
			}
			return pending;
		},
		release,
		holds: (meetingId) => held.has(meetingId),
		async ownerOf(meetingId) {
			if (held.has(meetingId)) return { kind: 'self' };
			const identity = await redis.get(`mutex:${leaseKey(meetingId)}`);
			if (!identity) return { kind: 'none' };
			const url = identity.split(' ')[0];
			// Our own URL but not our lease: a predecessor at this address that died; it expires soon.
			if (url === instanceUrl && !identity.includes(processId)) return { kind: 'sibling', url, identity };
			if (url === instanceUrl) return { kind: 'self' };
			return { kind: 'sibling', url, identity };
		},
		async dropDeadOwner(meetingId, identity) {
			await redis.eval(DELETE_IF_EQUAL, 1, `mutex:${leaseKey(meetingId)}`, identity);
		},
		onLost(listener) {
			listeners.push(listener);
		},
		async releaseAll() {
			await Promise.all([...held.keys()].map(release));
		}
	};
}
