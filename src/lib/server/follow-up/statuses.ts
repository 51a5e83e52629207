import type { PriorityStatusInput } from '../../follow-up/status';
import type { Sql } from '../db/sql';
import { isUuid } from '../db/uuid';

// The process owner's follow-up of a closed meeting: a status per priority, and publishing them.
// Any moderator of the meeting's process may do it (they are the process's owners in the
// domain's sense); every change is in the meeting's audit log.

export type SetStatusResult = { ok: true } | { ok: false; code: 'NOT_FOUND' | 'NOT_CLOSED' | 'NOT_A_PRIORITY' };
export type PublishResult =
	| { ok: true; publicationId: string; recipients: number }
	| { ok: false; code: 'NOT_FOUND' | 'NOT_CLOSED' | 'NO_STATUSES' };

type Tx = Sql;

/** The meeting locked for a follow-up change, when the moderator may make it. */
async function lockMeeting(tx: Tx, moderatorId: string, meetingId: string): Promise<{ phase: string } | null> {
	if (!isUuid(meetingId)) return null;
	const [row] = await tx<{ phase: string }[]>`
		select m.phase from meetings m
		join process_moderators pm on pm.process_id = m.process_id and pm.moderator_id = ${moderatorId}
		where m.id = ${meetingId}
		for update of m`;
	return row ?? null;
}

/**
 * Sets (or changes) the status of one priority of a closed meeting. A priority is a cluster on
 * the meeting's ranked list. The audit entry keeps the previous status, reason and link.
 */
export async function setPriorityStatus(
	sql: Sql,
	moderatorId: string,
	meetingId: string,
	clusterId: string,
	input: PriorityStatusInput
): Promise<SetStatusResult> {
	return (await sql.begin(async (raw) => {
		const tx = raw as unknown as Tx;
		const meeting = await lockMeeting(tx, moderatorId, meetingId);
		if (!meeting) return { ok: false, code: 'NOT_FOUND' } as const;
		if (meeting.phase !== 'closed') return { ok: false, code: 'NOT_CLOSED' } as const;
		const [priority] = await tx`select 1 from priorities where meeting_id = ${meetingId} and cluster_id = ${clusterId}`;
		if (!priority) return { ok: false, code: 'NOT_A_PRIORITY' } as const;
		const [previous] = await tx<{ status: string; reason: string; link: string }[]>`
			select status, reason, link from priority_statuses where meeting_id = ${meetingId} and cluster_id = ${clusterId}`;
		await tx`
			insert into priority_statuses (meeting_id, cluster_id, status, reason, link, updated_by)
			values (${meetingId}, ${clusterId}, ${input.status}, ${input.reason}, ${input.link}, ${moderatorId})
			on conflict (meeting_id, cluster_id) do update
			set status = excluded.status, reason = excluded.reason, link = excluded.link,
			    updated_at = now(), updated_by = excluded.updated_by`;
		const details = { clusterId, status: input.status, reason: input.reason, link: input.link, previous: previous ?? null };
		await tx`
			insert into audit_log (meeting_id, moderator_id, action, details)
			values (${meetingId}, ${moderatorId}, 'priority_status_set', ${tx.json(details as never)})`;
		return { ok: true } as const;
	})) as SetStatusResult;
}

/**
 * Publishes the statuses of a closed meeting: the public follow-up page shows them from now on,
 * and one mail per address given for the meeting is queued for this publication (the outbox's
 * key makes it exactly one). At least one priority must have a status.
 */
export async function publishFollowUp(
	sql: Sql,
	moderatorId: string,
	meetingId: string,
	mail: { subject: string; body: string }
): Promise<PublishResult> {
	return (await sql.begin(async (raw) => {
		const tx = raw as unknown as Tx;
		const meeting = await lockMeeting(tx, moderatorId, meetingId);
		if (!meeting) return { ok: false, code: 'NOT_FOUND' } as const;
		if (meeting.phase !== 'closed') return { ok: false, code: 'NOT_CLOSED' } as const;
		const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from priority_statuses where meeting_id = ${meetingId}`;
		if (n === 0) return { ok: false, code: 'NO_STATUSES' } as const;
		const [publication] = await tx<{ id: string }[]>`
			insert into follow_up_publications (meeting_id, published_by) values (${meetingId}, ${moderatorId}) returning id::text`;
		const queued = await tx`
			insert into mail_outbox (publication_id, subscription_id, recipient, subject, body)
			select ${publication.id}::bigint, id, email, ${mail.subject}, ${mail.body}
			from follow_up_subscriptions where meeting_id = ${meetingId}
			on conflict do nothing`;
		const recipients = queued.count;
		await tx`
			insert into audit_log (meeting_id, moderator_id, action, details)
			values (${meetingId}, ${moderatorId}, 'follow_up_published', ${tx.json({ publicationId: publication.id, statuses: n, recipients } as never)})`;
		return { ok: true, publicationId: publication.id, recipients } as const;
	})) as PublishResult;
}
