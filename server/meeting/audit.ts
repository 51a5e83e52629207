import type { Queries } from '../../src/lib/server/db/sql';

/**
 * Appends one entry to a meeting's audit log. `moderatorId` is null for what happened without a
 * moderator (the timer, or a participant grouping; then `details` says which participant).
 */
export async function audit(
	context: { sql: Queries; meetingId: string },
	moderatorId: string | null,
	action: string,
	details: Record<string, unknown>
): Promise<void> {
	await context.sql`
		insert into audit_log (meeting_id, moderator_id, action, details)
		values (${context.meetingId}, ${moderatorId}, ${action}, ${context.sql.json(details as never)})`;
}
