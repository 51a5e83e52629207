import { describe, expect, it } from 'vitest';
import { useTestApp } from './harness';

// Issue 9 point 17 (regression): every response says `nosniff`, static and immutable files and
// socket.io's answers included, and carries HSTS when the public origin (ORIGIN) is https.

/** The responses a browser can get from Samla without signing in: a page, files, socket.io, a 404. */
async function sampleResponses(url: string): Promise<Map<string, Response>> {
	const page = await fetch(`${url}/`);
	const html = await page.text();
	const immutable = /\/_app\/immutable\/[^"']+\.js/.exec(html)?.[0];
	expect(immutable).toBeDefined();
	const responses = new Map<string, Response>([['page', page]]);
	for (const [name, path] of [
		['immutable asset', immutable!],
		['static file', '/favicon.svg'],
		['unknown path', '/no-such-page'],
		['api', '/api/v1/openapi.json'],
		['socket.io handshake', '/socket.io/?EIO=4&transport=polling'],
		['socket.io refusal', '/socket.io/?EIO=4&transport=nonsense']
	] as const) {
		const response = await fetch(`${url}${path}`);
		await response.arrayBuffer();
		responses.set(name, response);
	}
	return responses;
}

describe('security headers with an https ORIGIN', () => {
	const app = useTestApp({ ORIGIN: 'https://samla.example.se' });

	it('every response says nosniff and Strict-Transport-Security, static and immutable files and socket.io included', async () => {
		const responses = await sampleResponses(app.url);
		expect(responses.get('immutable asset')!.status).toBe(200);
		expect(responses.get('static file')!.status).toBe(200);
		expect(responses.get('socket.io handshake')!.status).toBe(200);
		for (const [name, response] of responses) {
			expect({ name, nosniff: response.headers.get('x-content-type-options') }).toEqual({ name, nosniff: 'nosniff' });
			expect({ name, hsts: response.headers.get('strict-transport-security') }).toEqual({ name, hsts: 'max-age=31536000' });
		}
	});
});

describe('security headers without an https ORIGIN', () => {
	const app = useTestApp();

	it('every response says nosniff, and none claims HSTS over plain http', async () => {
		for (const [name, response] of await sampleResponses(app.url)) {
			expect({ name, nosniff: response.headers.get('x-content-type-options') }).toEqual({ name, nosniff: 'nosniff' });
			expect({ name, hsts: response.headers.get('strict-transport-security') }).toEqual({ name, hsts: null });
		}
	});
});
