import type { Awareness } from 'y-protocols/awareness';
import { awarenessFrame, type AwarenessEntry } from '../../src/lib/protocol/board-messages';
import { PRESENCE_LIST_LIMIT, type PresenceCrowd as Crowd } from '../../src/lib/protocol/presence';
import type { Principal } from './access';

/** Changes of presence (joins, leaves, typing) are sent at most this often (ms). */
export const PRESENCE_CHANGE_MS = 250;
/**
 * Renewals (a state sent again unchanged, which the stock provider does every 15 s so that others
 * do not drop it after 30 s) are passed on together at most this often (ms). A peer's copy of a
 * state is then renewed at most 15–18 s (the owner's renewal) + this after the last time: well
 * within y-protocols' 30 s outdatedTimeout.
 */
export const PRESENCE_RENEW_MS = 5000;

export interface PresenceOptions {
	/** Default PRESENCE_LIST_LIMIT. */
	listLimit?: number;
	/** Default PRESENCE_CHANGE_MS. */
	changeIntervalMs?: number;
	/** Default PRESENCE_RENEW_MS. */
	renewIntervalMs?: number;
}

type Entry = AwarenessEntry;

/**
 * What the server tells a room's peers about presence (issue 15). The room's Awareness holds every
 * connection's (sanitised) state; this decides what of it is sent, and when:
 *
 * - **Changes** (a join, a leave, a state that differs) are sent coalesced, one frame per
 *   `changeIntervalMs` at most. **Renewals** (the same state with a higher clock) are never sent
 *   one by one: those of the shown states go out together every `renewIntervalMs`, which keeps them
 *   alive in the peers' Awareness (30 s timeout) at a fraction of the frames — and of the echoes,
 *   since the stock provider sends back every state it applies.
 * - Up to `listLimit` states everyone's is shown. In a larger room only moderators' states (at most
 *   `listLimit`) and those of participants who are typing or editing (at most a quarter of the limit,
 *   the longest-active first) are shown; everyone else is only counted, in the server's own state
 *   `{ crowd: Crowd }` (updated with the renewals). Going back below 90 % of the limit shows everyone
 *   again; in between the mode stays, so a room at the threshold does not flip with every join.
 *
 * Work is bounded: per message O(1); per frame O(shown + changes since the last frame), where shown
 * is at most the limit (+ a quarter). A state hidden again is removed from the peers with the clock
 * they hold; it is shown again once its owner's clock moved past that (y-protocols ignores an equal
 * clock), at the latest with the owner's next renewal.
 */
export class Presence {
	readonly #awareness: Awareness;
	readonly #broadcast: (message: Uint8Array) => void;
	readonly #listLimit: number;
	readonly #activeLimit: number;
	readonly #smallAgainAt: number;
	readonly #changeMs: number;
	/** Each present client's sanitised state as JSON, to tell a change from a renewal. */
	readonly #json = new Map<number, string>();
	/** What the peers were last told of a client: its state (json) or its removal (null), at a clock. */
	readonly #told = new Map<number, { clock: number; json: string | null }>();
	/** The clients whose state the peers hold. */
	readonly #shown = new Set<number>();
	readonly #changed = new Set<number>();
	readonly #renewed = new Set<number>();
	/** Moderators' clients, and participants' clients that are typing or editing, in the order they became so. */
	readonly #moderators = new Set<number>();
	readonly #active = new Set<number>();
	/** Who each client is (role:id), and how many clients each person has here, for the crowd's counts. */
	readonly #personOf = new Map<number, string>();
	readonly #people = new Map<string, { clients: number; attendance: Principal['attendance']; role: string }>();
	#large = false;
	#changeTimer: ReturnType<typeof setTimeout> | null = null;
	readonly #renewTimer: ReturnType<typeof setInterval>;

