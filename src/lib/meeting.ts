import { z } from 'zod';
import type { Phase } from './engine/phases';

// A themed meeting of a process: the fields a moderator prepares and the settings of its board.

export const WHO_MAY_GROUP = ['moderators', 'everyone'] as const;
export type WhoMayGroup = (typeof WHO_MAY_GROUP)[number];

/** The optional things a participant may tell about themselves; each meeting chooses which it asks. */
export const SEGMENT_FIELDS = ['organisation', 'sector', 'municipality'] as const;
export type SegmentField = (typeof SEGMENT_FIELDS)[number];

export interface Meeting {
	id: string;
	processId: string;
	themeTitle: string;
	guidingQuestions: string[];
	startsAt: Date | null;
	endsAt: Date | null;
	/** Where the meeting is held; empty when remote only or not yet decided. */
	location: string;
	remoteOnly: boolean;
	votesPerParticipant: number;
	maxVotesPerItem: number;
	notesPrivateUntilReveal: boolean;
	whoMayGroup: WhoMayGroup;
	anonymousAuthors: boolean;
	/** Which optional details the join form asks (on its second, skippable step), in SEGMENT_FIELDS order. */
	askedSegments: SegmentField[];
	/** Normalised, without dashes: format it with formatJoinCode for people. */
	joinCode: string;
	phase: Phase;
	createdAt: Date;
	updatedAt: Date;
	archivedAt: Date | null;
	/** When it was closed; null while it is not. */
	closedAt: Date | null;
	/** Participants not removed. */
	participantCount: number;
	/** Ideas written (private ones included), not counting those a moderator hid, removed or merged. */
	ideaCount: number;
	/** Votes cast by participants not removed. */
	voteCount: number;
}

export const MEETING_TITLE_MAX = 200;
export const MEETING_LOCATION_MAX = 300;
export const GUIDING_QUESTIONS_MAX = 20;
export const GUIDING_QUESTION_MAX = 500;
export const VOTES_MIN = 1;
export const VOTES_MAX = 50;

export const MEETING_DEFAULTS = {
	votesPerParticipant: 5,
	maxVotesPerItem: 3,
	notesPrivateUntilReveal: true,
	whoMayGroup: 'moderators',
	anonymousAuthors: false,
	askedSegments: SEGMENT_FIELDS
} as const satisfies Partial<Record<keyof Meeting, unknown>>;

/** Years a meeting can be in: PostgreSQL has no year 0, and a typo such as 0202 should not pass. */
export const MEETING_YEAR_MIN = 1900;
export const MEETING_YEAR_MAX = 9999;
const inYearRange = (date: Date) => date.getUTCFullYear() >= MEETING_YEAR_MIN && date.getUTCFullYear() <= MEETING_YEAR_MAX;

// PostgreSQL cannot store a NUL character in text: refused at the boundary, not by the database.
const withoutNul = (text: string) => !text.includes('\u0000');

const votes = (fallback: number) =>
	z
		.int({ error: 'INVALID' })
		.min(VOTES_MIN, { error: 'OUT_OF_RANGE' })
		.max(VOTES_MAX, { error: 'OUT_OF_RANGE' })
		.default(fallback);

const fields = {
	themeTitle: z
		.string({ error: 'INVALID' })
		.refine(withoutNul, { error: 'INVALID' })
		.trim()
		.min(1, { error: 'REQUIRED' })
		.max(MEETING_TITLE_MAX, { error: 'TOO_LONG' }),
	guidingQuestions: z
		.array(z.string({ error: 'INVALID' }).refine(withoutNul, { error: 'INVALID' }).trim().max(GUIDING_QUESTION_MAX, { error: 'TOO_LONG' }), { error: 'INVALID' })
		.transform((questions) => questions.filter((q) => q.length > 0))
		.pipe(z.array(z.string()).max(GUIDING_QUESTIONS_MAX, { error: 'TOO_MANY' }))
		.default([]),
	location: z.string({ error: 'INVALID' }).refine(withoutNul, { error: 'INVALID' }).trim().max(MEETING_LOCATION_MAX, { error: 'TOO_LONG' }).default(''),
	remoteOnly: z.boolean({ error: 'INVALID' }).default(false),
	votesPerParticipant: votes(MEETING_DEFAULTS.votesPerParticipant),
	maxVotesPerItem: votes(MEETING_DEFAULTS.maxVotesPerItem),
	notesPrivateUntilReveal: z.boolean({ error: 'INVALID' }).default(MEETING_DEFAULTS.notesPrivateUntilReveal),
	whoMayGroup: z.enum(WHO_MAY_GROUP, { error: 'INVALID' }).default(MEETING_DEFAULTS.whoMayGroup),
	anonymousAuthors: z.boolean({ error: 'INVALID' }).default(MEETING_DEFAULTS.anonymousAuthors),
	// A set: each field once, in the order the join form shows them.
	askedSegments: z
		.array(z.enum(SEGMENT_FIELDS, { error: 'INVALID' }), { error: 'INVALID' })
		.transform((asked) => SEGMENT_FIELDS.filter((field) => asked.includes(field)))
		.default([...MEETING_DEFAULTS.askedSegments])
};

