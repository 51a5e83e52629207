import { json, type RequestHandler } from '@sveltejs/kit';
import { processInputSchema } from '$lib/process';
import { notFound, processJson, readJsonObject, validationError } from '$lib/server/api/processes-json';
import { requireApiModerator } from '$lib/server/auth/guard';
import { getProcess, setProcessArchived, updateProcess } from '$lib/server/db/processes';

export const GET: RequestHandler = async ({ locals, params }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const process = await getProcess(locals.services.sql, auth.moderator.id, params.id!);
	return process ? json({ process: processJson(process) }) : notFound('process');
};

/** Changes some of title, description, ownerOrganisation; `archived: true|false` archives or restores. */
export const PATCH: RequestHandler = async ({ locals, params, request }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const { sql } = locals.services;
	const current = await getProcess(sql, auth.moderator.id, params.id!);
	if (!current) return notFound('process');
	const read = await readJsonObject(request);
	if (!read.ok) return read.response;
	const { archived, ...fields } = read.body;
	if (archived !== undefined && typeof archived !== 'boolean') return validationError({ archived: 'INVALID' });
	const parsed = processInputSchema.safeParse({
		title: current.title,
		description: current.description,
		ownerOrganisation: current.ownerOrganisation,
		...fields
	});
	if (!parsed.success) return validationError(parsed.error);
	let process = await updateProcess(sql, auth.moderator.id, current.id, parsed.data);
	if (process && archived !== undefined) process = await setProcessArchived(sql, auth.moderator.id, current.id, archived);
	return process ? json({ process: processJson(process) }) : notFound('process');
};
