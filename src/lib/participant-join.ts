import { z } from 'zod';
import type { SegmentField } from './meeting';

// What a participant tells about themselves when joining a meeting: a display name (a pseudonym
// is fine) and "on site / remote" are required; organisation, sector and municipality are
// optional. The same schema checks the join form and the JSON API.

export const PARTICIPANT_NAME_MAX = 60;
export const PARTICIPANT_ORGANISATION_MAX = 120;

export const ATTENDANCES = ['on_site', 'remote'] as const;
export type Attendance = (typeof ATTENDANCES)[number];

/** Problem codes per field; the page turns them into sentences, the API returns them as they are. */
export type ParticipantProblem = 'REQUIRED' | 'TOO_LONG' | 'INVALID' | 'UNKNOWN';

export const PARTICIPANT_FIELDS = ['displayName', 'organisation', 'sectorCode', 'municipalityCode', 'attendance'] as const;
export type ParticipantField = (typeof PARTICIPANT_FIELDS)[number];

export type ParticipantProblems = Partial<Record<ParticipantField, ParticipantProblem>>;

/** What the form sends back to be shown again after a refusal. */
export type ParticipantFormValues = Record<ParticipantField, string>;

export const EMPTY_PARTICIPANT_VALUES: ParticipantFormValues = {
	displayName: '',
	organisation: '',
	sectorCode: '',
	municipalityCode: '',
	attendance: ''
};

// Control characters (line breaks, NUL …) have no place in a name shown on a shared board.
const CONTROL = /\p{Cc}/u;
const REFERENCE_CODE = /^[A-Za-z0-9_-]{1,40}$/;

/** Length as people count it: "Åsa 👋" is five characters, as PostgreSQL's length() says too. */
const characters = (text: string) => [...text].length;

/** NFC, runs of white space as one space (line breaks and tabs included), no space at either end. */
function tidy(text: string): string {
	return text.normalize('NFC').replace(/[\s\u00a0]+/gu, ' ').trim();
}

const problem = (input: unknown): ParticipantProblem => (input === undefined || input === null ? 'REQUIRED' : 'INVALID');

function text(max: number, required: boolean) {
	return z
		.string({ error: 'INVALID' })
		.nullish()
		.transform((value, context) => {
			const raw = value ?? '';
			if (CONTROL.test(raw.replace(/[\r\n\t]/g, ' '))) {
				context.addIssue({ code: 'custom', message: 'INVALID' });
				return z.NEVER;
			}
			const tidied = tidy(raw);
			if (required && !tidied) context.addIssue({ code: 'custom', message: 'REQUIRED' });
			else if (characters(tidied) > max) context.addIssue({ code: 'custom', message: 'TOO_LONG' });
			return tidied;
		});
}

/** An optional reference code: empty or absent means "not given" (null). */
const referenceCode = z
	.string({ error: 'INVALID' })
	.nullish()
	.transform((value, context) => {
		const code = (value ?? '').trim();
		if (!code) return null;
		if (!REFERENCE_CODE.test(code)) {
			// Not a code of any list: the same answer as a well-formed code that is not in the list.
			context.addIssue({ code: 'custom', message: 'UNKNOWN' });
			return z.NEVER;
		}
		return code;
	});

export const participantDetailsSchema = z.object({
	displayName: text(PARTICIPANT_NAME_MAX, true),
	organisation: text(PARTICIPANT_ORGANISATION_MAX, false),
	sectorCode: referenceCode,
	municipalityCode: referenceCode,
	attendance: z.enum(ATTENDANCES, { error: (issue) => (issue.input === '' ? 'REQUIRED' : problem(issue.input)) })
});

export type ParticipantDetails = z.output<typeof participantDetailsSchema>;

export type ParticipantDetailsCheck = { ok: true; details: ParticipantDetails } | { ok: false; problems: ParticipantProblems };

/** Checks what a participant entered (form fields or a JSON body); unknown fields are ignored. */
export function checkParticipantDetails(input: unknown): ParticipantDetailsCheck {
	const parsed = participantDetailsSchema.safeParse(input);
	if (parsed.success) return { ok: true, details: parsed.data };
	const problems: ParticipantProblems = {};
	for (const issue of parsed.error.issues) {
		const field = issue.path[0];
		if (!PARTICIPANT_FIELDS.includes(field as ParticipantField)) continue;
		problems[field as ParticipantField] ??= issue.message as ParticipantProblem;
	}
	// A body that is not an object at all: report the required fields.
	if (!Object.keys(problems).length) return { ok: false, problems: { displayName: 'REQUIRED', attendance: 'REQUIRED' } };
	return { ok: false, problems };
}

/** The join form's fields as submitted, to be checked and, after a refusal, shown again. */
export function participantFormValues(form: FormData): ParticipantFormValues {
	const values = { ...EMPTY_PARTICIPANT_VALUES };
	for (const field of PARTICIPANT_FIELDS) {
		const value = form.get(field);
		values[field] = typeof value === 'string' ? value : '';
	}
	return values;
}

/** The participant field that holds each optional detail a meeting may ask. */
export const SEGMENT_PARTICIPANT_FIELD = {
	organisation: 'organisation',
	sector: 'sectorCode',
	municipality: 'municipalityCode'
} as const satisfies Record<SegmentField, ParticipantField>;

export type ParticipantSegments = Pick<ParticipantDetails, 'organisation' | 'sectorCode' | 'municipalityCode'>;

/**
 * Keeps only the optional details the meeting asks: what it does not ask is not stored, whoever
 * sends it (an old form, a script). Not given is null (an empty organisation: '').
 */
export function askedSegmentsOnly<T extends ParticipantSegments>(details: T, asked: readonly SegmentField[]): T {
	return {
		...details,
		organisation: asked.includes('organisation') ? details.organisation : '',
		sectorCode: asked.includes('sector') ? details.sectorCode : null,
		municipalityCode: asked.includes('municipality') ? details.municipalityCode : null
	};
}

const segmentsSchema = participantDetailsSchema.pick({ organisation: true, sectorCode: true, municipalityCode: true });

/** Checks the optional details of the join form's second step; those the meeting does not ask are dropped. */
export function checkParticipantSegments(
	input: unknown,
	asked: readonly SegmentField[]
): { ok: true; segments: ParticipantSegments } | { ok: false; problems: ParticipantProblems } {
	const parsed = segmentsSchema.safeParse(input);
	if (parsed.success) return { ok: true, segments: askedSegmentsOnly(parsed.data, asked) };
	const problems: ParticipantProblems = {};
	for (const issue of parsed.error.issues) {
		const field = issue.path[0] as ParticipantField;
		const segment = (Object.keys(SEGMENT_PARTICIPANT_FIELD) as SegmentField[]).find((s) => SEGMENT_PARTICIPANT_FIELD[s] === field);
		// A problem with a detail that is not asked is no problem: it is dropped anyway.
		if (segment && asked.includes(segment)) problems[field] ??= issue.message as ParticipantProblem;
	}
	if (!Object.keys(problems).length) return { ok: true, segments: askedSegmentsOnly({ organisation: '', sectorCode: null, municipalityCode: null }, asked) };
	return { ok: false, problems };
}