	constructor(awareness: Awareness, broadcast: (message: Uint8Array) => void, options: PresenceOptions = {}) {
		this.#awareness = awareness;
		this.#broadcast = broadcast;
		this.#listLimit = options.listLimit ?? PRESENCE_LIST_LIMIT;
		this.#activeLimit = Math.max(1, Math.floor(this.#listLimit / 4));
		this.#smallAgainAt = this.#listLimit - Math.max(1, Math.floor(this.#listLimit / 10));
		this.#changeMs = options.changeIntervalMs ?? PRESENCE_CHANGE_MS;
		awareness.on('update', this.#onUpdate);
		this.#renewTimer = setInterval(() => this.#renew(), options.renewIntervalMs ?? PRESENCE_RENEW_MS);
		this.#renewTimer.unref?.();
	}

	/** Whether only a bounded set of states is shown (more than the limit here). */
	get large(): boolean {
		return this.#large;
	}

	/** Every state the peers hold, as one awareness message: for a peer that connects, or asks (message 3). */
	snapshot(): Uint8Array | null {
		const entries: Entry[] = [];
		for (const id of this.#shown) {
			const told = this.#told.get(id);
			if (told?.json) entries.push([id, told.clock, told.json]);
		}
		return entries.length ? awarenessFrame(entries) : null;
	}

	destroy(): void {
		this.#awareness.off('update', this.#onUpdate);
		if (this.#changeTimer) clearTimeout(this.#changeTimer);
		clearInterval(this.#renewTimer);
	}

	// Whatever the event calls a client (y-protocols reports a state that comes back after a removal
	// as `updated`), what counts is whether it has a state now and whether it had one.
	readonly #onUpdate = ({ added, updated, removed }: Record<'added' | 'updated' | 'removed', number[]>, origin: unknown): void => {
		const states = this.#awareness.getStates();
		for (const list of [added, updated, removed]) {
			for (const id of list) {
				const state = states.get(id) as Record<string, unknown> | undefined;
				const before = this.#json.get(id);
				if (state === undefined) {
					if (before === undefined) continue;
					this.#leave(id);
					this.#changed.add(id);
					continue;
				}
				const json = JSON.stringify(state);
				if (json === before) {
					// A renewal: passed on with the others, or (a state not shown) a chance to be shown again.
					if (this.#shown.has(id)) this.#renewed.add(id);
					else if (this.#eligible(id)) this.#changed.add(id);
					continue;
				}
				if (before === undefined) this.#arrive(id, origin);
				this.#json.set(id, json);
				this.#classify(id, state);
				this.#changed.add(id);
			}
		}
		if (this.#changed.size && !this.#changeTimer) this.#changeTimer = setTimeout(() => this.#sendChanges(), this.#changeMs);
	};

	#arrive(id: number, origin: unknown): void {
		if (id === this.#awareness.clientID) return;
		const principal = (origin as { principal?: Principal } | null)?.principal;
		const key = principal ? `${principal.role}:${principal.id}` : `client:${id}`;
		this.#personOf.set(id, key);
		const person = this.#people.get(key);
		if (person) person.clients++;
		else this.#people.set(key, { clients: 1, attendance: principal?.attendance ?? null, role: principal?.role ?? 'participant' });
	}

	#leave(id: number): void {
		this.#json.delete(id);
		this.#moderators.delete(id);
		this.#active.delete(id);
		const key = this.#personOf.get(id);
		if (key === undefined) return;
		this.#personOf.delete(id);
		const person = this.#people.get(key);
		if (person && --person.clients === 0) this.#people.delete(key);
	}

	#classify(id: number, state: Record<string, unknown>): void {
		if (id === this.#awareness.clientID) return;
		const user = state.user as { role?: string } | undefined;
		if (user?.role === 'moderator') {
			this.#moderators.add(id);
			return;
		}
		if (state.typing === true || (state.editing !== null && state.editing !== undefined)) this.#active.add(id);
		else this.#active.delete(id);
	}

	#eligible(id: number): boolean {
		return !this.#large || id === this.#awareness.clientID || this.#moderators.has(id) || this.#active.has(id);
	}

	/** The states shown in a large room: the server's own, moderators', then the longest-active participants'. */
	#bounded(): Set<number> {
		const shown = new Set<number>();
		if (this.#awareness.getLocalState() !== null) shown.add(this.#awareness.clientID);
		for (const id of this.#moderators) {
			if (shown.size > this.#listLimit) break;
			shown.add(id);
		}
		let active = 0;
		for (const id of this.#active) {
			if (active++ >= this.#activeLimit || shown.size > this.#listLimit) break;
			shown.add(id);
		}
		return shown;
	}

	#sendChanges(): void {
		this.#changeTimer = null;
		const clients = this.#json.size - (this.#json.has(this.#awareness.clientID) ? 1 : 0);
		const wasLarge = this.#large;
		if (!this.#large && clients > this.#listLimit) this.#large = true;
		else if (this.#large && clients <= this.#smallAgainAt) this.#large = false;
		if (wasLarge !== this.#large) this.#updateCrowd();

		// Who to look at: what changed, and (large, or the mode just changed) what is and should be shown.
		const candidates = new Set(this.#changed);
		this.#changed.clear();
		let target: Set<number> | null = null;
		if (this.#large) {
			target = this.#bounded();
			for (const id of target) candidates.add(id);
			if (!wasLarge) for (const id of this.#shown) candidates.add(id);
		} else if (wasLarge) {
			for (const id of this.#json.keys()) candidates.add(id);
			for (const id of this.#shown) candidates.add(id);
		}

		const meta = this.#awareness.meta;
		const entries: Entry[] = [];
		for (const id of candidates) {
			const json = this.#json.get(id);
			const told = this.#told.get(id);
			const show = json !== undefined && (target === null || target.has(id));
			if (show) {
				const clock = meta.get(id)?.clock ?? 0;
				// Told already; or told of its removal at this very clock, which the peers would not undo.
				if (told && told.clock >= clock) continue;
				entries.push([id, clock, json]);
				this.#told.set(id, { clock, json });
				this.#shown.add(id);
				this.#renewed.delete(id);
			} else if (this.#shown.has(id)) {
				// Left: the removal's clock; hidden: its state's own clock (an equal clock removes).
				const clock = meta.get(id)?.clock ?? told?.clock ?? 0;
				entries.push([id, clock, 'null']);
				this.#shown.delete(id);
				this.#renewed.delete(id);
				if (json === undefined) this.#told.delete(id);
				else this.#told.set(id, { clock, json: null });
			} else if (json === undefined) {
				this.#told.delete(id);
			}
		}
		if (entries.length) this.#broadcast(awarenessFrame(entries));
		if (this.#changed.size && !this.#changeTimer) this.#changeTimer = setTimeout(() => this.#sendChanges(), this.#changeMs);
	}

	#renew(): void {
		if (this.#large) this.#updateCrowd();
		if (!this.#renewed.size) return;
		const meta = this.#awareness.meta;
		const entries: Entry[] = [];
		for (const id of this.#renewed) {
			const json = this.#json.get(id);
			const told = this.#told.get(id);
			const clock = meta.get(id)?.clock ?? 0;
			if (!this.#shown.has(id) || json === undefined || told?.json !== json || clock <= told.clock) continue;
			entries.push([id, clock, json]);
			told.clock = clock;
		}
		this.#renewed.clear();
		if (entries.length) this.#broadcast(awarenessFrame(entries));
	}

	/** The server's own presence state: the crowd's counts in a large room, none otherwise. */
	#updateCrowd(): void {
		if (!this.#large) {
			if (this.#awareness.getLocalState() !== null) this.#awareness.setLocalState(null);
			return;
		}
		const crowd: Crowd = { people: this.#people.size, onSite: 0, remote: 0, others: 0 };
		for (const person of this.#people.values()) {
			if (person.attendance === 'on_site') crowd.onSite++;
			else if (person.attendance === 'remote') crowd.remote++;
			else crowd.others++;
		}
		const current = this.#awareness.getLocalState() as { crowd?: Crowd } | null;
		const same = current?.crowd && (Object.keys(crowd) as (keyof Crowd)[]).every((k) => current.crowd?.[k] === crowd[k]);
		if (!same) this.#awareness.setLocalState({ crowd });
	}
}

