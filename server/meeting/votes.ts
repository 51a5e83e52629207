import type { MeetingNamespace, MeetingSocket } from './socket';
import { getNote } from '../../src/lib/board/board';
import { authorizeVote } from '../../src/lib/protocol/authority';
import { voteSchemas, type MyVotes, type VoteCommandName, type VoteTallies } from '../../src/lib/protocol/commands';
import type { Ack, ErrorCode } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/log';
import type { Queries, Sql } from '../../src/lib/server/db/sql';
import { meetingRules, type MeetingRules, type Principal } from '../board/access';
import type { Room } from '../board/room';
import type { RateLimiter } from '../rate-limit';
import { commandRules, failure, onCommands, validationFailure } from './commands';
import { socketRooms } from './private-notes';
import { systemClock, type Clock, type Scheduled } from '../../src/lib/engine/clock';

// Dot voting. Votes are rows in PostgreSQL and PostgreSQL is the only judge of the budget and the
// per-item cap: placing a vote is one statement (samla_place_vote, migration 16) of three
// conditional writes (the vote row, whose unique idempotency key makes a retry count once; the
// participant's `votes_used`, raised only while below the budget; the per-item tally, raised only
// while below its cap). Any of them not happening undoes the whole vote. Concurrent votes over
// several sockets queue on those rows.
//
// A vote costs the voter a bounded amount of work whatever the meeting's size: that one statement,
// which also answers with the voter's votes (sent as `votes:mine`, migration 19), and the ack.
// What everyone else learns — the moderators' "X of Y have voted", everyone's tallies after the
// reveal — is sent coalesced per meeting, at most every VOTE_BROADCAST_MS (VoteBroadcasts), never
// waited for by the ack.

/** The refusals samla_place_vote raises, by SQLSTATE. */
const REFUSALS: Record<string, ErrorCode> = { SV001: 'VOTE_BUDGET', SV002: 'VOTE_ITEM_CAP' };

export interface VoteContext {
	sql: Sql;
	log: Logger;
	meetingId: string;
	principal: Principal;
	room: Room;
	namespace: MeetingNamespace;
	limiter: RateLimiter;
	/** The votes changed: re-project the theme input (debounced). */
	themeInputChanged?(meetingId: string): void;
	/** The votes changed: tell moderators (progress) or everyone (tallies), coalesced. */
	votesChanged(meetingId: string): void;
}

const VOTE_COMMANDS = Object.keys(voteSchemas) as VoteCommandName[];

export function registerVoteCommands(socket: MeetingSocket, context: VoteContext): void {
	onCommands(socket, VOTE_COMMANDS, context, run);
}

async function run(name: VoteCommandName, payload: unknown, context: VoteContext): Promise<Ack> {
	const parsed = voteSchemas[name].safeParse(payload);
	if (!parsed.success) return validationFailure(parsed.error.issues);
	const rules = await commandRules(context.room);
	if (!rules || rules.archived) return failure('NOT_FOUND');
	const decision = authorizeVote({ role: context.principal.role, phase: rules.phase, locked: rules.locked });
	if (!decision.ok) return failure(decision.code);

	const { sql, principal, meetingId } = context;
	let mine: MyVotes['votes'] = [];
	if (name === 'vote:place') {
		const { itemKind, itemId, key } = parsed.data as { itemKind: 'cluster' | 'note'; itemId: string; key: string };
		const exists = itemKind === 'note' ? getNote(context.room.doc, itemId) !== null : context.room.doc.getMap('clusters').has(itemId);
		if (!exists) return failure('NOT_FOUND');
		const voter = await voterId(sql, meetingId, principal, { create: true });
		if (!voter) return failure('FORBIDDEN');
		const placed = await placeVote(sql, meetingId, voter, rules, { itemKind, itemId, key });
		if (!Array.isArray(placed)) return failure(placed.refused);
		mine = placed;
	} else {
		// A moderator who never voted has nothing to take back.
		const voter = await voterId(sql, meetingId, principal, { create: false });
		if (voter) {
			const [row] = await sql<{ votes: MyVotes['votes'] }[]>`select samla_remove_vote(${voter}::uuid, ${(parsed.data as { key: string }).key}::text) as votes`;
			mine = row.votes;
		}
	}
	context.themeInputChanged?.(meetingId);
	context.votesChanged(meetingId);
	// The voter's own votes came with the statement: sent before the acknowledgement, no second query.
	if (principal.role !== 'projector') {
		context.namespace.to(socketRooms.person(meetingId, principal)).emit('votes:mine', { budget: rules.votesPerParticipant, maxPerItem: rules.maxVotesPerItem, votes: mine } satisfies MyVotes);
	}
	return { ok: true };
}

