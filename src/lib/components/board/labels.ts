import type { NoteColour } from '$lib/board/records';
import { m } from '$lib/paraglide/messages';
import type { Phase } from '$lib/engine/phases';
import type { ErrorCode } from '$lib/protocol/errors';

// The board's words for phases, errors and colours, from the message catalogue.

export function phaseName(phase: Phase): string {
	switch (phase) {
		case 'draft':
			return m.board_phase_draft();
		case 'brainstorm':
			return m.board_phase_brainstorm();
		case 'group':
			return m.board_phase_group();
		case 'vote':
			return m.board_phase_vote();
		case 'rank':
			return m.board_phase_rank();
		case 'closed':
			return m.board_phase_closed();
	}
}

/** What to do now, for the one reading: whether they run the meeting, and whether they may group. */
export function phaseHelp(
	phase: Phase,
	{ moderator, mayGroup, privateNotes }: { moderator: boolean; mayGroup: boolean; privateNotes: boolean }
): string {
	switch (phase) {
		case 'draft':
			return moderator ? m.board_help_draft_moderator() : m.board_help_draft_participant();
		case 'brainstorm':
			return privateNotes ? m.board_help_brainstorm_private() : m.board_help_brainstorm();
		case 'group':
			return mayGroup ? m.board_help_group_grouping() : m.board_help_group_watching();
		case 'vote':
			return moderator ? m.board_help_vote_moderator() : m.board_help_vote_participant();
		case 'rank':
			return moderator ? m.board_help_rank_moderator() : m.board_help_rank();
		case 'closed':
			return m.board_help_closed();
	}
}

/** Why something did not happen, as the end of a sentence ("…: the board is full."). */
export function errorReason(code: ErrorCode): string {
	switch (code) {
		case 'VALIDATION':
			return m.board_error_validation();
		case 'UNAUTHENTICATED':
			return m.board_error_unauthenticated();
		case 'FORBIDDEN':
			return m.board_error_forbidden();
		case 'PHASE_CLOSED':
			return m.board_error_phase_closed();
		case 'BOARD_LOCKED':
			return m.board_error_board_locked();
		case 'NOT_FOUND':
			return m.board_error_not_found();
		case 'NOTE_LIMIT':
			return m.board_error_note_limit();
		case 'CLUSTER_LIMIT':
			return m.board_error_cluster_limit();
		case 'BOARD_FULL':
			return m.board_error_board_full();
		case 'VOTE_BUDGET':
			return m.board_error_vote_budget();
		case 'VOTE_ITEM_CAP':
			return m.board_error_vote_item_cap();
		case 'RATE_LIMITED':
			return m.board_error_rate_limited();
		case 'TOO_MANY_CONNECTIONS':
			return m.realtime_error_too_many_connections();
		case 'OVERLOADED':
			return m.realtime_error_overloaded();
		case 'UNAVAILABLE':
			return m.board_error_unavailable();
		case 'INTERNAL':
			return m.board_error_internal();
	}
}

export function colourName(colour: NoteColour): string {
	switch (colour) {
		case 'yellow':
			return m.board_colour_yellow();
		case 'green':
			return m.board_colour_green();
		case 'blue':
			return m.board_colour_blue();
		case 'pink':
			return m.board_colour_pink();
		case 'orange':
			return m.board_colour_orange();
	}
}

export function ideaCount(count: number): string {
	return count === 1 ? m.board_count_one() : m.board_count_other({ count });
}

export function privateCount(count: number): string {
	return count === 1 ? m.board_private_count_one() : m.board_private_count_other({ count });
}

export function typingLine(names: readonly string[]): string | null {
	if (names.length === 0) return null;
	if (names.length === 1) return m.board_typing_one({ name: names[0] });
	if (names.length === 2) return m.board_typing_two({ first: names[0], second: names[1] });
	return m.board_typing_many({ count: names.length });
}

export function votesText(count: number): string {
	return count === 1 ? m.board_votes_one() : m.board_votes_other({ count });
}

export function votersText(count: number): string {
	return count === 1 ? m.board_results_voters_one() : m.board_results_voters_other({ count });
}

/** A moment (ms since the epoch) as the reader's locale writes a date and time. */
export function dateTimeText(at: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}

/** A moment of today's meeting: the time of day with seconds. */
export function timeText(at: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(new Date(at));
}
