import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import { Awareness, applyAwarenessUpdate, removeAwarenessStates } from 'y-protocols/awareness';
import { Presence } from './presence';

type Sent = Map<number, { clock: number; state: Record<string, unknown> | null }>;

/** The entries of one awareness message as the server sends it. */
function decode(message: Uint8Array): Sent {
	const outer = decoding.createDecoder(message);
	expect(decoding.readVarUint(outer)).toBe(1);
	const d = decoding.createDecoder(decoding.readVarUint8Array(outer));
	const entries: Sent = new Map();
	for (let n = decoding.readVarUint(d); n > 0; n--) {
		const id = decoding.readVarUint(d);
		const clock = decoding.readVarUint(d);
		entries.set(id, { clock, state: JSON.parse(decoding.readVarString(d)) });
	}
	return entries;
}

function update(id: number, clock: number, state: unknown): Uint8Array {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, 1);
	encoding.writeVarUint(e, id);
	encoding.writeVarUint(e, clock);
	encoding.writeVarString(e, JSON.stringify(state));
	return encoding.toUint8Array(e);
}

/** A room's awareness and what its peers are sent, with clients that speak as the endpoint applies them. */
function room(listLimit: number) {
	const awareness = new Awareness(new Y.Doc());
	awareness.setLocalState(null);
	const frames: Sent[] = [];
	const presence = new Presence(awareness, (m) => frames.push(decode(m)), { listLimit, changeIntervalMs: 250, renewIntervalMs: 5000 });
	const clocks = new Map<number, number>();
	const client = (id: number, role: 'participant' | 'moderator' = 'participant', attendance: 'on_site' | 'remote' | null = 'remote') => {
		const principal = { role, id: `person-${id}`, name: `P${id}`, attendance };
		const state = (typing = false) => ({ user: { id: principal.id, name: principal.name, role, attendance }, typing, editing: null });
		const say = (s: unknown) => {
			const clock = (clocks.get(id) ?? 0) + 1;
			clocks.set(id, clock);
			applyAwarenessUpdate(awareness, update(id, clock, s), { principal });
		};
		return {
			id,
			join: () => say(state()),
			renew: () => say(awareness.getStates().get(id)),
			type: (typing: boolean) => say(state(typing)),
			leave: () => say(null)
		};
	};
	/** What a peer that received every frame holds now, as y-protocols would apply them. */
	const peer = () => {
		const held = new Map<number, { clock: number; state: Record<string, unknown> }>();
		const known = new Map<number, number>();
		for (const frame of frames) {
			for (const [id, { clock, state }] of frame) {
				const current = known.get(id) ?? 0;
				if (current < clock || (current === clock && state === null && held.has(id))) {
					known.set(id, clock);
					if (state === null) held.delete(id);
					else held.set(id, { clock, state });
				}
			}
		}
		return held;
	};
	return { awareness, presence, frames, client, peer, close: () => (presence.destroy(), awareness.destroy()) };
}