/**
 * Whose votes a principal places: a participant's own; a moderator's, as a participant (DESIGN:
 * "vote — moderator: as a participant") through the participant identity linked to them in this
 * meeting, made on their first vote (migration 18), so that the same budget and cap hold for them.
 * Null: none (a moderator who has not voted and `create` is false, the projector, a removed identity).
 */
export async function voterId(sql: Sql, meetingId: string, principal: Principal, { create }: { create: boolean }): Promise<string | null> {
	if (principal.role === 'participant') return principal.id;
	if (principal.role !== 'moderator') return null;
	if (create) {
		await sql`
			insert into participants (meeting_id, display_name, attendance, moderator_id)
			values (${meetingId}, ${principal.name.slice(0, 60) || '–'}, 'on_site', ${principal.id})
			on conflict (meeting_id, moderator_id) where moderator_id is not null do nothing`;
	}
	const [row] = await sql<{ id: string }[]>`
		select id from participants where meeting_id = ${meetingId} and moderator_id = ${principal.id} and removed_at is null`;
	return row?.id ?? null;
}

/**
 * Places a vote (or finds its retry already placed): the voter's votes afterwards, or the refusal's
 * code when PostgreSQL refused it.
 */
async function placeVote(
	sql: Sql,
	meetingId: string,
	participantId: string,
	rules: MeetingRules,
	vote: { itemKind: 'cluster' | 'note'; itemId: string; key: string }
): Promise<MyVotes['votes'] | { refused: ErrorCode }> {
	try {
		const [row] = await sql<{ votes: MyVotes['votes'] }[]>`
			select samla_place_vote(${meetingId}::uuid, ${participantId}::uuid, ${vote.itemKind}::text, ${vote.itemId}::text,
				${vote.key}::text, ${rules.votesPerParticipant}::integer, ${rules.maxVotesPerItem}::integer) as votes`;
		return row.votes;
	} catch (error) {
		const refusal = REFUSALS[(error as { code?: unknown }).code as string];
		if (refusal) return { refused: refusal };
		throw error;
	}
}

export async function myVotes(sql: Sql, meetingId: string, participantId: string, rules: MeetingRules): Promise<MyVotes> {
	const votes = await sql<{ key: string; itemKind: 'cluster' | 'note'; itemId: string }[]>`
		select idempotency_key as key, item_kind, item_id from votes
		where meeting_id = ${meetingId} and participant_id = ${participantId} order by id`;
	return { budget: rules.votesPerParticipant, maxPerItem: rules.maxVotesPerItem, votes };
}

export async function voteTallies(sql: Queries, meetingId: string): Promise<VoteTallies> {
	const rows = await sql<{ itemKind: 'cluster' | 'note'; itemId: string; n: number }[]>`
		select v.item_kind, v.item_id, count(*)::int as n
		from votes v join participants p on p.id = v.participant_id
		where v.meeting_id = ${meetingId} and p.removed_at is null
		group by v.item_kind, v.item_id`;
	const [voters] = await sql<{ n: number }[]>`
		select count(distinct v.participant_id)::int as n
		from votes v join participants p on p.id = v.participant_id
		where v.meeting_id = ${meetingId} and p.removed_at is null`;
	const tallies: VoteTallies = { clusters: {}, notes: {}, voters: voters.n };
	for (const r of rows) (r.itemKind === 'cluster' ? tallies.clusters : tallies.notes)[r.itemId] = r.n;
	return tallies;
}

async function voteProgress(sql: Sql, meetingId: string): Promise<{ voters: number; participants: number }> {
	const [row] = await sql<{ voters: number; participants: number }[]>`
		select count(*) filter (where votes_used > 0)::int as voters, count(*)::int as participants
		from participants where meeting_id = ${meetingId} and removed_at is null`;
	return row;
}

