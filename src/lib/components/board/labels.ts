import type { NoteColour } from '$lib/board/records';
import { m } from '$lib/paraglide/messages';
import type { Phase } from '$lib/engine/phases';
import type { ErrorCode } from '$lib/protocol/errors';
import { wordsFor, type MessageTable } from '$lib/message-table';

// The board page's words for phases, errors and colours, from the message catalogue. Only what the
// page itself shows belongs here (this module is part of every visitor's page): words of a part
// loaded later live beside it (./presence-summary, ./results-labels, ./audit-labels, ./moderator-labels).

/** How the board reads to one taking part: what they may do in a phase depends on it. */
interface ParticipantView {
	mayGroup: boolean;
	privateNotes: boolean;
}

/**
 * Each phase's name, and what to do now for those who take part (the moderator's own words for some
 * phases are in ./moderator-labels, in the moderator's chunk): whether they may group, whether ideas are private.
 */
const PHASES: { readonly [phase in Phase]: { name: () => string; help: (view: ParticipantView) => string } } = {
	draft: { name: m.board_phase_draft, help: () => m.board_help_draft_participant() },
	brainstorm: { name: m.board_phase_brainstorm, help: (view) => (view.privateNotes ? m.board_help_brainstorm_private() : m.board_help_brainstorm()) },
	group: { name: m.board_phase_group, help: (view) => (view.mayGroup ? m.board_help_group_grouping() : m.board_help_group_watching()) },
	vote: { name: m.board_phase_vote, help: () => m.board_help_vote_participant() },
	rank: { name: m.board_phase_rank, help: () => m.board_help_rank() },
	closed: { name: m.board_phase_closed, help: () => m.board_help_closed() }
};
export const phaseName = (phase: Phase): string => PHASES[phase].name();
export const phaseHelp = (phase: Phase, view: ParticipantView): string => PHASES[phase].help(view);

const ERROR_REASONS: MessageTable<ErrorCode> = {
	VALIDATION: m.board_error_validation,
	UNAUTHENTICATED: m.board_error_unauthenticated,
	FORBIDDEN: m.board_error_forbidden,
	PHASE_CLOSED: m.board_error_phase_closed,
	BOARD_LOCKED: m.board_error_board_locked,
	NOT_FOUND: m.board_error_not_found,
	NOTE_LIMIT: m.board_error_note_limit,
	CLUSTER_LIMIT: m.board_error_cluster_limit,
	BOARD_FULL: m.board_error_board_full,
	VOTE_BUDGET: m.board_error_vote_budget,
	VOTE_ITEM_CAP: m.board_error_vote_item_cap,
	RATE_LIMITED: m.board_error_rate_limited,
	TOO_MANY_CONNECTIONS: m.realtime_error_too_many_connections,
	OVERLOADED: m.realtime_error_overloaded,
	UNAVAILABLE: m.board_error_unavailable,
	INTERNAL: m.board_error_internal
};
/** Why something did not happen, as the end of a sentence ("…: the board is full."). */
export const errorReason = wordsFor(ERROR_REASONS);

const COLOUR_NAMES: MessageTable<NoteColour> = {
	yellow: m.board_colour_yellow,
	green: m.board_colour_green,
	blue: m.board_colour_blue,
	pink: m.board_colour_pink,
	orange: m.board_colour_orange
};
export const colourName = wordsFor(COLOUR_NAMES);

export function ideaCount(count: number): string {
	return count === 1 ? m.board_count_one() : m.board_count_other({ count });
}

export function privateCount(count: number): string {
	return count === 1 ? m.board_private_count_one() : m.board_private_count_other({ count });
}

/** A moment (ms since the epoch) as the reader's locale writes a date and time. */
export function dateTimeText(at: number, locale: string): string {
	return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(at));
}
