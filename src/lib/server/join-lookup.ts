import { isJoinCode, normaliseJoinCode } from '../join-code';
import { admitJoinAttempt, forgiveJoinAttempt, type JoinAttemptSource } from './db/join-attempts';
import { findMeetingByJoinCode, type JoinableMeeting } from './db/join';
import type { Sql } from './db/sql';

export type JoinLookup =
	| { ok: true; code: string; meeting: JoinableMeeting }
	| { ok: false; reason: 'empty' | 'format' | 'not_found' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * What a typed or scanned code leads to. A well-formed code is counted as a guess before it is
 * looked up (atomically, so parallel guesses cannot slip past the limit) and forgiven if it leads
 * to a meeting; while a source is over its limit no code is looked up at all, so that guessing
 * cannot go on by watching which answer changes.
 */
export async function lookUpJoinCode(sql: Sql, source: JoinAttemptSource, input: string): Promise<JoinLookup> {
	const code = normaliseJoinCode(input);
	if (!code) return { ok: false, reason: 'empty' };
	if (!isJoinCode(code)) return { ok: false, reason: 'format' };
	const admitted = await admitJoinAttempt(sql, source);
	if (!admitted.ok) return { ok: false, reason: 'throttled', retryAfterSeconds: admitted.retryAfterSeconds };
	const meeting = await findMeetingByJoinCode(sql, code);
	if (!meeting) return { ok: false, reason: 'not_found' };
	await forgiveJoinAttempt(sql, admitted.counted);
	return { ok: true, code, meeting };
}