/** A voter's own votes (a moderator's through their participant identity; none yet: empty); null for the projector. */
async function myVotesOf(sql: Sql, meetingId: string, principal: Principal, rules: MeetingRules): Promise<MyVotes | null> {
	if (principal.role === 'projector') return null;
	const voter = await voterId(sql, meetingId, principal, { create: false });
	return voter ? myVotes(sql, meetingId, voter, rules) : { budget: rules.votesPerParticipant, maxPerItem: rules.maxVotesPerItem, votes: [] };
}

/**
 * Before the reveal only moderators and the projector learn anything beyond their own votes, and
 * only how many have voted of how many may (a count of the whole room, no item and no segment);
 * after it, everyone receives the tallies.
 */
export async function broadcastVoteState(namespace: MeetingNamespace, sql: Sql, meetingId: string, known?: MeetingRules | null): Promise<void> {
	const rules = known ?? (await meetingRules(sql, meetingId));
	if (!rules) return;
	if (rules.votesRevealed) namespace.to(socketRooms.meeting(meetingId)).emit('votes:tallies', await voteTallies(sql, meetingId));
	else namespace.to(socketRooms.voteProgress(meetingId)).emit('votes:progress', await voteProgress(sql, meetingId));
}

/** What a newly connected client may know of the votes. */
export async function sendVoteState(
	socket: MeetingSocket,
	sql: Sql,
	meetingId: string,
	principal: Principal,
	rules: MeetingRules,
	votesChanged: (meetingId: string) => void
): Promise<void> {
	const mine = await myVotesOf(sql, meetingId, principal, rules);
	if (mine) socket.emit('votes:mine', mine);
	if (rules.votesRevealed) socket.emit('votes:tallies', await voteTallies(sql, meetingId));
	else if (principal.role === 'moderator' || principal.role === 'projector') socket.emit('votes:progress', await voteProgress(sql, meetingId));
	// Someone who just joined counts among those who may vote: the moderators' and the room's count follows
	// (coalesced: a room full of people joining at once is one count a tick, not one each).
	else if (principal.role === 'participant') votesChanged(meetingId);
}

interface BroadcastState {
	timer: Scheduled | null;
	running: boolean;
	dirty: boolean;
	lastAt: number;
}

/** How often, at most, a meeting's vote progress or tallies are sent while votes keep coming. */
export const VOTE_BROADCAST_MS = 250;

/**
 * Coalesced vote broadcasts: `changed(meetingId)` after votes changed; the meeting's progress or
 * tallies are then read once and sent once, at once when nothing was sent for VOTE_BROADCAST_MS,
 * else when that time is up — however many votes came in between. One broadcast per meeting runs
 * at a time, so a slower read can never send older figures after newer ones; changes during it
 * are covered by the next.
 */
export class VoteBroadcasts {
	readonly #meetings = new Map<string, BroadcastState>();

	constructor(
		readonly send: (meetingId: string) => Promise<void>,
		readonly log: Logger,
		readonly intervalMs = VOTE_BROADCAST_MS,
		readonly clock: Clock = systemClock
	) {}

	changed(meetingId: string): void {
		let state = this.#meetings.get(meetingId);
		if (!state) this.#meetings.set(meetingId, (state = { timer: null, running: false, dirty: false, lastAt: 0 }));
		state.dirty = true;
		if (!state.timer && !state.running) this.#schedule(meetingId, state);
	}

	#schedule(meetingId: string, state: BroadcastState): void {
		const wait = Math.max(0, state.lastAt + this.intervalMs - this.clock.now());
		state.timer = this.clock.schedule(() => {
			state.timer = null;
			state.running = true;
			state.dirty = false;
			state.lastAt = this.clock.now();
			this.send(meetingId)
				.catch((error: unknown) => this.log.error(`Sending the votes of meeting ${meetingId} failed`, error))
				.finally(() => {
					state.running = false;
					if (state.dirty) return this.#schedule(meetingId, state);
					// Quiet for an interval: forgotten (the next change is sent at once); a change
					// within the interval is sent when it ends.
					state.timer = this.clock.schedule(() => {
						state.timer = null;
						if (state.dirty) this.#schedule(meetingId, state);
						else this.#meetings.delete(meetingId);
					}, this.intervalMs);
				});
		}, wait);
	}

	/** Stops every pending broadcast (shutdown). */
	close(): void {
		for (const state of this.#meetings.values()) state.timer?.cancel();
		this.#meetings.clear();
	}
}
