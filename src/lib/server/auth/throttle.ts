/** Consecutive failed sign-ins an account may have before it is locked. */
export const FREE_ATTEMPTS = 5;
/** The first lock lasts this long; each further failure doubles it … */
export const FIRST_LOCK_SECONDS = 30;
/** … up to this. */
export const MAX_LOCK_SECONDS = 15 * 60;

/**
 * How long an account stays locked after its `failures`-th consecutive failure:
 * nothing before the FREE_ATTEMPTS-th, then 30 s, 60 s, 120 s … capped at 15 minutes.
 */
export function lockSeconds(failures: number): number {
	if (failures < FREE_ATTEMPTS) return 0;
	const doublings = failures - FREE_ATTEMPTS;
	// 2^6 × 30 s already exceeds the cap; larger exponents only risk overflow.
	return Math.min(MAX_LOCK_SECONDS, FIRST_LOCK_SECONDS * 2 ** Math.min(doublings, 16));
}

/**
 * lockSeconds(1), lockSeconds(2), … up to the first capped value: the table the database reads
 * (index = failures, past the end = the cap), so SQL and TypeScript share one definition.
 */
export function lockSchedule(): number[] {
	const schedule: number[] = [];
	for (let failures = 1; ; failures++) {
		schedule.push(lockSeconds(failures));
		if (lockSeconds(failures) >= MAX_LOCK_SECONDS) return schedule;
	}
}
