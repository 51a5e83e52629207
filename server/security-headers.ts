import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** How long a browser keeps to https once it has seen Strict-Transport-Security: one year. */
export const HSTS_MAX_AGE_S = 365 * 24 * 60 * 60;

/**
 * The headers every response carries: `nosniff` always; HSTS only when the public origin is https
 * (over plain http browsers ignore it, and a server reached at http://localhost must not claim it).
 * No `includeSubDomains`: sibling hosts of the same domain may be other services.
 */
export function securityHeaders(origin: string): Record<string, string> {
	const headers: Record<string, string> = { 'X-Content-Type-Options': 'nosniff' };
	if (new URL(origin).protocol === 'https:') headers['Strict-Transport-Security'] = `max-age=${HSTS_MAX_AGE_S}`;
	return headers;
}

/**
 * Puts `securityHeaders` on every response of `server`: the app's pages, its static and immutable
 * files (served by adapter-node before SvelteKit's hooks run) and socket.io's HTTP answers, which
 * socket.io handles in a request listener of its own. Call it after socket.io is attached, so that
 * this listener runs first.
 */
export function sendSecurityHeaders(server: Server, origin: string): void {
	const headers = Object.entries(securityHeaders(origin));
	server.prependListener('request', (_request: IncomingMessage, response: ServerResponse) => {
		for (const [name, value] of headers) response.setHeader(name, value);
	});
}
