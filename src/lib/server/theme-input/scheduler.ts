import type { Sql } from '../db/sql';
import type { Logger } from '../log';
import { projectMeeting, type LiveBoard } from './project';
import { createProjectionCache } from './projection-cache';

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
 *
 * Every committed board change calls `schedule`, so a call while a projection is already pending
 * only notes the time: the timer, when it fires, sets itself again for what is left of the wait
 * (a timer cleared and set again per change was a visible share of a move's CPU, issue 15).
 * Runs write only the rows that changed since the meeting's previous run (projection-cache.ts).
 */
export function createProjectionScheduler(options: {
	sql: Sql;
	log: Logger;
	delayMs?: number;
	maxDelayMs?: number;
	/** A meeting's board as its live room in this process committed it (see projectMeeting). */
	boardOf?: LiveBoard;
	/** What a run does (default: projectMeeting); tests pass their own. */
	project?: (meetingId: string) => Promise<unknown>;
}): ProjectionScheduler {
	const delayMs = options.delayMs ?? 1000;
	const maxDelayMs = options.maxDelayMs ?? 4000;
	// The rows each run stored, so that the next run of the meeting writes only what changed.
	const cache = createProjectionCache();
	const project = options.project ?? ((meetingId: string) => projectMeeting(options.sql, meetingId, { cache, boardOf: options.boardOf }));
	const pending = new Map<string, { timer: ReturnType<typeof setTimeout>; firstAt: number; lastAt: number }>();
	const running = new Set<Promise<void>>();
	let closed = false;

	function run(meetingId: string): void {
		const entry = pending.get(meetingId);
		if (entry) clearTimeout(entry.timer);
		pending.delete(meetingId);
		const done = project(meetingId)
			.then(() => undefined)
			.catch((error) => options.log.error(`Projecting the theme input of meeting ${meetingId} failed`, error))
			.finally(() => running.delete(done));
		running.add(done);
	}

	function timer(meetingId: string, wait: number): ReturnType<typeof setTimeout> {
		const timer = setTimeout(() => due(meetingId), wait);
		timer.unref?.();
		return timer;
	}

	/** A meeting's timer fired: project it now, or wait for what is left after later changes. */
	function due(meetingId: string): void {
		const entry = pending.get(meetingId);
		if (!entry) return;
		const wait = Math.min(entry.lastAt + delayMs, entry.firstAt + maxDelayMs) - Date.now();
		if (wait > 0) entry.timer = timer(meetingId, wait);
		else run(meetingId);
	}

	return {
		schedule(meetingId) {
			if (closed) return;
			const now = Date.now();
			const entry = pending.get(meetingId);
			if (entry) entry.lastAt = now;
			else pending.set(meetingId, { timer: timer(meetingId, delayMs), firstAt: now, lastAt: now });
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
