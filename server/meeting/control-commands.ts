import type { Namespace, Socket } from 'socket.io';
import { PHASES, type Phase } from '../../src/lib/protocol/authority';
import { controlSchemas, type ControlName, type MeetingState } from '../../src/lib/protocol/commands';
import type { Ack } from '../../src/lib/protocol/errors';
import type { Logger } from '../../src/lib/server/log';
import type { Sql } from '../../src/lib/server/db/sql';
import { meetingRules, type MeetingRules, type Principal } from '../board/access';
import { failure } from './board-commands';

export interface ControlContext {
	sql: Sql;
	log: Logger;
	meetingId: string;
	principal: Principal;
	namespace: Namespace;
	/** Ends a removed participant's realtime connections everywhere in this process. */
	disconnectParticipant(participantId: string): void;
}

export function meetingState(rules: MeetingRules): MeetingState {
	return {
		phase: rules.phase,
		whoMayGroup: rules.whoMayGroup,
		anonymousAuthors: rules.anonymousAuthors,
		lateNotesAllowed: rules.lateNotesAllowed,
		locked: rules.locked
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

async function run(name: ControlName, payload: unknown, context: ControlContext): Promise<Ack<{ phase?: Phase }>> {
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
			await broadcastState(context);
			return { ok: true, phase: row.phase };
		}
		case 'participant:remove': {
			const { participantId } = parsed.data as { participantId: string };
			const removed = await sql.begin(async (tx) => {
				const rows = await tx`
					update participants set removed_at = now(), removed_by = ${context.principal.id}
					where id = ${participantId} and meeting_id = ${meetingId} and removed_at is null
					returning id`;
				if (rows.length) await tx`delete from sessions where participant_id = ${participantId}`;
				return rows.length > 0;
			});
			if (!removed) return failure('NOT_FOUND');
			context.disconnectParticipant(participantId);
			return { ok: true };
		}
		default: {
			const unknown: never = name;
			throw new Error(`Unhandled command ${String(unknown)}`);
		}
	}
}

async function broadcastState(context: ControlContext): Promise<void> {
	const rules = await meetingRules(context.sql, context.meetingId);
	if (rules) context.namespace.to(context.meetingId).emit('meeting:state', meetingState(rules));
}
