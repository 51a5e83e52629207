import { describe, expect, it } from 'vitest';
import { createProjectionCache } from './projection-cache';

const projected = (hash: string) => ({ hash, schemaVersion: 1, rows: { clusters: [], ideas: [], votes: [], segmentVotes: [], participation: [], ballots: [] } });

describe('createProjectionCache', () => {
	it('keeps at most its limit of meetings, dropping the least recently used', () => {
		const cache = createProjectionCache(2);
		cache.set('m1', projected('a'));
		cache.set('m2', projected('b'));
		expect(cache.get('m1')?.hash).toBe('a');
		cache.set('m3', projected('c'));
		expect(cache.get('m2')).toBeUndefined();
		expect(cache.get('m1')?.hash).toBe('a');
		expect(cache.get('m3')?.hash).toBe('c');
	});

	it("drops a meeting's kept keys with its rows", () => {
		const cache = createProjectionCache(1);
		cache.set('m1', { ...projected('a'), keys: { secretFingerprint: 'f', keys: new Map([['person', 'key']]) } });
		cache.set('m2', projected('b'));
		expect(cache.get('m1')).toBeUndefined();
	});
});
