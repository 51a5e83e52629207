import type { Process, ProcessInput, ProcessModerator, ProcessRole } from '../../process';
import type { Sql } from './sql';
import { isUuid } from './uuid';

// Every query here is scoped to the moderator asking: a process that they are not a moderator of
// (process_moderators) does not exist for them.

const processColumns = (sql: Sql) => sql`
	p.id, p.title, p.description, p.owner_organisation, p.created_at, p.archived_at, pm.role, p.retention_decision,
	(select count(*)::int from meetings m where m.process_id = p.id and m.archived_at is null) as meeting_count,
	(select count(*)::int from meetings m where m.process_id = p.id and m.archived_at is null and m.phase = 'closed') as closed_meeting_count,
	(select count(*)::int from participants pa join meetings m on m.id = pa.meeting_id
		where m.process_id = p.id and m.archived_at is null and pa.removed_at is null) as participant_count`;

/** The processes a moderator may see, newest first; archived ones only when asked for. */
export async function listProcesses(
	sql: Sql,
	moderatorId: string,
	{ includeArchived = false }: { includeArchived?: boolean } = {}
): Promise<Process[]> {
	return sql<Process[]>`
		select ${processColumns(sql)}
		from processes p
		join process_moderators pm on pm.process_id = p.id and pm.moderator_id = ${moderatorId}
		where ${includeArchived ? sql`true` : sql`p.archived_at is null`}
		order by p.archived_at is not null, p.created_at desc, p.title`;
}

/** One page of the processes a moderator may see (newest first), with the total. */
export async function listProcessPage(
	sql: Sql,
	moderatorId: string,
	{ includeArchived = false, limit, offset = 0 }: { includeArchived?: boolean; limit?: number; offset?: number } = {}
): Promise<{ processes: Process[]; total: number }> {
	const processes = await sql<Process[]>`
		select ${processColumns(sql)}
		from processes p
		join process_moderators pm on pm.process_id = p.id and pm.moderator_id = ${moderatorId}
		where ${includeArchived ? sql`true` : sql`p.archived_at is null`}
		order by p.archived_at is not null, p.created_at desc, p.title, p.id
		${limit === undefined ? sql`` : sql`limit ${limit}`} offset ${offset}`;
	const [{ total }] = await sql<{ total: number }[]>`
		select count(*)::int as total from processes p
		join process_moderators pm on pm.process_id = p.id and pm.moderator_id = ${moderatorId}
		where ${includeArchived ? sql`true` : sql`p.archived_at is null`}`;
	return { processes, total };
}

/** One process, or null when it does not exist or the moderator is not one of its moderators. */
export async function getProcess(sql: Sql, moderatorId: string, processId: string): Promise<Process | null> {
	if (!isUuid(processId)) return null;
	const [row] = await sql<Process[]>`
		select ${processColumns(sql)}
		from processes p
		join process_moderators pm on pm.process_id = p.id and pm.moderator_id = ${moderatorId}
		where p.id = ${processId}`;
	return row ?? null;
}

/** Creates a process with the moderator as its owner. */
export async function createProcess(sql: Sql, moderatorId: string, input: ProcessInput): Promise<Process> {
	const id = await sql.begin(async (tx) => {
		const [row] = await tx<{ id: string }[]>`
			insert into processes (title, description, owner_organisation, created_by)
			values (${input.title}, ${input.description}, ${input.ownerOrganisation}, ${moderatorId})
			returning id`;
		await tx`insert into process_moderators (process_id, moderator_id, role) values (${row.id}, ${moderatorId}, 'owner')`;
		return row.id;
	});
	return (await getProcess(sql, moderatorId, id))!;
}

/** Changes a process's title, description and organisation; null when the moderator may not see it. */
export async function updateProcess(
	sql: Sql,
	moderatorId: string,
	processId: string,
	input: ProcessInput
): Promise<Process | null> {
	if (!isUuid(processId)) return null;
	const updated = await sql`
		update processes p
		set title = ${input.title}, description = ${input.description}, owner_organisation = ${input.ownerOrganisation}
		from process_moderators pm
		where p.id = ${processId} and pm.process_id = p.id and pm.moderator_id = ${moderatorId}`;
	return updated.count ? getProcess(sql, moderatorId, processId) : null;
}

export type RetentionResult = { ok: true; process: Process } | { ok: false; code: 'NOT_FOUND' | 'NOT_OWNER' };

