import { formatJoinCode } from '$lib/join-code';
import { joinUrl } from '$lib/meeting';
import { loadMeetingRoute } from '$lib/server/meeting-route';
import { qrSvg } from '$lib/server/qr';
import type { RequestHandler } from './$types';

/** The meeting's join QR code as an SVG file, to print or put on a slide. */
export const GET: RequestHandler = async (event) => {
	const { meeting } = await loadMeetingRoute(event);
	const svg = await qrSvg(joinUrl(event.url.origin, meeting.joinCode));
	return new Response(svg, {
		headers: {
			'content-type': 'image/svg+xml; charset=utf-8',
			'content-disposition': `attachment; filename="samla-${formatJoinCode(meeting.joinCode)}.svg"`,
			'cache-control': 'private, no-store'
		}
	});
};
