import type { RequestEvent } from '@sveltejs/kit';
import { clientId } from './client-cookie';
import type { JoinAttemptSource } from './db/join-attempts';

/** The client's network address as adapter-node sees it (ADDRESS_HEADER behind a proxy), or null. */
export function clientAddress(event: Pick<RequestEvent, 'getClientAddress'>): string | null {
	try {
		return event.getClientAddress();
	} catch {
		return null; // no address known (e.g. ADDRESS_HEADER set but missing); the cookie still counts
	}
}

/** Who is trying a join code: this browser's samla_client id (set if new) and its address. */
export function joinAttemptSource(event: Pick<RequestEvent, 'cookies' | 'url' | 'getClientAddress'>): JoinAttemptSource {
	return { clientId: clientId(event.cookies, event.url.protocol === 'https:'), ip: clientAddress(event) };
}
