import type { IncomingMessage, ServerResponse } from 'node:http';

/** What readiness depends on: each probe resolves true when its part works. */
export interface ReadinessProbes {
	[part: string]: () => Promise<boolean>;
}

/**
 * `/livez` and `/readyz`, answered before SvelteKit (and its Host handling) sees the request, so
 * that load balancers' default checks work: HAProxy's and nginx's send HTTP/1.0 without a Host.
 * Liveness is only "this process answers and is not stopping" — it never waits for PostgreSQL, so
 * a database outage does not make a proxy take every instance out at once. Readiness adds the database (and Redis
 * in a fleet) and goes 503 as soon as the process is stopping, so new traffic goes elsewhere.
 * Returns false for any other path.
 */
export function answerHealth(
	request: IncomingMessage,
	response: ServerResponse,
	state: { stopping(): boolean; probes: ReadinessProbes }
): boolean {
	const path = (request.url ?? '').split('?')[0];
	if (path !== '/livez' && path !== '/readyz') return false;
	const method = request.method ?? 'GET';
	const send = (status: number, body: unknown) => {
		const text = JSON.stringify(body);
		response.writeHead(status, {
			'content-type': 'application/json',
			'content-length': Buffer.byteLength(text),
			'cache-control': 'no-store'
		});
		response.end(method === 'HEAD' ? undefined : text);
	};
	if (method !== 'GET' && method !== 'HEAD' && method !== 'OPTIONS') {
		response.writeHead(405, { allow: 'GET, HEAD, OPTIONS', 'content-length': 0 });
		response.end();
		return true;
	}
	if (path === '/livez') {
		// Stopping (SIGTERM): out of rotation at once, while open connections are handed over.
		if (state.stopping()) send(503, { status: 'stopping' });
		else send(200, { status: 'ok' });
		return true;
	}
	void readiness(state).then(
		(body) => send(body.status === 'ok' ? 200 : 503, body),
		() => send(503, { status: 'unavailable' })
	);
	return true;
}

async function readiness(state: { stopping(): boolean; probes: ReadinessProbes }) {
	const parts = Object.entries(state.probes);
	const results = await Promise.all(parts.map(([, probe]) => probe().catch(() => false)));
	const checks: Record<string, 'up' | 'down'> = {};
	parts.forEach(([name], i) => (checks[name] = results[i] ? 'up' : 'down'));
	const stopping = state.stopping();
	const status = stopping ? 'stopping' : results.every(Boolean) ? 'ok' : 'degraded';
	return { status, ...checks };
}
