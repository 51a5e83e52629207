import { z } from 'zod';

/** A dialogue process, as the moderators of it see it. */
export interface Process {
	id: string;
	title: string;
	description: string;
	ownerOrganisation: string;
	createdAt: Date;
	archivedAt: Date | null;
	/** The signed-in moderator's role in this process. */
	role: ProcessRole;
	/** Meetings not archived. */
	meetingCount: number;
	/** Meetings not archived that are closed. */
	closedMeetingCount: number;
	/** Participants (not removed) of its meetings not archived. */
	participantCount: number;
	/** The retention (gallring) decision its personal data is purged under; '' when none is given. */
	retentionDecision: string;
}

export const RETENTION_DECISION_MAX = 300;

/** A retention decision as an owner gives it (API body and form): a reference, or '' for none. */
export const retentionDecisionSchema = z
	.string({ error: 'INVALID' })
	.refine((s) => !s.includes('\u0000'), { error: 'INVALID' })
	.trim()
	.max(RETENTION_DECISION_MAX, { error: 'TOO_LONG' });

export type ProcessRole = 'owner' | 'moderator';

/** A moderator of a process, as listed on the process page. */
export interface ProcessModerator {
	id: string;
	name: string;
	email: string;
	role: ProcessRole;
}

export const PROCESS_TITLE_MAX = 200;
export const PROCESS_DESCRIPTION_MAX = 5000;
export const PROCESS_ORGANISATION_MAX = 200;

// PostgreSQL cannot store a NUL character in text: refused at the boundary, not by the database.
const text = () => z.string({ error: 'INVALID' }).refine((s) => !s.includes('\u0000'), { error: 'INVALID' });

/** What a moderator writes about a process; the same for the form and the API. */
export const processInputSchema = z.strictObject({
	title: text()
		.trim()
		.min(1, { error: 'REQUIRED' })
		.max(PROCESS_TITLE_MAX, { error: 'TOO_LONG' }),
	description: text().trim().max(PROCESS_DESCRIPTION_MAX, { error: 'TOO_LONG' }).default(''),
	ownerOrganisation: text()
		.trim()
		.max(PROCESS_ORGANISATION_MAX, { error: 'TOO_LONG' })
		.default('')
});

export type ProcessInput = z.output<typeof processInputSchema>;

/** The fields of the process form, as typed (strings), to show again after a failed submit. */
export type ProcessFormValues = { title: string; description: string; ownerOrganisation: string };

/** Reads the process form. */
export function processFormValues(form: FormData): ProcessFormValues {
	const text = (name: string) => String(form.get(name) ?? '');
	return { title: text('title'), description: text('description'), ownerOrganisation: text('ownerOrganisation') };
}