type Checked = {
	startsAt: Date | null;
	endsAt: Date | null;
	votesPerParticipant: number;
	maxVotesPerItem: number;
	remoteOnly: boolean;
	location: string;
};

/** Rules across fields: the same for the form and the API. */
function checkAcrossFields(value: Checked, ctx: z.RefinementCtx) {
	if (value.maxVotesPerItem > value.votesPerParticipant) {
		ctx.addIssue({ code: 'custom', path: ['maxVotesPerItem'], message: 'ABOVE_VOTE_BUDGET' });
	}
	if (value.endsAt && !value.startsAt) {
		ctx.addIssue({ code: 'custom', path: ['startsAt'], message: 'REQUIRED' });
	} else if (value.endsAt && value.startsAt && value.endsAt < value.startsAt) {
		ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'ENDS_BEFORE_START' });
	}
}

// A remote-only meeting has no place; what was typed there is dropped rather than kept hidden.
const withoutPlaceWhenRemote = <T extends Checked>(value: T): T => (value.remoteOnly ? { ...value, location: '' } : value);

/** A meeting as the server code takes it (dates already instants). */
export const meetingInputSchema = z
	.strictObject({
		...fields,
		startsAt: z.date({ error: 'INVALID' }).refine(inYearRange, { error: 'OUT_OF_RANGE' }).nullable().default(null),
		endsAt: z.date({ error: 'INVALID' }).refine(inYearRange, { error: 'OUT_OF_RANGE' }).nullable().default(null)
	})
	.superRefine(checkAcrossFields)
	.transform(withoutPlaceWhenRemote);

export type MeetingInput = z.output<typeof meetingInputSchema>;

const isoInstant = z.iso
	.datetime({ offset: true, error: 'INVALID' })
	.transform((s) => new Date(s))
	.refine(inYearRange, { error: 'OUT_OF_RANGE' })
	.nullable()
	.default(null);

/** A meeting as the JSON API takes it: instants as ISO 8601 strings with an offset, e.g. 2018-11-07T09:00:00+01:00. */
export const meetingJsonSchema = z
	.strictObject({ ...fields, startsAt: isoInstant, endsAt: isoInstant })
	.superRefine(checkAcrossFields)
	.transform(withoutPlaceWhenRemote);

/** What a meeting is about, and when and where, in the JSON shape every view of a meeting shares. */
export function meetingTopicJson(meeting: Pick<Meeting, 'themeTitle' | 'guidingQuestions' | 'startsAt' | 'endsAt' | 'location' | 'remoteOnly'>) {
	return {
		themeTitle: meeting.themeTitle,
		guidingQuestions: meeting.guidingQuestions,
		startsAt: meeting.startsAt?.toISOString() ?? null,
		endsAt: meeting.endsAt?.toISOString() ?? null,
		location: meeting.location,
		remoteOnly: meeting.remoteOnly
	};
}

/** A meeting's editable fields in the JSON shape, e.g. to merge a PATCH into. */
export function meetingToJsonInput(meeting: Meeting) {
	return {
		...meetingTopicJson(meeting),
		votesPerParticipant: meeting.votesPerParticipant,
		maxVotesPerItem: meeting.maxVotesPerItem,
		notesPrivateUntilReveal: meeting.notesPrivateUntilReveal,
		whoMayGroup: meeting.whoMayGroup,
		anonymousAuthors: meeting.anonymousAuthors,
		askedSegments: meeting.askedSegments
	};
}

/** The link a participant opens (or scans as a QR code) to join the meeting. */
export function joinUrl(origin: string, joinCode: string): string {
	return `${origin.replace(/\/$/, '')}/join/${joinCode}`;
}

/** The public follow-up page of a closed meeting (where its join link leads once it is closed). */
export function followUpUrl(origin: string, joinCode: string): string {
	return `${origin.replace(/\/$/, '')}/follow-up/${joinCode}`;
}
