import type { Sql } from '../db/sql';
import type { Logger } from '../log';
import { projectMeeting, type LiveBoard } from './project';
import { createProjectionCache } from './projection-cache';

export interface ProjectionScheduler {
	/** Projects the meeting `delayMs` after the last call for it (a burst of changes is one run). */
	schedule(meetingId: string): void;
	/**
	 * Drops what this process keeps of the meeting's last projection (its rows, names included, and
	 * pseudonymous keys; null: of every meeting), also from a run in progress: its next run rewrites
	 * the meeting's rows. Called when a meeting's row changed, which a purge does.
	 */
	forget(meetingId: string | null): void;
	/** Runs every scheduled projection now and waits for them (shutdown, tests). */
	flush(): Promise<void>;
	/** Stops scheduling; pending projections run first. */
	close(): Promise<void>;
}

/**
 * The debounced projection behind the live board: each meeting is projected at most `delayMs`
 * after its last change, and at least every `maxDelayMs` while changes keep coming. A failed run
 * is logged and retried by the next change (and always by the final projection at close).
 *
 * The tables these runs keep up to date are for readers outside Samla (SQL, the analysts' views):
 * every export, the API and the archive project the meeting themselves when asked (from the stored
 * board, exact), so nothing Samla shows waits for a scheduled run. While changes keep coming a run
 * competes with them for the server's thread: a run on the relay's board (200 notes, 500
 * participants) takes about 10–20 ms of CPU, in pieces of up to a few ms that the moves arriving
 * then wait for. Every 4 s that was a few per cent of the CPU a move costs at 20 moves a second, and
 * the delay of more than one move in a hundred (its p99, issue 15); every 10 s it is less than
 * half of that, and the tables are still current a second after the board is quiet.
 *
 * Every committed board change calls `schedule`, so a call while a projection is already pending
 * only notes the time: the timer, when it fires, sets itself again for what is left of the wait
 * (a timer cleared and set again per change was a visible share of a move's CPU, issue 15).
 * Runs write only the rows that changed since the meeting's previous run (projection-cache.ts).
 *
 * A run costs what changed and the size of the board: in a grouping storm on a big board (every
 * note moved within seconds) one took long enough to double the moves' p99 (issue 15).
 * So a meeting's runs take at most about 1 / (1 + costFactor) of the time: after a run that took
 * D ms the next waits at least costFactor × D ms (at most MAX_HOLD_MS), and never starts while the
 * meeting's previous run is still going. A run of a normal meeting (tens of ms) is held back by
 * less than its debounce anyway.
 */
/** The longest a long run holds its meeting's next run back. */
const MAX_HOLD_MS = 30_000;

export function createProjectionScheduler(options: {
	sql: Sql;
	log: Logger;
	delayMs?: number;
	maxDelayMs?: number;
	/** A meeting's board as its live room in this process committed it (see projectMeeting). */
	boardOf?: LiveBoard;
	/** After a run that took D ms, the meeting's next run waits at least costFactor × D ms (default 19: 5 % of the time). */
	costFactor?: number;
	/** What a run does (default: projectMeeting); tests pass their own. */
	project?: (meetingId: string) => Promise<unknown>;
}): ProjectionScheduler {
	const delayMs = options.delayMs ?? 1000;
	const maxDelayMs = options.maxDelayMs ?? 10_000;
	const costFactor = options.costFactor ?? 19;
	// The rows each run stored, so that the next run of the meeting writes only what changed.
	const cache = createProjectionCache();
	const project = options.project ?? ((meetingId: string) => projectMeeting(options.sql, meetingId, { cache, boardOf: options.boardOf }));
	const pending = new Map<string, { timer: ReturnType<typeof setTimeout>; firstAt: number; lastAt: number }>();
	const running = new Set<Promise<void>>();
	/** Each meeting's run in progress (the next one waits for it). */
	const runningFor = new Map<string, Promise<void>>();
	/** Meetings whose last run took long: not run again before this time (ms, Date.now). */
	const heldUntil = new Map<string, number>();
	let closed = false;

	function run(meetingId: string): void {
		const entry = pending.get(meetingId);
		if (entry) clearTimeout(entry.timer);
		pending.delete(meetingId);
		const started = Date.now();
		const done: Promise<void> = project(meetingId)
			.then(() => undefined)
			.catch((error) => options.log.error(`Projecting the theme input of meeting ${meetingId} failed`, error))
			.finally(() => {
				running.delete(done);
				if (runningFor.get(meetingId) === done) runningFor.delete(meetingId);
				const ended = Date.now();
				// Holds that have run out (of meetings that stayed quiet since) are dropped here.
				for (const [id, until] of heldUntil) if (until <= ended) heldUntil.delete(id);
				const hold = Math.min((ended - started) * costFactor, MAX_HOLD_MS);
				if (hold > delayMs) {
					heldUntil.set(meetingId, ended + hold);
					options.log.info(`Projecting the theme input of meeting ${meetingId} took ${ended - started} ms: its next run waits at least ${(hold / 1000).toFixed(1)} s`);
				} else heldUntil.delete(meetingId);
				// Changes that came during the run: their timer may have fired while it went on.
				if (pending.has(meetingId)) due(meetingId);
			});
		running.add(done);
		runningFor.set(meetingId, done);
	}

	function timer(meetingId: string, wait: number): ReturnType<typeof setTimeout> {
		const timer = setTimeout(() => due(meetingId), wait);
		timer.unref?.();
		return timer;
	}

	/**
	 * A meeting's timer fired (or its run ended): project it now, or wait for what is left after later
	 * changes, for the hold of a long last run, or for the run in progress (which calls this again).
	 */
	function due(meetingId: string): void {
		const entry = pending.get(meetingId);
		if (!entry) return;
		clearTimeout(entry.timer);
		if (runningFor.has(meetingId)) return;
		const at = Math.max(Math.min(entry.lastAt + delayMs, entry.firstAt + maxDelayMs), heldUntil.get(meetingId) ?? 0);
		const wait = at - Date.now();
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
		forget(meetingId) {
			if (meetingId === null) {
				cache.clear();
				for (const done of running) void done.finally(() => cache.clear());
				return;
			}
			cache.delete(meetingId);
			// A run in progress stores its rows in the cache when it ends.
			void runningFor.get(meetingId)?.finally(() => cache.delete(meetingId));
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
