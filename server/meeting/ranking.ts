import type { MeetingNamespace, MeetingSocket } from './socket';
import type { Priority, VoteTallies } from '../../src/lib/protocol/commands';
import type * as Y from 'yjs';
import { listClusters, listNotes } from '../../src/lib/board/board';
import type { Queries, Sql } from '../../src/lib/server/db/sql';
import type { Principal } from '../board/access';
import { socketRooms } from './private-notes';
import { voteTallies } from './votes';

/**
 * Each group's support, the one vote measure of Samla (PROTOCOL.md): votes on the group itself
 * plus votes on the ideas in it. The automatic order, the rank list and every report use it.
 */
export function clusterSupport(doc: Y.Doc, tallies: VoteTallies): Map<string, number> {
	const support = new Map(listClusters(doc).map((c) => [c.id, tallies.clusters[c.id] ?? 0]));
	for (const note of listNotes(doc)) {
		if (note.clusterId && support.has(note.clusterId)) support.set(note.clusterId, support.get(note.clusterId)! + (tallies.notes[note.id] ?? 0));
	}
	return support;
}

/**
 * Entering the rank phase: every cluster not yet on the priority list joins it, ordered by support
 * (most first), after those already placed. Existing positions, rationales and top marks stay.
 * Runs inside the phase change's transaction.
 */
export async function preparePriorities(tx: Queries, meetingId: string, doc: Y.Doc): Promise<void> {
	const support = clusterSupport(doc, await voteTallies(tx, meetingId));
	const clusters = listClusters(doc)
		.map((c) => ({ id: c.id, votes: support.get(c.id) ?? 0, order: c.order }))
		.sort((a, b) => b.votes - a.votes || a.order - b.order);
	const existing = new Set(
		(await tx<{ clusterId: string }[]>`select cluster_id from priorities where meeting_id = ${meetingId}`).map((r) => r.clusterId)
	);
	const [{ max }] = await tx<{ max: number }[]>`select coalesce(max(position), 0)::int as max from priorities where meeting_id = ${meetingId}`;
	let position = max;
	for (const c of clusters) {
		if (existing.has(c.id)) continue;
		await tx`insert into priorities (meeting_id, cluster_id, position) values (${meetingId}, ${c.id}, ${++position})`;
	}
}

/** The priority list with each group's support (`votes`). */
export async function listPriorities(sql: Sql, meetingId: string, doc: Y.Doc): Promise<Priority[]> {
	const support = clusterSupport(doc, await voteTallies(sql, meetingId));
	const rows = await sql<Omit<Priority, 'votes'>[]>`
		select cluster_id, position, rationale, is_top from priorities where meeting_id = ${meetingId} order by position`;
	return rows.map((r) => ({ ...r, votes: support.get(r.clusterId) ?? 0 }));
}

/** Sets the order; `clusterIds` must name exactly the clusters on the list. */
export async function orderPriorities(sql: Sql, meetingId: string, clusterIds: string[]): Promise<boolean> {
	return sql.begin(async (tx) => {
		const current = (await tx<{ clusterId: string }[]>`
			select cluster_id from priorities where meeting_id = ${meetingId} for update`).map((r) => r.clusterId);
		if (current.length !== clusterIds.length || new Set(clusterIds).size !== clusterIds.length || !clusterIds.every((id) => current.includes(id))) {
			return false;
		}
		for (const [i, id] of clusterIds.entries()) {
			await tx`update priorities set position = ${i + 1} where meeting_id = ${meetingId} and cluster_id = ${id}`;
		}
		return true;
	}) as Promise<boolean>;
}

export async function updatePriority(sql: Sql, meetingId: string, clusterId: string, change: { rationale?: string; isTop?: boolean }): Promise<boolean> {
	const rows = await sql`
		update priorities set
			rationale = coalesce(${change.rationale?.trim() ?? null}, rationale),
			is_top = coalesce(${change.isTop ?? null}, is_top)
		where meeting_id = ${meetingId} and cluster_id = ${clusterId}
		returning cluster_id`;
	return rows.length > 0;
}

/** The list as someone may see it who may not know the votes yet (participants, the projector). */
function withoutVotes(priorities: Priority[]): Priority[] {
	return priorities.map((p) => ({ ...p, votes: null }));
}

/**
 * Sends the priority list to everyone in the meeting. Until the votes are revealed only the
 * moderators receive the vote counts (issue 9, defect 7): entering `rank` must not reveal them.
 */
export async function broadcastPriorities(namespace: MeetingNamespace, sql: Sql, meetingId: string, doc: Y.Doc, votesRevealed: boolean): Promise<void> {
	const priorities = await listPriorities(sql, meetingId, doc);
	if (votesRevealed) {
		namespace.to(socketRooms.meeting(meetingId)).emit('rank:priorities', priorities);
		return;
	}
	namespace.to(socketRooms.moderators(meetingId)).emit('rank:priorities', priorities);
	namespace.to(socketRooms.meeting(meetingId)).except(socketRooms.moderators(meetingId)).emit('rank:priorities', withoutVotes(priorities));
}

/** The priority list for one newly connected client, with the votes only if it may know them. */
export async function sendPriorities(socket: MeetingSocket, sql: Sql, meetingId: string, doc: Y.Doc, principal: Principal, votesRevealed: boolean): Promise<void> {
	const priorities = await listPriorities(sql, meetingId, doc);
	socket.emit('rank:priorities', votesRevealed || principal.role === 'moderator' ? priorities : withoutVotes(priorities));
}
