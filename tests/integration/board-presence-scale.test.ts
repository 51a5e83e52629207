import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS } from '../../src/lib/protocol/board-messages';
import { arrangeMeeting, arrangeParticipant, awarenessMessage, boardRoundTrip } from './board-fixtures';
import { useTestApp, type TestApp } from './harness';

// Issue 15: presence at scale. A meeting of up to SAMLA_PRESENCE_LIST_LIMIT (100) presence states
// sees everyone's, as before; a larger one sees moderators, a bounded number of people typing, and
// counts. Renewals (the same state again, every 15 s from the stock provider) are passed on
// together, not one frame to every peer per renewal. Everything here is raw frames.

type Held = Map<number, { clock: number; state: Record<string, unknown> }>;

/** A raw board connection that speaks for `clientId` and applies what it receives as y-protocols does. */
async function presencePeer(app: TestApp, meetingId: string, token: string, clientId: number) {
	const ws = new WebSocket(`${app.url.replace(/^http/, 'ws')}/yjs/${meetingId}?token=${token}`);
	const held: Held = new Map();
	const known = new Map<number, number>();
	/** Every awareness frame received, as its entries (clientId → clock, state). */
	const frames: Map<number, { clock: number; state: Record<string, unknown> | null }>[] = [];
	const listeners = new Set<() => void>();
	ws.on('message', (data: Buffer) => {
		const d = decoding.createDecoder(new Uint8Array(data));
		if (decoding.readVarUint(d) !== MESSAGE_AWARENESS) return;
		const u = decoding.createDecoder(decoding.readVarUint8Array(d));
		const frame: (typeof frames)[number] = new Map();
		for (let n = decoding.readVarUint(u); n > 0; n--) {
			const id = decoding.readVarUint(u);
			const clock = decoding.readVarUint(u);
			const state = JSON.parse(decoding.readVarString(u)) as Record<string, unknown> | null;
			frame.set(id, { clock, state });
			const current = known.get(id) ?? 0;
			if (current < clock || (current === clock && state === null && held.has(id))) {
				known.set(id, clock);
				if (state === null) held.delete(id);
				else held.set(id, { clock, state });
			}
		}
		frames.push(frame);
		for (const listener of listeners) listener();
	});
	await new Promise((resolve, reject) => {
		ws.once('open', resolve);
		ws.once('error', reject);
	});
	let clock = 0;
	let last: unknown = null;
	let renewing = true;
	// As the stock provider does (every 15 s): the server drops a state not renewed within 30 s, which
	// a loaded machine may take to run these tests. Cleared by close().
	const renewals = setInterval(() => {
		if (renewing && clock > 0 && ws.readyState === WebSocket.OPEN) ws.send(awarenessMessage(clientId, ++clock, last));
	}, 10_000);
	ws.once('close', () => clearInterval(renewals));
	return {
		clientId,
		ws,
		held,
		frames,
		/** Sends this client's state with the next clock. */
		say(state: unknown) {
			last = state;
			ws.send(awarenessMessage(clientId, ++clock, state));
		},
		/** The stock provider's renewal: the same state, the next clock. */
		renew() {
			ws.send(awarenessMessage(clientId, ++clock, last));
		},
		get clock() {
			return clock;
		},
		/** Stops renewing on its own: the test renews this state itself (and within 30 s). */
		renewByHand() {
			renewing = false;
		},
		/** Resolves once the server has handled everything this connection sent before. */
		roundTrip: () => boardRoundTrip(ws, new Y.Doc()),
		/** Calls `listener` after every awareness frame until the returned function is called. */
		onFrame(listener: () => void): () => void {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		/** Resolves when `predicate` holds, checked now and after every awareness frame. */
		until(predicate: () => boolean, what: string, ms = 15_000): Promise<void> {
			if (predicate()) return Promise.resolve();
			return new Promise((resolve, reject) => {
				const timer = setTimeout(() => {
					listeners.delete(check);
					reject(new Error(`not reached within ${ms} ms: ${what}`));
				}, ms);
				const check = () => {
					if (!predicate()) return;
					clearTimeout(timer);
					listeners.delete(check);
					resolve();
				};
				listeners.add(check);
			});
		},
		close() {
			clearInterval(renewals);
			ws.close();
		}
	};
}
type Peer = Awaited<ReturnType<typeof presencePeer>>;

const nameOf = (held: Held, id: number) => (held.get(id)?.state.user as { name?: string } | undefined)?.name;
const participantsHeld = (held: Held) => [...held.values()].filter((h) => (h.state.user as { role?: string } | undefined)?.role === 'participant');
const crowdOf = (held: Held) => [...held.values()].map((h) => h.state.crowd).find((c) => c !== undefined) as Record<string, number> | undefined;

/** The presence a fresh connection is answered with when it asks (message 3): what every peer holds. */
async function queried(app: TestApp, meetingId: string, token: string): Promise<Held> {
	const probe = await presencePeer(app, meetingId, token, 1);
	const before = probe.frames.length;
	probe.ws.send(new Uint8Array([MESSAGE_QUERY_AWARENESS]));
	await probe.until(() => probe.frames.length > before, 'the answer to a presence query');
	const answer = probe.frames.at(-1)!;
	probe.close();
	return new Map([...answer].filter(([, e]) => e.state !== null) as [number, { clock: number; state: Record<string, unknown> }][]);
}

describe('presence in a meeting of forty (issue 15)', () => {
	const app = useTestApp();
	let meetingId: string;
	let peers: Peer[] = [];

	beforeAll(async () => {
		({ meetingId } = await arrangeMeeting(app.sql));
		const people = await Promise.all(Array.from({ length: 40 }, (_, i) => arrangeParticipant(app.sql, meetingId, `Deltagare ${i + 1}`)));
		peers = await Promise.all(people.map((p, i) => presencePeer(app, meetingId, p.token, 5000 + i)));
		for (const peer of peers) peer.say({ typing: false });
	});
	afterAll(() => peers.forEach((p) => p.close()));

	it('everyone sees everyone by name, sees who types, and sees who leaves', async () => {
		await Promise.all(peers.map((p) => p.until(() => peers.every((o) => nameOf(p.held, o.clientId) === `Deltagare ${o.clientId - 4999}`), 'all forty names')));
		peers[6].say({ typing: true });
		await Promise.all(peers.map((p) => p.until(() => p.held.get(peers[6].clientId)?.state.typing === true, 'Deltagare 7 typing')));
		peers[6].say({ typing: false });
		peers[6].close();
		await Promise.all(peers.slice(7).map((p) => p.until(() => !p.held.has(peers[6].clientId), 'Deltagare 7 gone')));
		for (const p of peers.slice(7)) expect(p.held.size).toBe(39);
		// The server's answer to a query is the same: everyone, and no counts (the page counts itself).
		const answer = await queried(app, meetingId, (await arrangeParticipant(app.sql, meetingId, 'Frågvis')).token);
		expect(participantsHeld(answer)).toHaveLength(39);
		expect(crowdOf(answer)).toBeUndefined();
	});

	it('renewals are not sent to every peer as they come, but together, with their newer clocks', async () => {
		const [observer, a, d, e, c, metronome] = peers.slice(10, 16);
		// Their renewals are counted here: only the test's own.
		for (const p of [a, d, e, metronome]) p.renewByHand();
		await observer.until(() => [a, d, e, c, metronome].every((p) => observer.held.has(p.clientId)), 'the others');
		// Renewals go out together every few seconds: start right after such a batch (one that carries
		// the metronome's renewal), so that the next is seconds away.
		metronome.renew();
		await observer.until(() => observer.held.get(metronome.clientId)?.clock === metronome.clock, "the metronome's renewal");
		const from = observer.frames.length;
		for (const p of [a, d, e]) p.renew();
		// When their round trips return, the server has applied the three renewals.
		await Promise.all([a, d, e].map((p) => p.roundTrip()));
		c.say({ typing: true });
		await observer.until(() => observer.held.get(c.clientId)?.state.typing === true, "c's change");
		const renewed = (f: (typeof observer.frames)[number]) => [a, d, e].some((p) => f.get(p.clientId)?.clock === p.clock);
		// The change went out at once; the renewals, handled before it, did not.
		expect(observer.frames.slice(from).some(renewed)).toBe(false);
		// They arrive together (within one renewal interval, which they may straddle) and keep the states alive.
		await observer.until(() => [a, d, e].every((p) => observer.held.get(p.clientId)?.clock === p.clock), 'the renewals');
		expect(observer.frames.slice(from).filter(renewed).length).toBeLessThanOrEqual(2);
		for (const p of [a, d, e]) expect(nameOf(observer.held, p.clientId)).toBeDefined();
	});
});

describe('presence in a meeting over the list limit (issue 15)', () => {
	// Large above 8 states: moderators and at most 2 typing participants are shown, the rest counted.
	const app = useTestApp({ SAMLA_PRESENCE_LIST_LIMIT: '8' });
	let meetingId: string;
	let moderator: Peer;
	let peers: Peer[] = [];
	let probeToken: string;

	beforeAll(async () => {
		const meeting = await arrangeMeeting(app.sql);
		meetingId = meeting.meetingId;
		moderator = await presencePeer(app, meetingId, meeting.moderatorToken, 7000);
		moderator.say({ typing: false });
		const people = await Promise.all(Array.from({ length: 12 }, (_, i) => arrangeParticipant(app.sql, meetingId, `Person ${i + 1}`)));
		peers = await Promise.all(people.map((p, i) => presencePeer(app, meetingId, p.token, 7001 + i)));
		for (const peer of peers) peer.say({ typing: false });
		probeToken = (await arrangeParticipant(app.sql, meetingId, 'Frågvis')).token;
	});
	afterAll(() => [moderator, ...peers].forEach((p) => p.close()));

	it('everyone sees the moderator and how many are here, by attendance, but not every participant', async () => {
		await Promise.all(
			[moderator, ...peers].map((p) => p.until(() => crowdOf(p.held)?.people === 13 && participantsHeld(p.held).length === 0, 'the counts of thirteen and no participants'))
		);
		for (const p of [moderator, ...peers]) {
			expect(crowdOf(p.held)).toEqual({ people: 13, onSite: 0, remote: 12, others: 1 });
			expect(nameOf(p.held, moderator.clientId)).toBe('Maja Moderator');
		}
		const answer = await queried(app, meetingId, probeToken);
		expect([...answer.keys()]).toContain(moderator.clientId);
		expect(participantsHeld(answer)).toEqual([]);
		expect(crowdOf(answer)).toEqual({ people: 13, onSite: 0, remote: 12, others: 1 });
	});

	it('a participant who types is shown while typing, and at most two at once', async () => {
		const observer = peers[0];
		let most = 0;
		const count = () => (most = Math.max(most, participantsHeld(observer.held).length));
		const typists = peers.slice(1, 6);
		typists[0].say({ typing: true });
		await observer.until(() => observer.held.get(typists[0].clientId)?.state.typing === true, 'Person 2 typing');
		expect(nameOf(observer.held, typists[0].clientId)).toBe('Person 2');
		const stop = observer.onFrame(count);
		for (const t of typists.slice(1)) t.say({ typing: true });
		await Promise.all(typists.map((t) => t.roundTrip()));
		// A later change of the moderator's: once it arrives, so has everything the typists did.
		moderator.say({ typing: true });
		await observer.until(() => observer.held.get(moderator.clientId)?.state.typing === true, 'the moderator typing');
		stop();
		count();
		expect(most).toBe(2);
		expect(participantsHeld(observer.held)).toHaveLength(2);
		for (const t of typists) t.say({ typing: false });
		await observer.until(() => participantsHeld(observer.held).length === 0, 'nobody typing shown');
	});
});

describe("the server's own presence client id (issue 15)", () => {
	// Large above 4 states, small again at 3.
	const app = useTestApp({ SAMLA_PRESENCE_LIST_LIMIT: '4' });
	let peers: Peer[] = [];
	afterAll(() => peers.forEach((p) => p.close()));

	it("is refused to a connection while the meeting is small, when the server holds no state under it", async () => {
		const meeting = await arrangeMeeting(app.sql);
		const people = await Promise.all(Array.from({ length: 6 }, (_, i) => arrangeParticipant(app.sql, meeting.meetingId, `Person ${i + 1}`)));
		peers = await Promise.all(people.map((p, i) => presencePeer(app, meeting.meetingId, p.token, 8001 + i)));
		for (const peer of peers.slice(0, 5)) peer.say({ typing: false });
		const [observer] = peers;
		// Large: the server's crowd counts carry its client id.
		await observer.until(() => crowdOf(observer.held)?.people === 5, 'the counts of five');
		const serverId = [...observer.held].find(([, h]) => h.state.crowd !== undefined)![0];
		// Small again: the server's state is removed.
		for (const p of peers.slice(2, 5)) p.close();
		await observer.until(() => !observer.held.has(serverId) && participantsHeld(observer.held).length === 2, 'a small meeting of two');
		// A connection speaks for the server's id (with a clock past the server's), then for its own.
		const intruder = peers[5];
		intruder.ws.send(awarenessMessage(serverId, 1_000_000, { typing: true }));
		intruder.say({ typing: false });
		await observer.until(() => nameOf(observer.held, intruder.clientId) === 'Person 6', "the intruder's own state");
		expect(observer.held.has(serverId)).toBe(false);
	});
});
