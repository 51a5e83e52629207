import { describe, expect, it } from 'vitest';
import { Outbox, retryDelayMs, type OutboxStorage } from './outbox';

function memoryStorage(): OutboxStorage & { data: Map<string, string> } {
	const data = new Map<string, string>();
	return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('outbox', () => {
	it('keeps unacknowledged commands across a reload, in order', () => {
		const storage = memoryStorage();
		const first = new Outbox('m1', storage);
		first.add({ key: 'a', name: 'note:add', payload: { id: 'note-0001', text: 'x' }, queuedAt: 1 });
		first.add({ key: 'b', name: 'note:add', payload: { id: 'note-0002', text: 'y' }, queuedAt: 2 });
		first.remove('a');
		expect(new Outbox('m1', storage).items.map((i) => i.key)).toEqual(['b']);
		expect(new Outbox('m2', storage).items).toEqual([]);
	});

	it('ignores a corrupted stored outbox instead of failing', () => {
		const storage = memoryStorage();
		storage.setItem('samla-outbox-m1', '{not json');
		expect(new Outbox('m1', storage).items).toEqual([]);
	});

	it('waits as long as the server asked before sending a refused command again, a little more, never over ten seconds', () => {
		for (let i = 0; i < 50; i++) {
			const delay = retryDelayMs({ retryAfterMs: 400 });
			expect(delay).toBeGreaterThanOrEqual(400);
			expect(delay).toBeLessThan(400 + 250);
		}
		expect(retryDelayMs({ retryAfterMs: 60_000 })).toBe(10_000);
		expect(retryDelayMs({})).toBe(1000);
	});
});
