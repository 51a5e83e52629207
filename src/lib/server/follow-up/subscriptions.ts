import { z } from 'zod';
import type { Sql } from '../db/sql';

/** An address to notify: what a person types, checked and trimmed. */
export const notifyEmailSchema = z.string().trim().max(320).pipe(z.email());

export type SubscribeResult = { ok: true } | { ok: false; code: 'INVALID_EMAIL' | 'PURGED' };

/**
 * Keeps an address to tell about the meeting's publications. Stored apart from the participant
 * and the ideas (no link to who wrote what); the same address twice is one subscription.
 */
export async function subscribe(sql: Sql, meetingId: string, email: unknown): Promise<SubscribeResult> {
	const parsed = notifyEmailSchema.safeParse(email);
	if (!parsed.success) return { ok: false, code: 'INVALID_EMAIL' };
	const inserted = await sql`
		insert into follow_up_subscriptions (meeting_id, email)
		select id, ${parsed.data} from meetings where id = ${meetingId} and purged_at is null
		on conflict do nothing`;
	if (!inserted.count) {
		const [purged] = await sql`select 1 from meetings where id = ${meetingId} and purged_at is not null`;
		if (purged) return { ok: false, code: 'PURGED' };
	}
	return { ok: true };
}
