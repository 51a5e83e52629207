import type { Sql } from '../db/sql';

/** How many addresses are waiting to be told about the meeting's publications. */
export async function subscriberCount(sql: Sql, meetingId: string): Promise<number> {
	const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from follow_up_subscriptions where meeting_id = ${meetingId}`;
	return n;
}

export interface FollowUpChange {
	id: string;
	action: 'priority_status_set' | 'follow_up_published';
	at: string;
	moderatorName: string | null;
	clusterId: string | null;
	status: string | null;
	recipients: number | null;
}

/** The follow-up changes of a meeting from its audit log, newest first. */
export async function followUpHistory(sql: Sql, meetingId: string): Promise<FollowUpChange[]> {
	const rows = await sql<{ id: string; action: FollowUpChange['action']; createdAt: Date; moderatorName: string | null; details: Record<string, unknown> }[]>`
		select a.id::text, a.action, a.created_at, mo.name as moderator_name, a.details
		from audit_log a left join moderators mo on mo.id = a.moderator_id
		where a.meeting_id = ${meetingId} and a.action in ('priority_status_set', 'follow_up_published')
		order by a.id desc limit 200`;
	return rows.map((r) => ({
		id: r.id,
		action: r.action,
		at: r.createdAt.toISOString(),
		moderatorName: r.moderatorName,
		clusterId: typeof r.details.clusterId === 'string' ? r.details.clusterId : null,
		status: typeof r.details.status === 'string' ? r.details.status : null,
		recipients: typeof r.details.recipients === 'number' ? r.details.recipients : null
	}));
}
