import { json, type RequestHandler } from '@sveltejs/kit';
import { processInputSchema } from '$lib/process';
import { includeArchived, processJson, readJsonObject, validationError } from '$lib/server/api/processes-json';
import { requireApiModerator } from '$lib/server/auth/guard';
import { createProcess, listProcesses } from '$lib/server/db/processes';

/** The processes the moderator is a moderator of; `?archived=true` includes archived ones. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const processes = await listProcesses(locals.services.sql, auth.moderator.id, { includeArchived: includeArchived(url) });
	return json({ processes: processes.map(processJson) });
};

/** Creates a process with the moderator as its owner. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const read = await readJsonObject(request);
	if (!read.ok) return read.response;
	const parsed = processInputSchema.safeParse(read.body);
	if (!parsed.success) return validationError(parsed.error);
	const process = await createProcess(locals.services.sql, auth.moderator.id, parsed.data);
	return json({ process: processJson(process) }, { status: 201 });
};
