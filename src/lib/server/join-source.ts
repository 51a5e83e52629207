import type { RequestEvent } from '@sveltejs/kit';
import { clientId } from './client-cookie';
import type { JoinAttemptSource } from './db/join-attempts';

/** Who is trying a join code: this browser's samla_client id (set if new) and its address. */
export function joinAttemptSource(event: Pick<RequestEvent, 'cookies' | 'url' | 'getClientAddress'>): JoinAttemptSource {
	let ip: string | null = null;
	try {
		ip = event.getClientAddress();
	} catch {
		ip = null; // no address known (e.g. some adapters in prerendering); the cookie still counts
	}
	return { clientId: clientId(event.cookies, event.url.protocol === 'https:'), ip };
}
