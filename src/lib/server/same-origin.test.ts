import { describe, expect, it } from 'vitest';
import { sameOriginAllowed } from './same-origin';

const OWN = 'https://samla.example.se';

function request(method: string, headers: Record<string, string> = {}): Request {
	return new Request(`${OWN}/api/v1/meetings/x/archive`, { method, headers });
}

describe('sameOriginAllowed', () => {
	it('lets safe methods through from anywhere', () => {
		for (const method of ['GET', 'HEAD', 'OPTIONS']) expect(sameOriginAllowed(request(method, { origin: 'https://evil.example' }), OWN)).toBe(true);
	});

	it('lets a state-changing request through when its Origin is this origin', () => {
		for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
			expect(sameOriginAllowed(request(method, { origin: OWN, cookie: 'samla_session=x' }), OWN)).toBe(true);
		}
	});

	it('refuses another origin, port, scheme or sibling subdomain, and an opaque origin, with or without a body', () => {
		for (const origin of ['https://evil.example', 'https://samla.example.se:8443', 'http://samla.example.se', 'https://other.example.se', 'null']) {
			for (const method of ['POST', 'PUT', 'PATCH', 'DELETE', 'PROPFIND']) expect(sameOriginAllowed(request(method, { origin }), OWN)).toBe(false);
		}
	});

	it('without Origin, follows Sec-Fetch-Site, then the Referer', () => {
		expect(sameOriginAllowed(request('POST', { 'sec-fetch-site': 'same-origin', cookie: 'a=b' }), OWN)).toBe(true);
		expect(sameOriginAllowed(request('POST', { 'sec-fetch-site': 'same-site', cookie: 'a=b' }), OWN)).toBe(false);
		expect(sameOriginAllowed(request('POST', { 'sec-fetch-site': 'cross-site' }), OWN)).toBe(false);
		expect(sameOriginAllowed(request('POST', { referer: `${OWN}/m/1`, cookie: 'a=b' }), OWN)).toBe(true);
		expect(sameOriginAllowed(request('POST', { referer: 'https://other.example.se/', cookie: 'a=b' }), OWN)).toBe(false);
		expect(sameOriginAllowed(request('POST', { referer: 'not a url', cookie: 'a=b' }), OWN)).toBe(false);
	});

	it('without any of them, refuses credential cookies and form bodies but lets a script with a bearer token through', () => {
		expect(sameOriginAllowed(request('POST', { cookie: 'samla_session=x' }), OWN)).toBe(false);
		expect(sameOriginAllowed(request('POST', { cookie: 'samla_locale=sv; samla_p_0b6f7c1e=y' }), OWN)).toBe(false);
		expect(sameOriginAllowed(request('DELETE', { cookie: 'samla_projector_0b6f=z' }), OWN)).toBe(false);
		// A script's cookie jar may hold samla_client (set when it joined); its bearer token authenticates it.
		expect(sameOriginAllowed(request('POST', { cookie: 'samla_client=abc', authorization: 'Bearer a.b', 'content-type': 'application/json' }), OWN)).toBe(true);
		expect(sameOriginAllowed(request('POST', { cookie: 'samla_session=x', authorization: 'Bearer a.b' }), OWN)).toBe(true);
		expect(sameOriginAllowed(request('POST', { cookie: 'samla_client=abc', 'content-type': 'application/json' }), OWN)).toBe(true);
		expect(sameOriginAllowed(request('POST', { 'content-type': 'text/plain' }), OWN)).toBe(false);
		expect(sameOriginAllowed(request('POST', { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' }), OWN)).toBe(false);
		expect(sameOriginAllowed(request('POST', { authorization: 'Bearer a.b', 'content-type': 'application/json' }), OWN)).toBe(true);
		expect(sameOriginAllowed(request('DELETE', { authorization: 'Bearer a.b' }), OWN)).toBe(true);
	});
});
