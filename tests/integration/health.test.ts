import { describe, expect, it } from 'vitest';
import { useTestApp } from './harness';

describe('health', () => {
	const app = useTestApp();

	it('/healthz answers 200 with the database up', async () => {
		const response = await fetch(`${app.url}/healthz`);
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual({ status: 'ok', app: 'up', database: 'up' });
	});

	it('the start page is served in Swedish by default', async () => {
		const html = await (await fetch(`${app.url}/`)).text();
		expect(html).toContain('<html lang="sv">');
		expect(html).toContain('Hoppa till innehållet');
	});

	it('choosing English sets a cookie and later pages are in English', async () => {
		const response = await fetch(`${app.url}/language`, {
			method: 'POST',
			redirect: 'manual',
			headers: { origin: app.url, 'content-type': 'application/x-www-form-urlencoded' },
			body: 'locale=en&redirectTo=%2F'
		});
		expect(response.status).toBe(303);
		const cookie = response.headers.get('set-cookie')!.split(';')[0];
		const html = await (await fetch(`${app.url}/`, { headers: { cookie } })).text();
		expect(html).toContain('<html lang="en">');
		expect(html).toContain('Skip to content');
	});

	it('a first visit follows the browser\'s Accept-Language; a chosen language (the cookie) comes before it; Swedish otherwise', async () => {
		const page = async (headers: Record<string, string>) => (await fetch(`${app.url}/join`, { headers })).text();
		expect(await page({ 'accept-language': 'en-US,en;q=0.9' })).toContain('<html lang="en">');
		expect(await page({ 'accept-language': 'de-DE, en;q=0.5, sv;q=0.4' })).toContain('<html lang="en">');
		expect(await page({ 'accept-language': 'sv-SE, en;q=0.8' })).toContain('<html lang="sv">');
		expect(await page({ 'accept-language': 'de-DE, fr;q=0.5' })).toContain('<html lang="sv">');
		expect(await page({ 'accept-language': 'en-GB', cookie: 'samla_locale=sv' })).toContain('<html lang="sv">');
	});

	it('the header\'s language links set the cookie with a plain GET and return to the page, never to another site', async () => {
		const html = await (await fetch(`${app.url}/privacy?x=1`, { headers: { 'accept-language': 'sv' } })).text();
		expect(html).toContain('href="/language?locale=en&amp;redirectTo=%2Fprivacy%3Fx%3D1"');
		const response = await fetch(`${app.url}/language?locale=en&redirectTo=%2Fprivacy%3Fx%3D1`, { redirect: 'manual' });
		expect(response.status).toBe(303);
		expect(response.headers.get('location')).toBe('/privacy?x=1');
		const cookie = response.headers.get('set-cookie')!.split(';')[0];
		expect(cookie).toBe('samla_locale=en');
		for (const away of ['//evil.example/', 'https://evil.example/', '/\\evil.example/']) {
			const refused = await fetch(`${app.url}/language?locale=en&redirectTo=${encodeURIComponent(away)}`, { redirect: 'manual' });
			expect(refused.headers.get('location')).toBe('/');
		}
		// An unknown language changes nothing.
		const unknown = await fetch(`${app.url}/language?locale=xx&redirectTo=%2F`, { redirect: 'manual' });
		expect(unknown.headers.get('set-cookie')).toBeNull();
	});
});
