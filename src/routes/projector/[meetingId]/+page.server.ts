import { error, redirect } from '@sveltejs/kit';
import { followUpUrl, joinUrl } from '$lib/meeting';
import { getLocale } from '$lib/paraglide/runtime';
import { resolveMeetingAccess } from '$lib/server/auth/meeting-access';
import { projectorCookieName } from '$lib/server/auth/projector';
import { loadProjectorMeeting } from '$lib/server/db/projector-meeting';
import { publicMeetingRepresentation } from '$lib/server/db/representation';
import { isUuid } from '$lib/server/db/uuid';
import { qrSvg } from '$lib/server/qr';
import type { PageServerLoad } from './$types';

/** How long a projector stays signed in with its key (a new link ends it sooner). */
const PROJECTOR_COOKIE_MAX_AGE_S = 7 * 24 * 60 * 60;

/**
 * The room's big screen. The moderator's link carries the key in `?key=`; the page moves it into
 * a cookie and redirects, so the key leaves the address bar (and the history, and anyone reading
 * over a shoulder). Without a current key: 403, with what to do.
 */
export const load: PageServerLoad = async ({ params, url, cookies, locals, setHeaders }) => {
	const { sql } = locals.services;
	const meetingId = params.meetingId;
	const forbidden: () => never = () => error(403, { message: 'The projector link is not valid', code: 'PROJECTOR_KEY' });
	if (!isUuid(meetingId)) forbidden();
	setHeaders({ 'cache-control': 'private, no-store' });
	const cookieName = projectorCookieName(meetingId);

	const fromLink = url.searchParams.get('key');
	if (fromLink !== null) {
		if (!(await resolveMeetingAccess(sql, meetingId, [{ kind: 'projector', key: fromLink }]))) forbidden();
		cookies.set(cookieName, fromLink, {
			path: '/',
			httpOnly: true,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: PROJECTOR_COOKIE_MAX_AGE_S
		});
		redirect(303, `/projector/${meetingId}`);
	}

	const key = cookies.get(cookieName);
	if (!(await resolveMeetingAccess(sql, meetingId, [{ kind: 'projector', key }]))) {
		// A replaced key is of no use any more; the browser need not keep sending it.
		if (key) cookies.delete(cookieName, { path: '/' });
		forbidden();
	}
	const meeting = await loadProjectorMeeting(sql, meetingId);
	const representation = await publicMeetingRepresentation(sql, meetingId, getLocale() === 'en' ? 'en' : 'sv');
	if (!meeting || !representation) forbidden();
	const link = joinUrl(url.origin, meeting.joinCode);
	const followUp = followUpUrl(url.origin, meeting.joinCode);
	return {
		meeting: meeting,
		joinLink: link,
		// Trusted markup: generated here by the qrcode package from our own URL, never from input.
		qrSvg: await qrSvg(link),
		// Shown once the meeting is closed (also when it closes while the page is open).
		followUpLink: followUp,
		followUpQrSvg: await qrSvg(followUp),
		representation
		// Not the key: the live connections ask to be the projector and the server reads the
		// HttpOnly cookie, so the key is in neither the HTML nor a request line.
	};
};
