import { json, type RequestHandler } from '@sveltejs/kit';

/** Liveness and database state for load balancers and operators. 503 when the database is unreachable. */
export const GET: RequestHandler = async ({ locals }) => {
	const database = (await locals.services.databaseHealthy()) ? 'up' : 'down';
	return json(
		{ status: database === 'up' ? 'ok' : 'degraded', app: 'up', database },
		{ status: database === 'up' ? 200 : 503, headers: { 'cache-control': 'no-store' } }
	);
};
