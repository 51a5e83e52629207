import { json, type RequestHandler } from '@sveltejs/kit';
import { processInputSchema, retentionDecisionSchema } from '$lib/process';
import { apiError } from '$lib/server/api/respond';
import { notFound, processJson, readJsonObject, validationError } from '$lib/server/api/processes-json';
import { requireApiModerator } from '$lib/server/auth/guard';
import { getProcess, setProcessArchived, setRetentionDecision, updateProcess } from '$lib/server/db/processes';

export const GET: RequestHandler = async ({ locals, params }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const process = await getProcess(locals.services.sql, auth.moderator.id, params.id!);
	return process ? json({ process: processJson(process) }) : notFound('process');
};

/**
 * Changes some of title, description, ownerOrganisation; `archived: true|false` archives or restores;
 * `retentionDecision` (owners only) records the retention decision purges follow.
 */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const { sql } = locals.services;
	const current = await getProcess(sql, auth.moderator.id, params.id!);
	if (!current) return notFound('process');
	const read = await readJsonObject(request);
	if (!read.ok) return read.response;
	const { archived, retentionDecision, ...fields } = read.body;
	if (archived !== undefined && typeof archived !== 'boolean') return validationError({ archived: 'INVALID' });
	const decision = retentionDecision === undefined ? undefined : retentionDecisionSchema.safeParse(retentionDecision ?? '');
	if (decision && !decision.success) return validationError({ retentionDecision: decision.error.issues[0]?.message ?? 'INVALID' });
	if (decision && current.role !== 'owner') return apiError(403, 'NOT_OWNER', 'Only an owner of the process records its retention decision.');
	const parsed = processInputSchema.safeParse({
		title: current.title,
		description: current.description,
		ownerOrganisation: current.ownerOrganisation,
		...fields
	});
	if (!parsed.success) return validationError(parsed.error);
	let process = await updateProcess(sql, auth.moderator.id, current.id, parsed.data);
	if (process && archived !== undefined) process = await setProcessArchived(sql, auth.moderator.id, current.id, archived);
	if (process && decision?.success) {
		const set = await setRetentionDecision(sql, auth.moderator.id, current.id, decision.data);
		process = set.ok ? set.process : null;
	}
	return process ? json({ process: processJson(process) }) : notFound('process');
};
