import { CATEGORIES_PER_PROCESS_MAX, type Category, type CategoryInput, type CategoryPatch } from '../../category';
import type { ProcessRole } from '../../process';
import { projectMeeting } from '../theme-input/project';
import type { Sql } from './sql';
import { isUuid } from './uuid';

// A process's shared categories and the tags on its meetings' groups. Any moderator of the
// process reads them and tags groups; only an owner of the process defines the list.

const columns = (sql: Sql) => sql`c.id, c.process_id, c.name, c.description, c.position`;

export type CategoryChangeResult =
	| { ok: true; category: Category }
	| { ok: false; code: 'NOT_FOUND' | 'NOT_OWNER' | 'NAME_TAKEN' | 'TOO_MANY_CATEGORIES' };
export type CategoryDeleteResult = { ok: true } | { ok: false; code: 'NOT_FOUND' | 'NOT_OWNER' };
export type TagResult =
	| { ok: true; categories: Category[] }
	| { ok: false; code: 'NOT_FOUND' | 'NO_SUCH_GROUP' | 'UNKNOWN_CATEGORY' };

async function roleIn(sql: Sql, moderatorId: string, processId: string): Promise<ProcessRole | null> {
	if (!isUuid(processId)) return null;
	const [row] = await sql<{ role: ProcessRole }[]>`
		select role from process_moderators where process_id = ${processId} and moderator_id = ${moderatorId}`;
	return row?.role ?? null;
}

const isNameTaken = (error: unknown) => (error as { constraint_name?: string })?.constraint_name === 'process_categories_name_key';

// The database's lower() may not fold Å, Ä, Ö (its locale can be C): names are compared here, in a
// transaction that holds the process's row, and the unique index stays as the last guard.
const sameName = (a: string, b: string) => a.toLocaleLowerCase('sv') === b.toLocaleLowerCase('sv');

async function nameTaken(tx: Sql, processId: string, name: string, except: string | null = null): Promise<boolean> {
	const rows = await tx<{ id: string; name: string }[]>`select id, name from process_categories where process_id = ${processId}`;
	return rows.some((row) => row.id !== except && sameName(row.name, name));
}

/** A process's categories in the owner's order; null when the moderator may not see the process. */
export async function listCategories(sql: Sql, moderatorId: string, processId: string): Promise<Category[] | null> {
	if (!(await roleIn(sql, moderatorId, processId))) return null;
	return processCategories(sql, processId);
}

/** A process's categories in order. No authorisation: for exports whose callers checked the process. */
export async function processCategories(sql: Sql, processId: string): Promise<Category[]> {
	if (!isUuid(processId)) return [];
	return sql<Category[]>`select ${columns(sql)} from process_categories c where c.process_id = ${processId} order by c.position, lower(c.name)`;
}

/** An owner adds a category at the end of the process's list (at most CATEGORIES_PER_PROCESS_MAX). */
export async function createCategory(sql: Sql, moderatorId: string, processId: string, input: CategoryInput): Promise<CategoryChangeResult> {
	const role = await roleIn(sql, moderatorId, processId);
	if (!role) return { ok: false, code: 'NOT_FOUND' };
	if (role !== 'owner') return { ok: false, code: 'NOT_OWNER' };
	try {
		return (await sql.begin(async (tx) => {
			// One change of the list at a time, so that the limit and the positions hold.
			await tx`select 1 from processes where id = ${processId} for update`;
			const [{ n, last }] = await tx<{ n: number; last: number }[]>`
				select count(*)::int as n, coalesce(max(position), 0)::int as last from process_categories where process_id = ${processId}`;
			if (n >= CATEGORIES_PER_PROCESS_MAX) return { ok: false as const, code: 'TOO_MANY_CATEGORIES' as const };
			if (await nameTaken(tx as unknown as Sql, processId, input.name)) return { ok: false as const, code: 'NAME_TAKEN' as const };
			const [category] = await tx<Category[]>`
				insert into process_categories as c (process_id, name, description, position)
				values (${processId}, ${input.name}, ${input.description}, ${last + 1})
				returning ${columns(tx as unknown as Sql)}`;
			return { ok: true as const, category };
		})) as CategoryChangeResult;
	} catch (error) {
		if (isNameTaken(error)) return { ok: false, code: 'NAME_TAKEN' };
		throw error;
	}
}

/** An owner renames a category or changes its description (the tags stay). */
export async function updateCategory(
	sql: Sql,
	moderatorId: string,
	processId: string,
	categoryId: string,
	patch: CategoryPatch
): Promise<CategoryChangeResult> {
	const role = await roleIn(sql, moderatorId, processId);
	if (!role || !isUuid(categoryId)) return { ok: false, code: 'NOT_FOUND' };
	if (role !== 'owner') return { ok: false, code: 'NOT_OWNER' };
	try {
		return (await sql.begin(async (raw) => {
			const tx = raw as unknown as Sql;
			await tx`select 1 from processes where id = ${processId} for update`;
			if (patch.name !== undefined && (await nameTaken(tx, processId, patch.name, categoryId))) return { ok: false as const, code: 'NAME_TAKEN' as const };
			const [category] = await tx<Category[]>`
				update process_categories c
				set name = coalesce(${patch.name ?? null}, c.name), description = coalesce(${patch.description ?? null}, c.description)
				where c.id = ${categoryId} and c.process_id = ${processId}
				returning ${columns(tx)}`;
			return category ? { ok: true as const, category } : { ok: false as const, code: 'NOT_FOUND' as const };
		})) as CategoryChangeResult;
	} catch (error) {
		if (isNameTaken(error)) return { ok: false, code: 'NAME_TAKEN' };
		throw error;
	}
}