/**
 * An owner of a process records the retention (gallring) decision its meetings' personal data is
 * purged under (e.g. "RS 2026/123 § 4"; '' for none yet). Purges and archive packages refer to it.
 */
export async function setRetentionDecision(sql: Sql, moderatorId: string, processId: string, decision: string): Promise<RetentionResult> {
	const process = await getProcess(sql, moderatorId, processId);
	if (!process) return { ok: false, code: 'NOT_FOUND' };
	if (process.role !== 'owner') return { ok: false, code: 'NOT_OWNER' };
	await sql`update processes set retention_decision = ${decision} where id = ${processId}`;
	return { ok: true, process: (await getProcess(sql, moderatorId, processId))! };
}

/** Archives (hides from the list) or restores a process; null when the moderator may not see it. */
export async function setProcessArchived(
	sql: Sql,
	moderatorId: string,
	processId: string,
	archived: boolean
): Promise<Process | null> {
	if (!isUuid(processId)) return null;
	const updated = await sql`
		update processes p
		set archived_at = ${archived ? sql`coalesce(p.archived_at, now())` : null},
			archived_by = ${archived ? sql`coalesce(p.archived_by, ${moderatorId}::uuid)` : null}
		from process_moderators pm
		where p.id = ${processId} and pm.process_id = p.id and pm.moderator_id = ${moderatorId}`;
	return updated.count ? getProcess(sql, moderatorId, processId) : null;
}

/** The moderators of a process, owners first; null when the asking moderator is not one of them. */
export async function listProcessModerators(
	sql: Sql,
	moderatorId: string,
	processId: string
): Promise<ProcessModerator[] | null> {
	if (!(await getProcess(sql, moderatorId, processId))) return null;
	return sql<ProcessModerator[]>`
		select m.id, m.name, m.email, pm.role
		from process_moderators pm join moderators m on m.id = pm.moderator_id
		where pm.process_id = ${processId}
		order by pm.role = 'owner' desc, lower(m.name), lower(m.email)`;
}

export type AddModeratorResult =
	| { ok: true; moderator: ProcessModerator }
	| { ok: false; code: 'NOT_FOUND' | 'NOT_OWNER' | 'UNKNOWN_EMAIL' | 'ALREADY_MODERATOR' };

/** An owner of a process adds an existing moderator account to it, found by e-mail. */
export async function addProcessModerator(
	sql: Sql,
	moderatorId: string,
	processId: string,
	email: string,
	role: ProcessRole = 'moderator'
): Promise<AddModeratorResult> {
	const process = await getProcess(sql, moderatorId, processId);
	if (!process) return { ok: false, code: 'NOT_FOUND' };
	if (process.role !== 'owner') return { ok: false, code: 'NOT_OWNER' };
	const [account] = await sql<{ id: string; name: string; email: string }[]>`
		select id, name, email from moderators where lower(email) = ${email.trim().toLowerCase()}`;
	if (!account) return { ok: false, code: 'UNKNOWN_EMAIL' };
	const inserted = await sql`
		insert into process_moderators (process_id, moderator_id, role)
		values (${processId}, ${account.id}, ${role})
		on conflict do nothing`;
	if (!inserted.count) return { ok: false, code: 'ALREADY_MODERATOR' };
	return { ok: true, moderator: { ...account, role } };
}

export type RemoveModeratorResult = { ok: true } | { ok: false; code: 'NOT_FOUND' | 'NOT_OWNER' | 'IS_OWNER' };

/**
 * An owner of a process removes a moderator from it. Owners cannot be removed this way, so a
 * process always keeps an owner.
 */
export async function removeProcessModerator(
	sql: Sql,
	moderatorId: string,
	processId: string,
	removedModeratorId: string
): Promise<RemoveModeratorResult> {
	const process = await getProcess(sql, moderatorId, processId);
	if (!process) return { ok: false, code: 'NOT_FOUND' };
	if (process.role !== 'owner') return { ok: false, code: 'NOT_OWNER' };
	if (!isUuid(removedModeratorId)) return { ok: false, code: 'NOT_FOUND' };
	const [row] = await sql<{ role: ProcessRole }[]>`
		select role from process_moderators where process_id = ${processId} and moderator_id = ${removedModeratorId}`;
	if (!row) return { ok: false, code: 'NOT_FOUND' };
	if (row.role === 'owner') return { ok: false, code: 'IS_OWNER' };
	await sql`delete from process_moderators where process_id = ${processId} and moderator_id = ${removedModeratorId}`;
	return { ok: true };
}
