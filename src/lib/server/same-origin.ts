/** Methods that change nothing; every other method must come from Samla's own origin. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The content types a cross-site HTML form (or a no-cors fetch) can send without a preflight. */
const SIMPLE_CONTENT_TYPES = ['application/x-www-form-urlencoded', 'multipart/form-data', 'text/plain'];

function originOf(url: string): string | null {
	try {
		return new URL(url).origin;
	} catch {
		return null;
	}
}

/** The cookies that sign a browser in: a moderator's session, a participant's place, a projector's key. */
export function isCredentialCookie(name: string): boolean {
	return name === 'samla_session' || name.startsWith('samla_p_') || name.startsWith('samla_projector_');
}

function carriesCredentialCookie(request: Request): boolean {
	const header = request.headers.get('cookie');
	if (!header) return false;
	return header.split(';').some((pair) => isCredentialCookie(pair.split('=')[0].trim()));
}

/**
 * Whether a request may change state on behalf of whoever its cookies name: a safe method always
 * may; any other method only when the browser says it comes from `ownOrigin`. Browsers send Origin
 * on every POST, PUT, PATCH and DELETE, also on body-less `mode: 'no-cors'` requests, which
 * SvelteKit's own check (form content types only) lets through. Without Origin: Sec-Fetch-Site,
 * then Referer decide. A request with none of them is a script's, which cross-site forgery cannot
 * produce: it passes unless it is authenticated by a credential cookie (no bearer token beside
 * it) or sends a form body. Another port or a sibling subdomain is another origin.
 */
export function sameOriginAllowed(request: Request, ownOrigin: string): boolean {
	if (SAFE_METHODS.has(request.method)) return true;
	const origin = request.headers.get('origin');
	if (origin !== null) return origin === ownOrigin;
	const site = request.headers.get('sec-fetch-site');
	if (site !== null) return site === 'same-origin';
	const referer = request.headers.get('referer');
	if (referer) return originOf(referer) === ownOrigin;
	const contentType = request.headers.get('content-type')?.split(';')[0].trim().toLowerCase() ?? '';
	if (SIMPLE_CONTENT_TYPES.includes(contentType)) return false;
	const bearer = /^bearer\s/i.test(request.headers.get('authorization') ?? '');
	return bearer || !carriesCredentialCookie(request);
}
