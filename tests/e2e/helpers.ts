import AxeBuilder from '@axe-core/playwright';
import { expect, request, type APIRequestContext, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { runCli } from '../integration/cli';
import { E2E_DATA_DIR, E2E_PORT } from './env';

// What the e2e specs do alike: arranging moderators, processes and meetings as an operator or a
// script would, signing in and joining as people do, the axe check and keyboard moves.

/** The e2e server's address, for API calls and cookies. */
export const BASE = `http://localhost:${E2E_PORT}`;

/** A moderator's sign-in details. */
export interface ModeratorLogin {
	email: string;
	name: string;
	password: string;
}

/** Runs an operator command (server/cli.ts) on the running server's PostgreSQL; resolves with its output, rejects unless it exits 0. */
export async function cli(args: string[], input = ''): Promise<string> {
	const run = await runCli(args, { env: { DATA_DIR: E2E_DATA_DIR, DATABASE_URL: '', SAMLA_LOG: 'silent' }, input });
	if (run.code !== 0) throw new Error(`${args[0]} exited ${run.code}:\n${run.output}`);
	return run.output;
}

/** Creates a moderator as an operator would: `create-moderator` with the password on stdin (`orExisting`: one already there is fine). */
export async function createModeratorWithCli({ email, name, password }: ModeratorLogin, { orExisting = false } = {}): Promise<void> {
	try {
		await cli(['create-moderator', '--email', email, '--name', name], `${password}\n`);
	} catch (error) {
		if (!(orExisting && error instanceof Error && error.message.includes('already exists'))) throw error;
	}
}

/** Runs `use` with a fresh API request context on the e2e server, disposing of it afterwards. */
export async function withApi<T>(use: (api: APIRequestContext) => Promise<T>): Promise<T> {
	const api = await request.newContext({ baseURL: BASE });
	try {
		return await use(api);
	} finally {
		await api.dispose();
	}
}

/** Signs in through POST /api/v1/auth/sign-in (expecting 200) and returns the bearer token. */
export async function apiSignIn(api: APIRequestContext, { email, password }: Pick<ModeratorLogin, 'email' | 'password'>): Promise<string> {
	const signedIn = await api.post('/api/v1/auth/sign-in', { data: { email, password } });
	expect(signedIn.status()).toBe(200);
	return (await signedIn.json()).token;
}

/** A meeting as the JSON API answers with it (the fields the specs use). */
export interface ApiMeeting {
	id: string;
	processId: string;
	joinCode: string;
}

/** As a script would: signs in through the JSON API and creates a process with one meeting (expecting 201s); returns the token and the meeting. */
export async function createMeetingWithApi(
	moderator: Pick<ModeratorLogin, 'email' | 'password'>,
	processTitle: string,
	meetingFields: Record<string, unknown>
): Promise<{ token: string; meeting: ApiMeeting }> {
	return withApi(async (api) => {
		const token = await apiSignIn(api, moderator);
		const headers = { authorization: `Bearer ${token}` };
		const created = await api.post('/api/v1/processes', { headers, data: { title: processTitle } });
		expect(created.status()).toBe(201);
		const { process } = await created.json();
		const planned = await api.post(`/api/v1/processes/${process.id}/meetings`, { headers, data: meetingFields });
		expect(planned.status()).toBe(201);
		return { token, meeting: (await planned.json()).meeting };
	});
}

/** A participant joins through POST /api/v1/join (expecting 201), as a script would; returns the answer with their token. */
export async function joinWithApi(data: Record<string, unknown>): Promise<{ token: string; participant: { id: string } }> {
	return withApi(async (api) => {
		const joined = await api.post('/api/v1/join', { data });
		expect(joined.status()).toBe(201);
		return joined.json();
	});
}

/** The session cookie that signs a browser in with a moderator's token. */
export function sessionCookie(token: string): Parameters<BrowserContext['addCookies']>[0][number] {
	return { name: 'samla_session', value: token, url: BASE, httpOnly: true, sameSite: 'Lax' };
}

/** Signs in with the browser's sign-in form, arriving at `redirectTo`. */
export async function signInWithForm(page: Page, { email, password }: Pick<ModeratorLogin, 'email' | 'password'>, redirectTo: string) {
	await page.goto(`/sign-in?redirectTo=${redirectTo}`);
	await page.getByLabel('E-postadress').fill(email);
	await page.getByLabel('Lösenord').fill(password);
	await page.getByRole('button', { name: 'Logga in' }).click();
	await expect(page).toHaveURL(redirectTo);
}

/** A participant joins through /join/<code> in a browser of their own (a phone: on site; otherwise remote) and lands on the board of `theme`. */
export async function joinInBrowser(browser: Browser, code: string, name: string, options: { phone: boolean; theme: string }): Promise<Page> {
	const context = await browser.newContext(
		options.phone ? { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, locale: 'sv-SE' } : { locale: 'sv-SE' }
	);
	const page = await context.newPage();
	await page.goto(`/join/${code}`);
	await page.getByLabel(/Ditt namn på tavlan/).fill(name);
	await page.getByRole('radio', { name: options.phone ? 'På plats' : 'På distans' }).check();
	await page.getByRole('button', { name: 'Gå med i mötet' }).click();
	// The optional details come on a second step, skipped here.
	await page.getByRole('link', { name: 'Hoppa över och gå till tavlan' }).click();
	await expect(page.getByRole('heading', { level: 1, name: options.theme })).toBeVisible();
	return page;
}

/** The shared board on a board page. */
export const board = (page: Page) => page.getByRole('region', { name: 'Tavlan' });
/** The visitor's own ideas on a board page. */
export const mine = (page: Page) => page.getByRole('region', { name: 'Mina idéer' });
/** The note card in `area` that shows `text`. */
export const card = (area: Locator, text: string) => area.getByRole('listitem').filter({ hasText: text });

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** axe with the WCAG 2.1 A and AA rules on one page, or only inside `include` (a CSS selector). */
function axe(page: Page, include?: string) {
	const builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
	return (include ? builder.include(include) : builder).analyze();
}

/**
 * Expects axe to find no WCAG 2.1 A/AA violation on the page; `context` names the check when it
 * fails. `include` limits it to one part (axe takes half a minute over a board of 160 ideas).
 */
export async function expectNoAxeViolations(page: Page, context?: string, include?: string) {
	const result = await axe(page, include);
	expect(result.violations, context).toEqual([]);
}

/** The same on several open views at once (separate browser contexts), each failure naming its page's address. */
export async function expectNoAxeViolationsOnEach(...pages: Page[]) {
	const results = await Promise.all(pages.map((page) => axe(page)));
	for (const [i, result] of results.entries()) expect(result.violations, `axe on ${pages[i].url()}`).toEqual([]);
}

/** Presses Tab (or Shift+Tab) until `target` has focus, as a keyboard user would; fails after `limit` presses. */
export async function tabTo(page: Page, target: Locator, { backwards = false, limit = 40 } = {}) {
	for (let presses = 0; presses < limit; presses++) {
		await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
		if (await target.evaluate((element) => element === document.activeElement)) return;
	}
	throw new Error('Tab never reached the element');
}

/**
 * Moves focus to `target` with Tab, or Shift+Tab when it comes before the focused element, without
 * a key press when it already has focus; fails when it is not reached within `limit` presses.
 */
export async function tabToward(page: Page, target: Locator, limit = 80) {
	await expect(target).toBeVisible();
	const handle = await target.elementHandle();
	const backwards = await page.evaluate(
		(element) => {
			const active = document.activeElement;
			if (!element || !active || active === document.body) return false;
			return Boolean(element.compareDocumentPosition(active) & Node.DOCUMENT_POSITION_FOLLOWING);
		},
		handle
	);
	for (let presses = 0; presses < limit; presses++) {
		if (await target.evaluate((element) => element === document.activeElement)) return;
		await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
	}
	if (await target.evaluate((element) => element === document.activeElement)) return;
	throw new Error(`Tab never reached ${target}`);
}

/** Moves to a field with the keyboard (see tabToward) and types into it, replacing what was there. */
export async function typeInto(page: Page, field: Locator, text: string) {
	await tabToward(page, field);
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.type(text);
}
