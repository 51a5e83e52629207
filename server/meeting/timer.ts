import type { Queries, Sql } from '../../src/lib/server/db/sql';
import type { Logger } from '../../src/lib/server/log';
import { systemClock, type Clock, type Scheduled } from '../../src/lib/engine/clock';

// The phase timer lives in PostgreSQL (timer_ends_at while running, timer_remaining_ms while
// paused), so every client shows the same time by the server clock and it survives a restart.
// Each process schedules the expiries it knows of; the expiry itself is one conditional UPDATE
// (expireTimerIn), in the same transaction as the auto-advance when there is one, so when several
// processes (or a restart) race, it happens once, advance included. (PostgreSQL keeps microseconds,
// JavaScript milliseconds: comparisons truncate to milliseconds.)

export async function startTimer(sql: Sql, meetingId: string, seconds: number, autoAdvance: boolean) {
	await sql`
		update meetings set timer_ends_at = now() + ${seconds} * interval '1 second',
			timer_remaining_ms = null, timer_auto_advance = ${autoAdvance}
		where id = ${meetingId}`;
}

export async function pauseTimer(sql: Sql, meetingId: string): Promise<boolean> {
	const rows = await sql`
		update meetings set timer_remaining_ms = greatest(0, (extract(epoch from timer_ends_at - now()) * 1000)::int),
			timer_ends_at = null
		where id = ${meetingId} and timer_ends_at is not null
		returning id`;
	return rows.length > 0;
}

export async function resumeTimer(sql: Sql, meetingId: string): Promise<boolean> {
	const rows = await sql`
		update meetings set timer_ends_at = now() + timer_remaining_ms * interval '1 millisecond', timer_remaining_ms = null
		where id = ${meetingId} and timer_remaining_ms > 0
		returning id`;
	return rows.length > 0;
}

/** Adds time: to a running or paused timer, and after it ran out by starting it again. */
export async function extendTimer(sql: Sql, meetingId: string, seconds: number) {
	await sql`
		update meetings set
			timer_ends_at = case
				when timer_ends_at is not null then timer_ends_at + ${seconds} * interval '1 second'
				when coalesce(timer_remaining_ms, 0) = 0 then now() + ${seconds} * interval '1 second'
				else null end,
			timer_remaining_ms = case when timer_remaining_ms > 0 then timer_remaining_ms + ${seconds * 1000} else null end
		where id = ${meetingId}`;
}

/**
 * Expires a running timer that ends at `endsAt` (to the millisecond), inside `within` (a
 * transaction, when its auto-advance is to commit with it). Returns whether it auto-advances, or
 * null when it was not running to `endsAt` any more (expired elsewhere, changed): nothing written.
 */
export async function expireTimerIn(within: Queries, meetingId: string, endsAt: Date): Promise<{ autoAdvance: boolean } | null> {
	const [row] = await within<{ timerAutoAdvance: boolean }[]>`
		update meetings set timer_ends_at = null, timer_remaining_ms = 0
		where id = ${meetingId} and date_trunc('milliseconds', timer_ends_at) = ${endsAt}
		returning timer_auto_advance`;
	return row ? { autoAdvance: row.timerAutoAdvance } : null;
}

export async function stopTimer(sql: Sql, meetingId: string) {
	await sql`update meetings set timer_ends_at = null, timer_remaining_ms = null where id = ${meetingId}`;
}

/**
 * Calls `onExpire(meetingId, endsAt)` for each meeting whose running timer reaches zero; it
 * expires the timer (expireTimerIn, conditional on `endsAt`) and does what follows, and is called
 * again two seconds later when it throws. `refresh(meetingId)` after
 * every timer change; `start()` once at startup picks up timers that ran while the server was down.
 */
export class TimerScheduler {
	#timers = new Map<string, Scheduled>();
	#sql: Sql;
	#log: Logger;
	#onExpire: (meetingId: string, endsAt: Date) => Promise<void>;
	#sweep: ReturnType<typeof setInterval> | null = null;
	#clock: Clock;

	constructor(sql: Sql, log: Logger, onExpire: (meetingId: string, endsAt: Date) => Promise<void>, clock: Clock = systemClock) {
		this.#sql = sql;
		this.#log = log;
		this.#onExpire = onExpire;
		this.#clock = clock;
	}

	/**
	 * Several instances (docs/FLEET.md): every `everyMs` this instance also looks for timers past
	 * their end and expires those `mayExpire` allows — the meetings it owns, and those nobody owns
	 * any more (their owner died with the timer scheduled in its memory). The expiry is the same
	 * conditional UPDATE, so a timer expires once however many instances see it.
	 */
	sweep(everyMs: number, mayExpire: (meetingId: string) => Promise<boolean>): void {
		let running = false;
		this.#sweep = setInterval(() => {
			if (running) return;
			running = true;
			this.#sweepOnce(mayExpire)
				.catch((error: unknown) => this.#log.error('Looking for timers that ran out failed', error))
				.finally(() => (running = false));
		}, everyMs);
		this.#sweep.unref();
	}

	async #sweepOnce(mayExpire: (meetingId: string) => Promise<boolean>): Promise<void> {
		const overdue = await this.#sql<{ id: string; timerEndsAt: Date }[]>`
			select id, date_trunc('milliseconds', timer_ends_at) as timer_ends_at from meetings
			where timer_ends_at <= now() - interval '250 milliseconds'`;
		for (const m of overdue) {
			if (!(await mayExpire(m.id))) continue;
			this.#clear(m.id);
			await this.#expire(m.id, m.timerEndsAt);
		}
	}

	async start(): Promise<void> {
		const running = await this.#sql<{ id: string; timerEndsAt: Date }[]>`
			select id, date_trunc('milliseconds', timer_ends_at) as timer_ends_at from meetings where timer_ends_at is not null`;
		for (const m of running) this.#schedule(m.id, m.timerEndsAt);
	}

	async refresh(meetingId: string): Promise<void> {
		const [m] = await this.#sql<{ timerEndsAt: Date | null }[]>`
			select date_trunc('milliseconds', timer_ends_at) as timer_ends_at from meetings where id = ${meetingId}`;
		this.#clear(meetingId);
		if (m?.timerEndsAt) this.#schedule(meetingId, m.timerEndsAt);
	}

	#schedule(meetingId: string, endsAt: Date): void {
		this.#clear(meetingId);
		// setTimeout's limit is about 24.8 days; timers are hours at most.
		const delay = Math.max(0, Math.min(endsAt.getTime() - this.#clock.now(), 2 ** 31 - 1));
		this.#timers.set(meetingId, this.#clock.schedule(() => void this.#expire(meetingId, endsAt), delay));
	}

	async #expire(meetingId: string, endsAt: Date): Promise<void> {
		this.#timers.delete(meetingId);
		try {
			await this.#onExpire(meetingId, endsAt);
		} catch (error) {
			this.#log.error(`Ending the timer of meeting ${meetingId} failed; trying again`, error);
			this.#timers.set(meetingId, this.#clock.schedule(() => void this.#expire(meetingId, endsAt), 2000));
		}
	}

	#clear(meetingId: string): void {
		this.#timers.get(meetingId)?.cancel();
		this.#timers.delete(meetingId);
	}

	stop(): void {
		if (this.#sweep) clearInterval(this.#sweep);
		for (const timer of this.#timers.values()) timer.cancel();
		this.#timers.clear();
	}
}