describe('presence (issue 15)', () => {
	beforeEach(() => void vi.useFakeTimers());
	afterEach(() => void vi.useRealTimers());

	it('in a meeting under the limit everyone sees everyone, the joins of a tick in one frame', () => {
		const r = room(100);
		const people = Array.from({ length: 40 }, (_, i) => r.client(i + 1));
		for (const p of people) p.join();
		expect(r.frames).toEqual([]);
		vi.advanceTimersByTime(250);
		expect(r.frames).toHaveLength(1);
		expect([...r.peer().keys()].sort((a, b) => a - b)).toEqual(people.map((p) => p.id));
		people[3].type(true);
		vi.advanceTimersByTime(250);
		expect(r.frames).toHaveLength(2);
		expect([...r.frames[1].keys()]).toEqual([4]);
		expect(r.peer().get(4)?.state.typing).toBe(true);
		r.close();
	});

	it('renewals are not sent one by one but together, every renewal interval, and only with a newer clock', () => {
		const r = room(100);
		const [a, b, c] = [r.client(1), r.client(2), r.client(3)];
		for (const p of [a, b, c]) p.join();
		vi.advanceTimersByTime(250);
		r.frames.length = 0;
		a.renew();
		b.renew();
		vi.advanceTimersByTime(1000);
		expect(r.frames).toEqual([]); // no frame per renewal
		c.type(true); // a change goes out at the next tick, alone
		vi.advanceTimersByTime(250);
		expect(r.frames.map((f) => [...f.keys()])).toEqual([[3]]);
		vi.advanceTimersByTime(5000);
		expect(r.frames.map((f) => [...f.keys()].sort())).toEqual([[3], [1, 2]]);
		expect(r.peer().get(1)?.clock).toBe(2);
		vi.advanceTimersByTime(5000);
		expect(r.frames).toHaveLength(2); // nothing renewed since: nothing sent
		r.close();
	});

	it('above the limit only moderators and a bounded number of typing participants are shown, the rest counted', () => {
		const r = room(8); // large above 8 states; at most 2 active participants shown; small again at 7
		const moderator = r.client(100, 'moderator', null);
		const people = Array.from({ length: 10 }, (_, i) => r.client(i + 1, 'participant', i < 4 ? 'on_site' : 'remote'));
		moderator.join();
		for (const p of people.slice(0, 7)) p.join();
		vi.advanceTimersByTime(250);
		expect(r.peer().size).toBe(8);
		expect(r.presence.large).toBe(false);
		for (const p of people.slice(7)) p.join();
		vi.advanceTimersByTime(250);
		expect(r.presence.large).toBe(true);
		const held = r.peer();
		expect(held.has(100)).toBe(true);
		expect(people.some((p) => held.has(p.id))).toBe(false);
		const crowd = held.get(r.awareness.clientID)?.state.crowd;
		expect(crowd).toEqual({ people: 11, onSite: 4, remote: 6, others: 1 });

		people[0].type(true);
		people[5].type(true);
		people[9].type(true); // a third at once: over the 2 shown
		vi.advanceTimersByTime(250);
		expect([...r.peer().keys()].filter((id) => id < 100).sort((a, b) => a - b)).toEqual([1, 6]);
		people[0].type(false); // a slot frees: the next typing participant takes it
		vi.advanceTimersByTime(250);
		expect([...r.peer().keys()].filter((id) => id < 100).sort((a, b) => a - b)).toEqual([6, 10]);

		// Hidden participants' renewals cost the peers nothing.
		const before = r.frames.length;
		for (const p of people.slice(1, 5)) p.renew();
		vi.advanceTimersByTime(5000);
		expect(r.frames.slice(before).every((f) => [...f.keys()].every((id) => id === 6 || id === 10 || id === 100 || id === r.awareness.clientID))).toBe(true);
		r.close();
	});

	it('back under 90 % of the limit everyone is shown again, those hidden at their current clock once it moves on', () => {
		const r = room(8);
		const people = Array.from({ length: 10 }, (_, i) => r.client(i + 1));
		for (const p of people) p.join();
		vi.advanceTimersByTime(250);
		people[0].type(true);
		vi.advanceTimersByTime(250);
		people[0].type(false); // hidden again at clock 3
		vi.advanceTimersByTime(250);
		expect(r.presence.large).toBe(true);
		for (const p of people.slice(7)) p.leave();
		vi.advanceTimersByTime(250);
		expect(r.presence.large).toBe(false);
		const held = r.peer();
		expect(held.has(r.awareness.clientID)).toBe(false); // no counts in a small room
		expect([...held.keys()].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7]);
		people[0].renew();
		vi.advanceTimersByTime(250);
		expect([...r.peer().keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
		r.close();
	});

	it('a leave is sent with a clock the peers apply, and a snapshot holds what the peers hold', () => {
		const r = room(100);
		const [a, b] = [r.client(1), r.client(2)];
		a.join();
		b.join();
		vi.advanceTimersByTime(250);
		r.frames.length = 0;
		// As the endpoint does when a connection closes.
		removeAwarenessStates(r.awareness, [1], null);
		vi.advanceTimersByTime(250);
		expect(r.frames[0].get(1)?.state).toBeNull();
		const snapshot = decode(r.presence.snapshot()!);
		expect([...snapshot.keys()]).toEqual([2]);
		r.close();
	});
});
