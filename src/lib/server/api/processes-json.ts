import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import { fieldProblems } from '../../field-problems';
import { formatJoinCode } from '../../join-code';
import { joinUrl, meetingToJsonInput, type Meeting } from '../../meeting';
import type { Process } from '../../process';
import { apiError, parseJsonBody } from './respond';

// The JSON shapes of processes and meetings in /api/v1, and the errors their routes answer with.

export function processJson(process: Process) {
	return {
		id: process.id,
		title: process.title,
		description: process.description,
		ownerOrganisation: process.ownerOrganisation,
		role: process.role,
		meetingCount: process.meetingCount,
		createdAt: process.createdAt.toISOString(),
		archivedAt: process.archivedAt?.toISOString() ?? null
	};
}

/** A meeting in /api/v1: its editable fields exactly as a PATCH takes them (see meetingToJsonInput), and the rest. */
export function meetingJson(meeting: Meeting, origin: string) {
	return {
		id: meeting.id,
		processId: meeting.processId,
		...meetingToJsonInput(meeting),
		joinCode: formatJoinCode(meeting.joinCode),
		joinUrl: joinUrl(origin, meeting.joinCode),
		phase: meeting.phase,
		createdAt: meeting.createdAt.toISOString(),
		updatedAt: meeting.updatedAt.toISOString(),
		archivedAt: meeting.archivedAt?.toISOString() ?? null
	};
}

/** 404 NOT_FOUND: also for what exists but is not the moderator's, so that existence is not revealed. */
export function notFound(what: 'process' | 'meeting'): Response {
	return apiError(404, 'NOT_FOUND', `No such ${what}, or it is not one of yours.`);
}

/** 400 VALIDATION with the problem of each field, e.g. `{ "fields": { "maxVotesPerItem": "ABOVE_VOTE_BUDGET" } }`. */
export function validationError(problems: z.ZodError | Record<string, string>): Response {
	const fields = problems instanceof Error ? fieldProblems(problems) : problems;
	const list = Object.entries(fields).map(([field, problem]) => `${field} (${problem})`);
	return json(
		{ code: 'VALIDATION', message: `Invalid fields: ${list.join(', ')}.`, fields },
		{ status: 400 }
	);
}

/** The request body as a JSON object, or the 400 VALIDATION response to return. */
export async function readJsonObject(
	request: Request,
	{ optional = false }: { optional?: boolean } = {}
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; response: Response }> {
	const read = await parseJsonBody(request);
	if (!read.ok) return read;
	if (optional && read.empty) return { ok: true, body: {} };
	const { body } = read;
	if (typeof body !== 'object' || body === null || Array.isArray(body)) {
		return { ok: false, response: apiError(400, 'VALIDATION', 'The request body must be a JSON object.') };
	}
	return { ok: true, body: body as Record<string, unknown> };
}

/** Whether a list should include archived entries: `?archived=true` (or 1). */
export function includeArchived(url: URL): boolean {
	return ['1', 'true'].includes(url.searchParams.get('archived') ?? '');
}
