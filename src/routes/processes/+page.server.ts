import { requireModerator } from '$lib/server/auth/guard';
import { listProcesses } from '$lib/server/db/processes';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	const moderator = requireModerator(locals, url);
	const includeArchived = url.searchParams.get('archived') === '1';
	return {
		includeArchived,
		processes: await listProcesses(locals.services.sql, moderator.id, { includeArchived })
	};
};
