import type { Namespace, Socket } from 'socket.io';
import { PHASES, type Phase } from '../../src/lib/protocol/authority';
import { controlSchemas, type ControlName, type MeetingState } from '../../src/lib/protocol/commands';
import type { Ack } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/log';
import type { Sql } from '../../src/lib/server/db/sql';
import { meetingRules, type MeetingRules, type Principal } from '../board/access';
import type { Room } from '../board/room';
import { failure } from './board-commands';
import { broadcastPrivateState, revealNotes } from './private-notes';
import { broadcastVoteState } from './votes';

export interface ControlContext {
	sql: Sql;
	log: Logger;
	meetingId: string;
	principal: Principal;
	namespace: Namespace;
	room: Room;
	/** Ends a removed participant's realtime connections everywhere in this process. */
	disconnectParticipant(participantId: string): void;
}

export function meetingState(rules: MeetingRules): MeetingState {
	return {
		phase: rules.phase,
		whoMayGroup: rules.whoMayGroup,
		anonymousAuthors: rules.anonymousAuthors,
		lateNotesAllowed: rules.lateNotesAllowed,
		locked: rules.locked,
		notesPrivateUntilReveal: rules.notesPrivateUntilReveal,
		notesRevealed: rules.notesRevealed,
		privateBrainstorm: rules.privateBrainstorm,
		votesRevealed: rules.votesRevealed,
		votesPerParticipant: rules.votesPerParticipant,
		maxVotesPerItem: rules.maxVotesPerItem
	};
}

/** Moderator-only meeting control on a /meeting socket. */
export function registerControlCommands(socket: Socket, context: ControlContext): void {
	for (const name of Object.keys(controlSchemas) as ControlName[]) {
		socket.on(name, async (payload: unknown, ack: unknown) => {
			if (typeof ack !== 'function') return;
			const reply = ack as (response: Ack) => void;
			try {
				reply(await run(name, payload, context));
			} catch (error) {
				context.log.error(`Meeting command ${name} failed`, error);
				reply(failure('INTERNAL'));
			}
		});
	}
}

async function run(name: ControlName, payload: unknown, context: ControlContext): Promise<Ack<{ phase?: Phase; revealed?: number }>> {
	if (context.principal.role !== 'moderator') return failure('FORBIDDEN');
	const parsed = controlSchemas[name].safeParse(payload);
	if (!parsed.success) return failure('VALIDATION', parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
	const { sql, meetingId } = context;
	switch (name) {
		case 'meeting:phase': {
			const target = (parsed.data as { phase: Phase }).phase;
			const index = PHASES.indexOf(target);
			// One conditional UPDATE: forward or back exactly one step from the phase stored now.
			const [row] = await sql<{ phase: Phase }[]>`
				update meetings set phase = ${target}, updated_at = now()
				where id = ${meetingId}
				  and phase in (${PHASES[index - 1] ?? ''}, ${PHASES[index + 1] ?? ''})
				  and archived_at is null
				returning phase`;
			if (!row) return failure('VALIDATION', 'A meeting moves forward one phase, or back one phase, at a time.');
			// Leaving a private brainstorm forward reveals its notes: none may stay hidden by accident.
			if (target !== 'draft' && target !== 'brainstorm') await reveal(context);
			await audit(context, 'phase', { phase: target });
			await broadcastState(context);
			return { ok: true, phase: row.phase };
		}
		case 'notes:reveal': {
			const revealed = await reveal(context);
			await audit(context, 'reveal_notes', { notes: revealed });
			await broadcastState(context);
			return { ok: true, revealed };
		}
		case 'votes:reveal': {
			await sql`update meetings set votes_revealed_at = coalesce(votes_revealed_at, now()) where id = ${meetingId}`;
			await audit(context, 'reveal_votes', {});
			await broadcastState(context);
			await broadcastVoteState(context.namespace, sql, meetingId);
			return { ok: true };
		}
		case 'participant:remove': {
			const { participantId } = parsed.data as { participantId: string };
			const removed = await sql.begin(async (tx) => {
				const rows = await tx`
					update participants set removed_at = now(), removed_by = ${context.principal.id}
					where id = ${participantId} and meeting_id = ${meetingId} and removed_at is null
					returning id`;
				if (rows.length) {
					await tx`delete from sessions where participant_id = ${participantId}`;
					// Their votes go with them.
					await tx`delete from votes where participant_id = ${participantId}`;
					await tx`delete from vote_tallies where participant_id = ${participantId}`;
					await tx`update participants set votes_used = 0 where id = ${participantId}`;
				}
				return rows.length > 0;
			});
			if (!removed) return failure('NOT_FOUND');
			await audit(context, 'remove_participant', { participantId });
			context.disconnectParticipant(participantId);
			await broadcastVoteState(context.namespace, sql, meetingId);
			return { ok: true };
		}
		default: {
			const unknown: never = name;
			throw new Error(`Unhandled command ${String(unknown)}`);
		}
	}
}

async function reveal(context: ControlContext): Promise<number> {
	const [meeting] = await context.sql`select notes_revealed_at from meetings where id = ${context.meetingId}`;
	if (meeting?.notesRevealedAt) return 0;
	const revealed = await revealNotes(context.sql, context.meetingId, context.room);
	await broadcastPrivateState(context.sql, context.namespace, context.meetingId);
	return revealed;
}

async function audit(context: ControlContext, action: string, details: Record<string, unknown>): Promise<void> {
	await context.sql`
		insert into audit_log (meeting_id, moderator_id, action, details)
		values (${context.meetingId}, ${context.principal.id}, ${action}, ${context.sql.json(details as never)})`;
}

async function broadcastState(context: ControlContext): Promise<void> {
	const rules = await meetingRules(context.sql, context.meetingId);
	if (rules) context.namespace.to(context.meetingId).emit('meeting:state', meetingState(rules));
}
