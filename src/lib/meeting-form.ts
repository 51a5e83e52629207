import { fieldProblems } from './field-problems';
import { MEETING_DEFAULTS, meetingInputSchema, type Meeting, type MeetingInput } from './meeting';
import { instantToLocal, isLocalDate, isLocalTime, localToInstant } from './meeting-time';

/** The meeting form's fields as typed: what is shown again after a failed submit. */
export interface MeetingFormValues {
	themeTitle: string;
	/** One question per line. */
	guidingQuestions: string;
	/** YYYY-MM-DD in the meeting's time zone, or empty. */
	date: string;
	/** HH:MM, or empty. */
	startTime: string;
	endTime: string;
	location: string;
	remoteOnly: boolean;
	votesPerParticipant: string;
	maxVotesPerItem: string;
	notesPrivateUntilReveal: boolean;
	whoMayGroup: string;
	anonymousAuthors: boolean;
	/** The checked optional details (SEGMENT_FIELDS values) the join form asks. */
	askedSegments: string[];
}

export type MeetingFormField = keyof MeetingFormValues;

/** The problem codes of a failed submit, by form field. */
export type MeetingFormProblems = Partial<Record<MeetingFormField, string>>;

export const EMPTY_MEETING_FORM: MeetingFormValues = {
	themeTitle: '',
	guidingQuestions: '',
	date: '',
	startTime: '',
	endTime: '',
	location: '',
	remoteOnly: false,
	votesPerParticipant: String(MEETING_DEFAULTS.votesPerParticipant),
	maxVotesPerItem: String(MEETING_DEFAULTS.maxVotesPerItem),
	notesPrivateUntilReveal: MEETING_DEFAULTS.notesPrivateUntilReveal,
	whoMayGroup: MEETING_DEFAULTS.whoMayGroup,
	anonymousAuthors: MEETING_DEFAULTS.anonymousAuthors,
	askedSegments: [...MEETING_DEFAULTS.askedSegments]
};

/** A stored meeting as the form shows it (times in the meeting's time zone). */
export function meetingFormValues(meeting: Meeting): MeetingFormValues {
	const start = meeting.startsAt ? instantToLocal(meeting.startsAt) : null;
	return {
		themeTitle: meeting.themeTitle,
		guidingQuestions: meeting.guidingQuestions.join('\n'),
		date: start?.date ?? '',
		startTime: start?.time ?? '',
		endTime: meeting.endsAt ? instantToLocal(meeting.endsAt).time : '',
		location: meeting.location,
		remoteOnly: meeting.remoteOnly,
		votesPerParticipant: String(meeting.votesPerParticipant),
		maxVotesPerItem: String(meeting.maxVotesPerItem),
		notesPrivateUntilReveal: meeting.notesPrivateUntilReveal,
		whoMayGroup: meeting.whoMayGroup,
		anonymousAuthors: meeting.anonymousAuthors,
		askedSegments: [...meeting.askedSegments]
	};
}

function readForm(form: FormData): MeetingFormValues {
	const text = (name: string) => String(form.get(name) ?? '');
	return {
		themeTitle: text('themeTitle'),
		guidingQuestions: text('guidingQuestions'),
		date: text('date').trim(),
		startTime: normaliseTime(text('startTime')),
		endTime: normaliseTime(text('endTime')),
		location: text('location'),
		remoteOnly: form.has('remoteOnly'),
		votesPerParticipant: text('votesPerParticipant').trim(),
		maxVotesPerItem: text('maxVotesPerItem').trim(),
		notesPrivateUntilReveal: form.has('notesPrivateUntilReveal'),
		whoMayGroup: text('whoMayGroup'),
		anonymousAuthors: form.has('anonymousAuthors'),
		askedSegments: form.getAll('askedSegments').map(String)
	};
}

/** "9:00", "9.00" and "0900" are read as 09:00; anything else is left for the check to refuse. */
function normaliseTime(value: string): string {
	const match = /^(\d{1,2})[:.]?(\d{2})$/.exec(value.trim());
	return match ? `${match[1].padStart(2, '0')}:${match[2]}` : value.trim();
}

const integer = (value: string): number => (/^\d{1,4}$/.test(value) ? Number(value) : Number.NaN);

/**
 * Reads and checks the meeting form. Dates and times are local to the meeting's time zone (an end
 * time is on the start's day); problems are reported by form field.
 */
export function parseMeetingForm(
	form: FormData
): { ok: true; input: MeetingInput; values: MeetingFormValues } | { ok: false; problems: MeetingFormProblems; values: MeetingFormValues } {
	const values = readForm(form);
	const problems: MeetingFormProblems = {};

	let startsAt: Date | null = null;
	let endsAt: Date | null = null;
	if (values.date && !isLocalDate(values.date)) problems.date = 'INVALID';
	if (values.startTime && !isLocalTime(values.startTime)) problems.startTime = 'INVALID';
	if (values.endTime && !isLocalTime(values.endTime)) problems.endTime = 'INVALID';
	if (!values.date && (values.startTime || values.endTime)) problems.date = 'REQUIRED';
	if (values.date && !values.startTime) problems.startTime = 'REQUIRED';
	if (!problems.date && !problems.startTime && values.date) {
		startsAt = localToInstant(values.date, values.startTime);
		if (values.endTime && !problems.endTime) endsAt = localToInstant(values.date, values.endTime);
	}

	const parsed = meetingInputSchema.safeParse({
		themeTitle: values.themeTitle,
		guidingQuestions: values.guidingQuestions.split(/\r?\n/),
		startsAt,
		endsAt,
		location: values.location,
		remoteOnly: values.remoteOnly,
		votesPerParticipant: integer(values.votesPerParticipant),
		maxVotesPerItem: integer(values.maxVotesPerItem),
		notesPrivateUntilReveal: values.notesPrivateUntilReveal,
		whoMayGroup: values.whoMayGroup,
		anonymousAuthors: values.anonymousAuthors,
		askedSegments: values.askedSegments
	});
	if (!parsed.success) {
		const fromSchema = fieldProblems(parsed.error);
		for (const [field, problem] of Object.entries(fromSchema)) {
			const formField = field === 'startsAt' ? 'startTime' : field === 'endsAt' ? 'endTime' : (field as MeetingFormField);
			problems[formField] ??= problem;
		}
	}
	if (!parsed.success || Object.keys(problems).length) return { ok: false, problems, values };
	return { ok: true, input: parsed.data, values };
}
