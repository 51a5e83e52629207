import type { MeetingFormField, MeetingFormValues } from '$lib/meeting-form';
import { m } from '$lib/paraglide/messages';

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

/** The visible label of each field, to name it in the error summary. */
export function meetingFieldLabel(field: MeetingFormField): string {
	switch (field) {
		case 'themeTitle':
			return m.meet_field_theme();
		case 'guidingQuestions':
			return m.meet_field_questions();
		case 'date':
			return m.meet_field_date();
		case 'startTime':
			return m.meet_field_start();
		case 'endTime':
			return m.meet_field_end();
		case 'location':
			return m.meet_field_location();
		case 'remoteOnly':
			return m.meet_field_remote_only();
		case 'votesPerParticipant':
			return m.meet_field_votes();
		case 'maxVotesPerItem':
			return m.meet_field_max_votes();
		case 'notesPrivateUntilReveal':
			return m.meet_field_private();
		case 'whoMayGroup':
			return m.meet_group_legend();
		case 'anonymousAuthors':
			return m.meet_field_anonymous();
		case 'askedSegments':
			return m.jn_segments_legend();
	}
}
