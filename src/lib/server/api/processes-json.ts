import { json } from '@sveltejs/kit';
import type { z } from 'zod';
import { fieldProblems } from '../../field-problems';
import { formatJoinCode } from '../../join-code';
import { PHASES as MEETING_PHASES, type Phase as MeetingPhase } from '../../engine/phases';
import { joinUrl, meetingToJsonInput, type Meeting } from '../../meeting';
import type { Process } from '../../process';
import { requireApiModerator } from '../auth/guard';
import type { SessionModerator } from '../auth/session';
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
		closedMeetingCount: process.closedMeetingCount,
		participantCount: process.participantCount,
		retentionDecision: process.retentionDecision || null,
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
		archivedAt: meeting.archivedAt?.toISOString() ?? null,
		closedAt: meeting.closedAt?.toISOString() ?? null,
		counts: { participants: meeting.participantCount, ideas: meeting.ideaCount, votes: meeting.voteCount }
	};
}

/** 404 NOT_FOUND: also for what exists but is not the moderator's, so that existence is not revealed. */
export function notFound(what: 'process' | 'meeting'): Response {
	return apiError(404, 'NOT_FOUND', `No such ${what}, or it is not one of yours.`);
}

/**
 * The answer to a refused change: NOT_FOUND as the 404 above for `what`, every other code as
 * `others` makes it (one entry per code, so that a new code cannot go unanswered).
 */
export function refusal<C extends string>(code: C, what: 'process' | 'meeting', others: Record<Exclude<C, 'NOT_FOUND'>, () => Response>): Response {
	return code === 'NOT_FOUND' ? notFound(what) : others[code as Exclude<C, 'NOT_FOUND'>]();
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

/**
 * The signed-in moderator and the request body as `schema` reads it, or the response to return
 * (401 without a moderator, 400 VALIDATION for a body that is not a JSON object or breaks the schema).
 * With `optional`, no body at all reads as `{}`.
 */
export async function moderatorInput<S extends z.ZodType>(
	locals: App.Locals,
	request: Request,
	schema: S,
	{ optional = false }: { optional?: boolean } = {}
): Promise<{ ok: true; moderator: SessionModerator; data: z.output<S> } | { ok: false; response: Response }> {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth;
	const read = await readJsonObject(request, { optional });
	if (!read.ok) return read;
	const parsed = schema.safeParse(read.body);
	if (!parsed.success) return { ok: false, response: validationError(parsed.error) };
	return { ok: true, moderator: auth.moderator, data: parsed.data };
}

/** Whether a list should include archived entries: `?archived=true` (or 1). */
export function includeArchived(url: URL): boolean {
	return ['1', 'true'].includes(url.searchParams.get('archived') ?? '');
}

export const PAGE_LIMIT_DEFAULT = 100;
export const PAGE_LIMIT_MAX = 500;

export interface ListQuery {
	includeArchived: boolean;
	limit: number;
	offset: number;
	phases: MeetingPhase[];
}

/**
 * The query of a list endpoint: `archived` (true/false/1/0), `limit` (1–500, default 100),
 * `offset` (≥ 0), and for meetings `phase` (one or more phases, comma-separated or repeated).
 * Anything else, or a value out of range, is the 400 VALIDATION response to return.
 */
export function listQuery(url: URL, { phases: phaseFilter = false }: { phases?: boolean } = {}): { ok: true; query: ListQuery } | { ok: false; response: Response } {
	const problems: Record<string, string> = {};
	const known = new Set(['archived', 'limit', 'offset', ...(phaseFilter ? ['phase'] : [])]);
	for (const key of url.searchParams.keys()) if (!known.has(key)) problems[key] = 'UNKNOWN_FIELD';
	const one = (name: string) => {
		const values = url.searchParams.getAll(name);
		if (values.length > 1) problems[name] = 'INVALID';
		return values[0];
	};
	const archived = one('archived');
	if (archived !== undefined && !['true', 'false', '1', '0'].includes(archived)) problems.archived = 'INVALID';
	const integer = (name: string, min: number, max: number, fallback: number) => {
		const text = one(name);
		if (text === undefined) return fallback;
		if (!/^\d{1,9}$/.test(text)) {
			problems[name] = 'INVALID';
			return fallback;
		}
		const value = Number(text);
		if (value < min || value > max) problems[name] = 'OUT_OF_RANGE';
		return value;
	};
	const limit = integer('limit', 1, PAGE_LIMIT_MAX, PAGE_LIMIT_DEFAULT);
	const offset = integer('offset', 0, 1_000_000_000, 0);
	const phases = url.searchParams.getAll('phase').flatMap((v) => v.split(',')).map((v) => v.trim());
	if (phases.some((p) => !(MEETING_PHASES as readonly string[]).includes(p))) problems.phase = 'INVALID';
	if (Object.keys(problems).length) return { ok: false, response: validationError(problems) };
	return { ok: true, query: { includeArchived: archived === 'true' || archived === '1', limit, offset, phases: [...new Set(phases)] as MeetingPhase[] } };
}

/** The paging fields of a list response: the total the filter matches and where the next page starts. */
export function pageJson(total: number, { limit, offset }: { limit: number; offset: number }, shown: number) {
	return { total, limit, offset, nextOffset: offset + shown < total ? offset + shown : null };
}