/** An owner removes a category; its tags go with it. */
export async function deleteCategory(sql: Sql, moderatorId: string, processId: string, categoryId: string): Promise<CategoryDeleteResult> {
	const role = await roleIn(sql, moderatorId, processId);
	if (!role || !isUuid(categoryId)) return { ok: false, code: 'NOT_FOUND' };
	if (role !== 'owner') return { ok: false, code: 'NOT_OWNER' };
	const deleted = await sql`delete from process_categories where id = ${categoryId} and process_id = ${processId}`;
	return deleted.count ? { ok: true } : { ok: false, code: 'NOT_FOUND' };
}

/** Each group's categories in a meeting: cluster id → categories in the list's order. No authorisation. */
export async function clusterCategories(sql: Sql, meetingId: string): Promise<Map<string, Category[]>> {
	const map = new Map<string, Category[]>();
	if (!isUuid(meetingId)) return map;
	const rows = await sql<(Category & { clusterId: string })[]>`
		select cc.cluster_id, ${columns(sql)}
		from cluster_categories cc join process_categories c on c.id = cc.category_id
		where cc.meeting_id = ${meetingId}
		order by c.position, lower(c.name)`;
	for (const { clusterId, ...category } of rows) map.set(clusterId, [...(map.get(clusterId) ?? []), category]);
	return map;
}

/**
 * A moderator of the meeting's process tags one of its groups with categories of that process,
 * replacing its earlier tags (in any phase, also after the meeting closed: the strategy team
 * tags afterwards). The group must be on the meeting's board (its projection, brought up to date
 * first). Every change is in the meeting's audit log.
 */
export async function setClusterCategories(
	sql: Sql,
	moderatorId: string,
	meetingId: string,
	clusterId: string,
	categoryIds: string[]
): Promise<TagResult> {
	if (!isUuid(meetingId)) return { ok: false, code: 'NOT_FOUND' };
	const [meeting] = await sql<{ processId: string }[]>`
		select m.process_id from meetings m
		join process_moderators pm on pm.process_id = m.process_id and pm.moderator_id = ${moderatorId}
		where m.id = ${meetingId}`;
	if (!meeting) return { ok: false, code: 'NOT_FOUND' };
	await projectMeeting(sql, meetingId);
	return (await sql.begin(async (tx) => {
		const [group] = await tx`select 1 from theme_clusters where meeting_id = ${meetingId} and cluster_id = ${clusterId}`;
		if (!group) return { ok: false as const, code: 'NO_SUCH_GROUP' as const };
		const known = categoryIds.length
			? await tx<{ id: string }[]>`select id from process_categories where process_id = ${meeting.processId} and id in ${tx(categoryIds)}`
			: [];
		if (known.length !== categoryIds.length) return { ok: false as const, code: 'UNKNOWN_CATEGORY' as const };
		const previous = await tx<{ categoryId: string }[]>`
			select category_id from cluster_categories where meeting_id = ${meetingId} and cluster_id = ${clusterId} order by category_id`;
		await tx`delete from cluster_categories where meeting_id = ${meetingId} and cluster_id = ${clusterId}`;
		if (categoryIds.length) {
			await tx`insert into cluster_categories ${tx(categoryIds.map((categoryId) => ({ meetingId, clusterId, categoryId, taggedBy: moderatorId })))}`;
		}
		const details = { clusterId, categoryIds: [...categoryIds].sort(), previous: previous.map((p) => p.categoryId) };
		await tx`
			insert into audit_log (meeting_id, moderator_id, action, details)
			values (${meetingId}, ${moderatorId}, 'group_categories_set', ${tx.json(details as never)})`;
		const categories = await tx<Category[]>`
			select ${columns(tx as unknown as Sql)} from cluster_categories cc join process_categories c on c.id = cc.category_id
			where cc.meeting_id = ${meetingId} and cc.cluster_id = ${clusterId} order by c.position, lower(c.name)`;
		return { ok: true as const, categories };
	})) as TagResult;
}

/** A group of a meeting as the tagging page lists it, with its tags. */
export interface TaggableGroup {
	clusterId: string;
	title: string;
	rank: number | null;
	ideas: number;
	categoryIds: string[];
}

/**
 * The groups a moderator may tag in a meeting (its projection, brought up to date first: the
 * same groups setClusterCategories accepts), ranked ones in rank order, then the board's order.
 * No authorisation: the caller checked the meeting.
 */
export async function taggableGroups(sql: Sql, meetingId: string): Promise<TaggableGroup[]> {
	if (!isUuid(meetingId)) return [];
	await projectMeeting(sql, meetingId);
	const rows = await sql<{ clusterId: string; title: string; rank: number | null; ideas: number }[]>`
		select c.cluster_id, c.title, c.rank_position as rank,
			(select count(*)::int from theme_ideas i where i.meeting_id = c.meeting_id and i.cluster_id = c.cluster_id and i.merged_into is null) as ideas
		from theme_clusters c
		where c.meeting_id = ${meetingId}
		order by c.rank_position nulls last, c.board_order`;
	const tags = await clusterCategories(sql, meetingId);
	return rows.map((row) => ({ ...row, categoryIds: (tags.get(row.clusterId) ?? []).map((c) => c.id) }));
}
