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
});
