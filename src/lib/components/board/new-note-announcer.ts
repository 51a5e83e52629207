/** The few things the announcer needs from a note. */
export interface AnnouncedNote {
	id: string;
	text: string;
}

export interface AnnouncerOptions {
	/** Puts a message into the page's polite live region. */
	say(message: string): void;
	one(text: string): string;
	many(count: number): string;
	/** At most one announcement per interval; what arrives meanwhile is summed up. */
	intervalMs?: number;
	now?: () => number;
	schedule?: (run: () => void, ms: number) => unknown;
	cancel?: (handle: unknown) => void;
}

const MAX_TEXT = 120;

/**
 * Tells screen-reader users about notes that others add, politely and not too often. Nothing is
 * said about the board as it was when the page connected, nor about one's own notes.
 */
export class NewNoteAnnouncer {
	#seen: Set<string> | null = null;
	#queue: string[] = [];
	#last = -Infinity;
	#timer: unknown = null;
	#options: Required<AnnouncerOptions>;

	constructor(options: AnnouncerOptions) {
		this.#options = {
			intervalMs: 4000,
			now: () => Date.now(),
			schedule: (run, ms) => setTimeout(run, ms),
			cancel: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
			...options
		};
	}

	/** The notes already there when the board was first synced: never announced. */
	baseline(ids: Iterable<string>): void {
		this.#seen = new Set(ids);
	}

	get ready(): boolean {
		return this.#seen !== null;
	}

	/** Looks at the board's notes after a change; new notes by others (not in `mine`) are queued for announcing. */
	observe(notes: Iterable<AnnouncedNote>, mine: ReadonlySet<string>): void {
		const seen = this.#seen;
		if (!seen) return;
		for (const note of notes) {
			if (seen.has(note.id)) continue;
			seen.add(note.id);
			if (!mine.has(note.id)) this.#queue.push(note.text);
		}
		if (this.#queue.length && this.#timer === null) {
			const wait = Math.max(0, this.#last + this.#options.intervalMs - this.#options.now());
			this.#timer = this.#options.schedule(() => this.#flush(), wait);
		}
	}

	#flush(): void {
		this.#timer = null;
		const queued = this.#queue;
		this.#queue = [];
		if (!queued.length) return;
		this.#last = this.#options.now();
		const text = queued[0].length > MAX_TEXT ? `${queued[0].slice(0, MAX_TEXT - 1)}…` : queued[0];
		this.#options.say(queued.length === 1 ? this.#options.one(text) : this.#options.many(queued.length));
	}

	destroy(): void {
		if (this.#timer !== null) this.#options.cancel(this.#timer);
		this.#timer = null;
		this.#queue = [];
	}
}
