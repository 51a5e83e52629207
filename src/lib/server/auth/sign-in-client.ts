import type { RequestEvent } from '@sveltejs/kit';
import { CLIENT_COOKIE, clientId } from '../client-cookie';
import { clientAddress } from '../join-source';
import type { SignInClient } from './sign-in';

/** Who is signing in (see signIn): the samla_client id sent, the one set now if none, and the address. */
export function signInClient(event: Pick<RequestEvent, 'cookies' | 'url' | 'getClientAddress'>): SignInClient {
	const sent = event.cookies.get(CLIENT_COOKIE) ?? null;
	const deviceId = clientId(event.cookies, event.url.protocol === 'https:');
	return { sentDeviceId: sent === deviceId ? sent : null, deviceId, ip: clientAddress(event) };
}
