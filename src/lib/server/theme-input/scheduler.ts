import type { Sql } from '../db/sql';
import type { Logger } from '../log';
import { projectMeeting } from './project';

export interface ProjectionScheduler {
	/** Projects the meeting `delayMs` after the last call for it (a burst of changes is one run). */
	schedule(meetingId: string): void;
	/** Runs every scheduled projection now and waits for them (shutdown, tests). */
	flush(): Promise<void>;
	/** Stops scheduling; pending projections run first. */
	close(): Promise<void>;
}

/**
 * The debounced projection behind the live board: each meeting is projected at most `delayMs`
 * after its last change, and at least every `maxDelayMs` while changes keep coming, so the
 * tables stay a few seconds behind the board at most. A failed run is logged and retried by the
 * next change (and always by the final projection at close).
 */
export function createProjectionScheduler(options: { sql: Sql; log: Logger; delayMs?: number; maxDelayMs?: number }): ProjectionScheduler {
	const delayMs = options.delayMs ?? 1000;
	const maxDelayMs = options.maxDelayMs ?? 4000;
	const pending = new Map<string, { timer: ReturnType<typeof setTimeout>; firstAt: number }>();
	const running = new Set<Promise<void>>();
	let closed = false;

	function run(meetingId: string): void {
		const entry = pending.get(meetingId);
		if (entry) clearTimeout(entry.timer);
		pending.delete(meetingId);
		const done = projectMeeting(options.sql, meetingId)
			.then(() => undefined)
			.catch((error) => options.log.error(`Projecting the theme input of meeting ${meetingId} failed`, error))
			.finally(() => running.delete(done));
		running.add(done);
	}

	return {
		schedule(meetingId) {
			if (closed) return;
			const now = Date.now();
			const entry = pending.get(meetingId);
			if (entry) clearTimeout(entry.timer);
			const firstAt = entry?.firstAt ?? now;
			const wait = Math.max(0, Math.min(delayMs, firstAt + maxDelayMs - now));
			const timer = setTimeout(() => run(meetingId), wait);
			timer.unref?.();
			pending.set(meetingId, { timer, firstAt });
		},
		async flush() {
			for (const meetingId of [...pending.keys()]) run(meetingId);
			await Promise.all([...running]);
		},
		async close() {
			closed = true;
			await this.flush();
		}
	};
}
