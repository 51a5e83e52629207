import type { RepresentationResponse } from '$lib/server/db/representation';

/** How often the participation is fetched again: live enough to call on people in time. */
export const REPRESENTATION_POLL_MS = 10_000;

/**
 * The participation of a meeting, fetched from GET /m/<id>/representation now and every ten
 * seconds while started. The server decides, from the cookies, whether the counts are exact
 * (moderators) or have small groups hidden (participants, the projector).
 */
export class RepresentationPoll {
	data = $state<RepresentationResponse | null>(null);
	/** The last fetch failed (the last good data stays shown). */
	failed = $state(false);

	readonly #url: string;
	#timer: ReturnType<typeof setTimeout> | null = null;
	#stopped = true;
	#controller: AbortController | null = null;

	constructor(meetingId: string, initial: RepresentationResponse | null = null) {
		this.#url = `/m/${meetingId}/representation`;
		this.data = initial;
	}

	start(): void {
		if (!this.#stopped) return;
		this.#stopped = false;
		void this.#poll();
	}

	stop(): void {
		this.#stopped = true;
		if (this.#timer) clearTimeout(this.#timer);
		this.#timer = null;
		this.#controller?.abort();
	}

	async #poll(): Promise<void> {
		this.#controller = new AbortController();
		try {
			const response = await fetch(this.#url, { headers: { accept: 'application/json' }, signal: this.#controller.signal });
			if (!response.ok) throw new Error(`HTTP ${response.status}`);
			this.data = (await response.json()) as RepresentationResponse;
			this.failed = false;
		} catch {
			if (this.#stopped) return;
			this.failed = true;
		}
		if (!this.#stopped) this.#timer = setTimeout(() => void this.#poll(), REPRESENTATION_POLL_MS);
	}
}
