import { apiError } from './respond';

// Every 4xx and 5xx under /api/v1 answers the documented problem body `{ code, message }`, also
// when it comes from SvelteKit itself (an unknown path, a method the route lacks, a body over the
// size limit, an error thrown) rather than from a route (issue 9, defect 16).

export const API_PREFIX = '/api/v1';

/** The error code of a status that the route did not name itself. */
export function problemCode(status: number): string {
	switch (status) {
		case 400:
			return 'VALIDATION';
		case 401:
			return 'UNAUTHENTICATED';
		case 403:
			return 'FORBIDDEN';
		case 404:
			return 'NOT_FOUND';
		case 405:
			return 'METHOD_NOT_ALLOWED';
		case 413:
			return 'PAYLOAD_TOO_LARGE';
		case 415:
			return 'UNSUPPORTED_MEDIA_TYPE';
		case 429:
			return 'RATE_LIMITED';
		default:
			return status >= 500 ? 'INTERNAL' : 'BAD_REQUEST';
	}
}

const MESSAGES: Record<string, string> = {
	NOT_FOUND: 'There is no such API path. The paths are in /api/v1/openapi.json.',
	METHOD_NOT_ALLOWED: 'This path does not take this method (see the Allow header and /api/v1/openapi.json).',
	PAYLOAD_TOO_LARGE: 'The request body is too large.',
	INTERNAL: 'Something went wrong on the server.'
};

/** Whether a path is under /api/v1. */
export const isApiPath = (pathname: string) => pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`);

/** Whether a body is already a problem `{ code: string, message: string }`. */
function isProblem(body: unknown): boolean {
	return typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string' && typeof (body as { message?: unknown }).message === 'string';
}

/**
 * The response as a client of /api/v1 may rely on it: an error without the problem body gets one
 * (the status and the headers that matter, such as Allow and Retry-After, stay).
 */
export async function asApiProblem(pathname: string, response: Response): Promise<Response> {
	if (!isApiPath(pathname) || response.status < 400) return response;
	const type = response.headers.get('content-type') ?? '';
	let message: string | undefined;
	if (/json/.test(type)) {
		const body: unknown = await response
			.clone()
			.json()
			.catch(() => undefined);
		if (isProblem(body)) return response;
		const given = (body as { message?: unknown } | undefined)?.message;
		if (typeof given === 'string') message = given;
	}
	await response.body?.cancel().catch(() => undefined);
	const code = problemCode(response.status);
	const headers: Record<string, string> = {};
	for (const name of ['allow', 'retry-after', 'www-authenticate']) {
		const value = response.headers.get(name);
		if (value) headers[name] = value;
	}
	// SvelteKit's own messages for a 5xx may say more than a client should learn.
	const text = response.status >= 500 ? MESSAGES.INTERNAL : (MESSAGES[code] ?? message ?? `HTTP ${response.status}`);
	return apiError(response.status, code, text, headers);
}
