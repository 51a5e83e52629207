import type { CommandName, VoteCommandName } from '../protocol/commands';

/** A command waiting for its acknowledgement; kept across reloads so nothing typed offline is lost. */
export interface OutboxItem {
	key: string;
	name: CommandName | VoteCommandName;
	payload: Record<string, unknown>;
	queuedAt: number;
}

export interface OutboxStorage {
	getItem(key: string): string | null;
	setItem(key: string, value: string): void;
}

/** The commands of one meeting not yet acknowledged, persisted in `storage` (localStorage). */
export class Outbox {
	#items: OutboxItem[];
	#storage: OutboxStorage | null;
	#key: string;

	constructor(meetingId: string, storage: OutboxStorage | null) {
		this.#storage = storage;
		this.#key = `samla-outbox-${meetingId}`;
		this.#items = read(storage, this.#key);
	}

	get items(): readonly OutboxItem[] {
		return this.#items;
	}

	add(item: OutboxItem): void {
		this.#items.push(item);
		this.#save();
	}

	remove(key: string): void {
		this.#items = this.#items.filter((i) => i.key !== key);
		this.#save();
	}

	#save(): void {
		try {
			this.#storage?.setItem(this.#key, JSON.stringify(this.#items));
		} catch {
			// Storage full or unavailable (private mode): the outbox still works in memory.
		}
	}
}

function read(storage: OutboxStorage | null, key: string): OutboxItem[] {
	try {
		const parsed = JSON.parse(storage?.getItem(key) ?? '[]');
		return Array.isArray(parsed) ? parsed.filter((i) => i && typeof i.key === 'string' && typeof i.name === 'string') : [];
	} catch {
		return [];
	}
}

/**
 * How long the outbox waits before sending a refused command again: the server's `retryAfterMs`
 * when it gave one (a little more, spread so that a crowd told the same does not come back as
 * one), else a second. Never longer than ten seconds.
 */
export function retryDelayMs(ack: { retryAfterMs?: number }): number {
	const asked = typeof ack.retryAfterMs === 'number' && ack.retryAfterMs > 0 ? ack.retryAfterMs : 0;
	if (!asked) return 1000;
	return Math.min(10_000, asked + Math.floor(Math.random() * Math.min(1000, asked / 2 + 50)));
}
