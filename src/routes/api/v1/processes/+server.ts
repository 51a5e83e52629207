import { json, type RequestHandler } from '@sveltejs/kit';
import { processInputSchema } from '$lib/process';
import { listQuery, moderatorInput, pageJson, processJson } from '$lib/server/api/processes-json';
import { requireApiModerator } from '$lib/server/auth/guard';
import { createProcess, listProcessPage } from '$lib/server/db/processes';

/** The processes the moderator is a moderator of, a page at a time; `?archived=true` includes archived ones. */
export const GET: RequestHandler = async ({ locals, url }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const read = listQuery(url);
	if (!read.ok) return read.response;
	const { processes, total } = await listProcessPage(locals.services.sql, auth.moderator.id, read.query);
	return json({ processes: processes.map(processJson), ...pageJson(total, read.query, processes.length) });
};

/** Creates a process with the moderator as its owner. */
export const POST: RequestHandler = async ({ locals, request }) => {
	const input = await moderatorInput(locals, request, processInputSchema);
	if (!input.ok) return input.response;
	const process = await createProcess(locals.services.sql, input.moderator.id, input.data);
	return json({ process: processJson(process) }, { status: 201 });
};
