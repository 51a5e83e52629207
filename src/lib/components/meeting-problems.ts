import type { MeetingFormField, MeetingFormValues } from '$lib/meeting-form';
import { m } from '$lib/paraglide/messages';
import { wordsFor, type MessageTable } from '$lib/message-table';

/** The sentence for a problem code of a meeting form field. */
export function meetingProblemText(field: MeetingFormField, problem: string, values: MeetingFormValues): string {
	switch (problem) {
		case 'REQUIRED':
			if (field === 'themeTitle') return m.meet_problem_required_theme();
			if (field === 'date') return m.meet_problem_required_date();
			if (field === 'startTime') return m.meet_problem_required_start();
			return m.meet_problem_invalid();
		case 'INVALID':
			if (field === 'date') return m.meet_problem_invalid_date();
			if (field === 'startTime' || field === 'endTime') return m.meet_problem_invalid_time();
			if (field === 'votesPerParticipant' || field === 'maxVotesPerItem') return m.meet_problem_invalid_number();
			return m.meet_problem_invalid();
		case 'OUT_OF_RANGE':
			return m.meet_problem_out_of_range();
		case 'ABOVE_VOTE_BUDGET':
			return m.meet_problem_above_budget({ votes: values.votesPerParticipant });
		case 'ENDS_BEFORE_START':
			return m.meet_problem_ends_before_start();
		case 'TOO_LONG':
			return m.meet_problem_too_long();
		case 'TOO_MANY':
			return m.meet_problem_too_many();
		default:
			return m.meet_problem_invalid();
	}
}

const FIELD_LABELS: MessageTable<MeetingFormField> = {
	themeTitle: m.meet_field_theme,
	guidingQuestions: m.meet_field_questions,
	date: m.meet_field_date,
	startTime: m.meet_field_start,
	endTime: m.meet_field_end,
	location: m.meet_field_location,
	remoteOnly: m.meet_field_remote_only,
	votesPerParticipant: m.meet_field_votes,
	maxVotesPerItem: m.meet_field_max_votes,
	notesPrivateUntilReveal: m.meet_field_private,
	whoMayGroup: m.meet_group_legend,
	anonymousAuthors: m.meet_field_anonymous,
	askedSegments: m.jn_segments_legend
};
/** The visible label of each field, to name it in the error summary. */
export const meetingFieldLabel = wordsFor(FIELD_LABELS);
