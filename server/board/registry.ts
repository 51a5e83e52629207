import { soleOwnership, type Ownership } from '../fleet/ownership';
import { Room, type RoomOptions } from './room';

/** What the registry passes on to each room it loads, declared (and documented) by the room. */
type PassedToRooms = 'store' | 'log' | 'onSavingPaused' | 'databaseReachable' | 'onStored' | 'compactEvery' | 'presence' | 'loadRules';

export interface RoomRegistryOptions extends Pick<RoomOptions, PassedToRooms> {
	/** A room was loaded (and upgraded): what watches a board's document attaches here. */
	onLoaded?(room: Room): void;
	/** How long an unused room stays loaded, so a reconnecting room does not reload. */
	unloadDelayMs?: number;
	/** Who may serve which meeting (a fleet); default: this process serves every meeting. */
	ownership?: Ownership;
	/**
	 * A meeting's room was dropped without saving because another instance owns it now (fenced, or
	 * the lease was lost): close its connections here, so its clients reconnect to the owner.
	 */
	onDropped?(meetingId: string): void;
}

/**
 * The live rooms of this process. A room is loaded once however many clients connect at the same
 * moment, kept while anyone uses it, and unloaded (after everything is saved) when the last leaves.
 */
export class RoomRegistry {
	#rooms = new Map<string, Promise<Room>>();
	#users = new Map<string, number>();
	#unloadTimers = new Map<string, ReturnType<typeof setTimeout>>();
	#options: RoomRegistryOptions;

	#ownership: Ownership;

	constructor(options: RoomRegistryOptions) {
		this.#options = options;
		this.#ownership = options.ownership ?? soleOwnership;
		this.#ownership.onLost((meetingId) => void this.drop(meetingId));
	}

	/** The room of a meeting, loaded if needed; pair every acquire with one release. */
	async acquire(meetingId: string): Promise<Room> {
		this.#users.set(meetingId, (this.#users.get(meetingId) ?? 0) + 1);
		const timer = this.#unloadTimers.get(meetingId);
		if (timer) {
			clearTimeout(timer);
			this.#unloadTimers.delete(meetingId);
		}
		let loading = this.#rooms.get(meetingId);
		if (!loading) {
			const { store } = this.#options;
			// In a fleet: the lease and a new fencing epoch first, then the board as committed under the old one.
			loading = this.#ownership.claim(meetingId).then(async (fence) => {
				let room: Room | undefined;
				try {
					const stored = await store.load(meetingId);
					room = new Room(
						{
							meetingId,
							store,
							log: this.#options.log,
							onSavingPaused: this.#options.onSavingPaused,
							databaseReachable: this.#options.databaseReachable,
							onStored: this.#options.onStored,
							compactEvery: this.#options.compactEvery,
							presence: this.#options.presence,
							loadRules: this.#options.loadRules,
							fence,
							onFenced: () => void this.drop(meetingId)
						},
						stored
					);
					await room.upgrade((authors) => store.recordAuthors(meetingId, authors));
					this.#options.onLoaded?.(room);
					return room;
				} catch (error) {
					// A room made but not handed out: stop its presence and awareness timers.
					room?.abandon();
					await this.#ownership.release(meetingId);
					throw error;
				}
			});
			this.#rooms.set(meetingId, loading);
			// A failed load is not cached: the next client tries again.
			loading.catch(() => this.#rooms.delete(meetingId));
		}
		try {
			return await loading;
		} catch (error) {
			this.release(meetingId);
			throw error;
		}
	}

	release(meetingId: string): void {
		const users = (this.#users.get(meetingId) ?? 1) - 1;
		if (users > 0) {
			this.#users.set(meetingId, users);
			return;
		}
		this.#users.delete(meetingId);
		const timer = setTimeout(() => void this.#unload(meetingId), this.#options.unloadDelayMs ?? 30_000);
		timer.unref();
		this.#unloadTimers.set(meetingId, timer);
	}

	/** The room if it is loaded (no loading). */
	async loaded(meetingId: string): Promise<Room | undefined> {
		return this.#rooms.get(meetingId)?.catch(() => undefined);
	}

	/**
	 * Drops a meeting's room at once without saving: another instance owns it now. Its connections
	 * here are closed (onDropped) and reconnect to the owner; usage counts stay until they release.
	 */
	async drop(meetingId: string): Promise<void> {
		const loading = this.#rooms.get(meetingId);
		if (!loading) return;
		this.#rooms.delete(meetingId);
		const room = await loading.catch(() => undefined);
		room?.abandon();
		await this.#ownership.release(meetingId);
		this.#options.onDropped?.(meetingId);
	}

	/**
	 * Drops a meeting's loaded room at once, whoever uses it (after its stored state was replaced,
	 * e.g. by a purge); the next acquire loads the new state. Usage counts stay as they are.
	 */
	async evict(meetingId: string): Promise<void> {
		const room = await this.loaded(meetingId);
		this.#rooms.delete(meetingId);
		await room?.close();
	}

	/** A meeting's rules changed in PostgreSQL: its room, loaded or loading, reads them afresh. */
	rulesChanged(meetingId: string): void {
		this.#rooms.get(meetingId)?.then(
			(room) => room.rulesChanged(),
			() => undefined
		);
	}

	/** Every room reads its rules afresh (after changes may have gone unannounced, e.g. a lost connection). */
	allRulesChanged(): void {
		for (const meetingId of this.#rooms.keys()) this.rulesChanged(meetingId);
	}

	get size(): number {
		return this.#rooms.size;
	}

	async #unload(meetingId: string): Promise<void> {
		this.#unloadTimers.delete(meetingId);
		if (this.#users.has(meetingId)) return;
		const loading = this.#rooms.get(meetingId);
		const room = await loading?.catch(() => undefined);
		if (!room || room.closed) return;
		try {
			await room.flush();
		} catch {
			return; // dropped meanwhile (another instance owns it now)
		}
		if (this.#users.has(meetingId) || this.#rooms.get(meetingId) !== loading) return; // someone came back while saving
		this.#rooms.delete(meetingId);
		await room.close();
		// Only now may another instance take it: everything of this room is committed.
		if (!this.#rooms.has(meetingId)) await this.#ownership.release(meetingId);
	}

	/** Commits what every room has pending (shutdown, before its meetings are given up). */
	async flushAll(): Promise<void> {
		const rooms = await Promise.all([...this.#rooms.values()].map((r) => r.catch(() => undefined)));
		await Promise.all(rooms.map((room) => room?.flush().catch(() => undefined)));
	}

	/** Saves and closes every room (shutdown). */
	async closeAll(): Promise<void> {
		for (const timer of this.#unloadTimers.values()) clearTimeout(timer);
		this.#unloadTimers.clear();
		const rooms = await Promise.all([...this.#rooms.values()].map((r) => r.catch(() => undefined)));
		this.#rooms.clear();
		await Promise.all(rooms.map((room) => room?.close().catch(() => undefined)));
		await this.#ownership.releaseAll();
	}
}
