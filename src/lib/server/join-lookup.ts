import { isJoinCode, normaliseJoinCode } from '../join-code';
import { checkJoinAttempts, recordWrongJoinCode, type JoinAttemptSource } from './db/join-attempts';
import { findMeetingByJoinCode, type JoinableMeeting } from './db/join';
import type { Sql } from './db/sql';

export type JoinLookup =
	| { ok: true; code: string; meeting: JoinableMeeting }
	| { ok: false; reason: 'empty' | 'format' | 'not_found' }
	| { ok: false; reason: 'throttled'; retryAfterSeconds: number };

/**
 * What a typed or scanned code leads to. A well-formed code that matches no meeting counts as a
 * wrong guess; while a source is over its limit no code is looked up at all, so that guessing
 * cannot go on by watching which answer changes.
 */
export async function lookUpJoinCode(sql: Sql, source: JoinAttemptSource, input: string): Promise<JoinLookup> {
	const code = normaliseJoinCode(input);
	if (!code) return { ok: false, reason: 'empty' };
	if (!isJoinCode(code)) return { ok: false, reason: 'format' };
	const allowed = await checkJoinAttempts(sql, source);
	if (!allowed.ok) return { ok: false, reason: 'throttled', retryAfterSeconds: allowed.retryAfterSeconds };
	const meeting = await findMeetingByJoinCode(sql, code);
	if (!meeting) {
		await recordWrongJoinCode(sql, source);
		return { ok: false, reason: 'not_found' };
	}
	return { ok: true, code, meeting };
}
