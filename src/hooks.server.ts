import type { Handle } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import { paraglideMiddleware } from '$lib/paraglide/server';
import {
	SESSION_COOKIE,
	bearerToken,
	sessionCookieOptions,
	validateSessionToken
} from '$lib/server/auth/session';
import { apiError } from '$lib/server/api/respond';
import { sameOriginAllowed } from '$lib/server/same-origin';
import { getServices } from '$lib/server/services';
import { asApiProblem, isApiPath } from '$lib/server/api/problem';

const i18n: Handle = ({ event, resolve }) =>
	paraglideMiddleware(event.request, ({ request, locale }) => {
		event.request = request;
		return resolve(event, {
			transformPageChunk: ({ html }) => html.replace('%paraglide.lang%', locale)
		});
	});

/**
 * Cross-site request forgery: a state-changing request must come from this origin (see
 * sameOriginAllowed), whatever its content type; SvelteKit's own check (form content types only)
 * is handed to this one (`csrf.trustedOrigins` in svelte.config.js). Behind a proxy, `ORIGIN`
 * makes `event.url.origin` the public origin.
 */
const sameOrigin: Handle = ({ event, resolve }) => {
	if (sameOriginAllowed(event.request, event.url.origin)) return resolve(event);
	const message = `Cross-site ${event.request.method} requests are forbidden: send it from ${event.url.origin}, or authenticate with a bearer token and no cookies.`;
	if (event.url.pathname.startsWith('/api/')) return apiError(403, 'CROSS_SITE', message);
	return new Response(message, { status: 403, headers: { 'content-type': 'text/plain; charset=utf-8' } });
};

/** Reads the session once per request (cookie for browsers, bearer token for scripts). */
const auth: Handle = async ({ event, resolve }) => {
	const services = getServices();
	event.locals.services = services;
	event.locals.moderator = null;
	event.locals.sessionId = null;

	const fromCookie = event.cookies.get(SESSION_COOKIE);
	const token = bearerToken(event.request.headers.get('authorization')) ?? fromCookie ?? null;
	if (token) {
		const session = await validateSessionToken(services.sql, token);
		if (session) {
			event.locals.moderator = session.moderator;
			event.locals.sessionId = session.id;
			if (session.renewed && token === fromCookie) {
				event.cookies.set(SESSION_COOKIE, token, sessionCookieOptions(event.url.protocol === 'https:'));
			}
		} else if (token === fromCookie) {
			event.cookies.delete(SESSION_COOKIE, { path: '/' });
		}
	}
	return resolve(event);
};

// Every response of `npm start` (static files and socket.io's included) gets nosniff, and HSTS
// when ORIGIN is https, from server/security-headers.ts; nosniff here keeps it in `npm run dev`.

/** Gives every /api/v1 error the problem body, also SvelteKit's own (404, 405, 413, thrown errors). */
const apiProblems: Handle = async ({ event, resolve }) => {
	try {
		return await asApiProblem(event.url.pathname, await resolve(event));
	} catch (error) {
		if (!isApiPath(event.url.pathname)) throw error;
		const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : 500;
		if (status >= 500) event.locals.services?.log.error(`${event.request.method} ${event.url.pathname} failed`, error);
		return asApiProblem(event.url.pathname, new Response(null, { status }));
	}
};

const securityHeaders: Handle = async ({ event, resolve }) => {
	const response = await resolve(event);
	response.headers.set('X-Content-Type-Options', 'nosniff');
	response.headers.set('Referrer-Policy', 'same-origin');
	return response;
};

export const handle = sequence(securityHeaders, sameOrigin, apiProblems, i18n, auth);
