import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/sql';
import { migrate } from '../../src/lib/server/db/migrate';
import { createLogger } from '../../src/lib/server/log';
import { createRedisOwnership, leaseKey } from '../../server/fleet/ownership';
import { arrangeMeeting } from '../integration/board-fixtures';
import { createTestDatabase, pollUntil } from '../integration/harness';
import { REDIS_URL } from './fleet-fixtures';

// Issue 10, acceptance point 8: a Redis that restarts empty (or returns after an outage longer than
// the lease) no longer makes every owner give up every meeting. A renewal that finds its key gone
// takes it back, and the fencing epoch in PostgreSQL decides whether the meeting may be kept.
const redisAnswers = await (async () => {
	const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
	probe.on('error', () => undefined);
	try {
		await probe.connect();
		await probe.ping();
		return true;
	} catch {
		return false;
	} finally {
		probe.disconnect();
	}
})();

describe.skipIf(!redisAnswers)('a meeting lease whose key vanished from Redis', () => {
	let database: Awaited<ReturnType<typeof createTestDatabase>>;
	let sql: Sql;
	let redis: Redis;
	beforeAll(async () => {
		database = await createTestDatabase();
		sql = connect(database.url, { max: 4 });
		await migrate(sql);
		redis = new Redis(REDIS_URL);
	});
	afterAll(async () => {
		redis?.disconnect();
		await sql?.end({ timeout: 1 });
		await database?.drop();
	});

	/** An instance's ownership with a short lease, so that renewals come quickly. */
	function instance() {
		const ownership = createRedisOwnership({
			redis,
			sql,
			log: createLogger('silent'),
			instanceUrl: 'http://127.0.0.1:1',
			lease: { ttlMs: 2000, refreshMs: 100 }
		});
		const lost: string[] = [];
		ownership.onLost((meetingId) => lost.push(meetingId));
		return { ownership, lost };
	}

	it('is taken back at the next renewal, and the meeting kept, when nobody served the meeting meanwhile (its epoch is unchanged)', async () => {
		const { meetingId } = await arrangeMeeting(sql);
		const { ownership, lost } = instance();
		try {
			const epoch = await ownership.claim(meetingId);
			const key = `mutex:${leaseKey(meetingId)}`;
			const identity = await redis.get(key);
			// As a Redis restarted empty: the key is gone.
			await redis.del(key);
			await pollUntil(() => redis.get(key), (value) => value === identity, 'the lease to be taken back');
			expect(ownership.holds(meetingId)).toBe(true);
			expect(await ownership.claim(meetingId)).toBe(epoch);
			expect(lost).toEqual([]);
		} finally {
			await ownership.releaseAll();
		}
	});

	it('is given up when the meeting was served elsewhere meanwhile (its epoch moved on): the room is dropped and the lease released', async () => {
		const { meetingId } = await arrangeMeeting(sql);
		const { ownership, lost } = instance();
		try {
			await ownership.claim(meetingId);
			const key = `mutex:${leaseKey(meetingId)}`;
			await redis.del(key);
			// What a sibling's claim did before it let the meeting go again.
			await sql`update meetings set owner_epoch = owner_epoch + 1 where id = ${meetingId}`;
			await pollUntil(() => lost, (l) => l.includes(meetingId), 'the meeting to be given up');
			expect(ownership.holds(meetingId)).toBe(false);
			await pollUntil(() => redis.get(key), (value) => value === null, 'the lease taken back to be released');
		} finally {
			await ownership.releaseAll();
		}
	});
});
