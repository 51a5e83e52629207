import { m } from '$lib/paraglide/messages';
import { PHASES, type Phase } from '$lib/engine/phases';
import { phaseName } from './labels';

/** An entry of the audit log as `audit:list` answers. */
export interface AuditEntry {
	id: number;
	action: string;
	details: unknown;
	createdAt: number;
	moderatorName: string | null;
}

function detail(details: unknown, key: string): unknown {
	return details && typeof details === 'object' ? (details as Record<string, unknown>)[key] : undefined;
}

/** What happened, in the reader's words; an action this page does not know by name shows as stored. */
export function auditText(entry: Pick<AuditEntry, 'action' | 'details'>): string {
	const reason = detail(entry.details, 'reason');
	const withReason = (action: string) => (typeof reason === 'string' && reason ? m.board_audit_with_reason({ action, reason }) : action);
	switch (entry.action) {
		case 'phase': {
			const phase = detail(entry.details, 'phase');
			return PHASES.includes(phase as Phase) ? m.board_audit_phase({ phase: phaseName(phase as Phase) }) : entry.action;
		}
		case 'reveal_notes':
			return m.board_audit_reveal_notes();
		case 'reveal_votes':
			return m.board_audit_reveal_votes();
		case 'remove_participant':
			return m.board_audit_remove_participant();
		case 'lock':
			return m.board_audit_lock();
		case 'unlock':
			return m.board_audit_unlock();
		case 'timer_start':
			return m.board_audit_timer_start();
		case 'timer_pause':
			return m.board_audit_timer_pause();
		case 'timer_resume':
			return m.board_audit_timer_resume();
		case 'timer_extend':
			return m.board_audit_timer_extend();
		case 'timer_stop':
			return m.board_audit_timer_stop();
		case 'note_hide':
			return withReason(m.board_audit_note_hide());
		case 'note_remove':
			return withReason(m.board_audit_note_remove());
		case 'note_restore':
			return m.board_audit_note_restore();
		case 'note_merge':
			return m.board_audit_note_merge();
		case 'notes_move': {
			const count = detail(entry.details, 'count');
			const title = detail(entry.details, 'newClusterTitle');
			if (typeof title === 'string') return m.ws_audit_notes_move_new({ count: String(count), target: title });
			return m.ws_audit_notes_move({ count: String(count), target: detail(entry.details, 'clusterId') === null ? m.ws_audit_ungrouped() : m.ws_audit_a_group() });
		}
		case 'projector_link':
			return m.board_audit_projector_link();
		default:
			return entry.action;
	}
}

/** Who did it: the moderator's name, a participant (grouping), or the meeting itself (the timer). */
export function auditWho(entry: Pick<AuditEntry, 'moderatorName' | 'details'>): string {
	if (entry.moderatorName) return entry.moderatorName;
	return typeof detail(entry.details, 'participantId') === 'string' ? m.ws_audit_participant() : m.board_audit_automatic();
}

/** A moment of today's meeting: the time of day with seconds. */
export function timeText(at: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(at));
}
