import { expect, test } from '@playwright/test';
import { formatJoinCode } from '../../src/lib/join-code';
import { startEmbeddedPostgres } from '../../src/lib/server/db/embedded';
import { connect } from '../../src/lib/server/db/sql';
import { randomJoinCode } from '../../src/lib/server/random-join-code';
import { E2E_DATA_DIR } from './env';
import { expectNoAxeViolations, tabTo } from './helpers';

const THEME = 'Framtidens kompetensförsörjning';
const PROCESS = 'RUS 2020–2040 (e2e)';

let joinCode: string;

test.beforeAll(async () => {
	// A meeting to join, arranged in the running server's database as the CLI would reach it.
	const database = await startEmbeddedPostgres(E2E_DATA_DIR, { role: 'tool' });
	const sql = connect(database.url, { max: 1 });
	try {
		joinCode = randomJoinCode();
		const [process] = await sql<{ id: string }[]>`insert into processes (title) values (${PROCESS}) returning id`;
		await sql`
			insert into meetings (process_id, theme_title, join_code, starts_at, location)
			values (${process.id}, ${THEME}, ${joinCode}, '2026-02-03T12:00:00Z', 'Skellefteå, Campus')`;
	} finally {
		await sql.end({ timeout: 1 });
		await database.stop();
	}
});

test('a participant joins with a code typed in lower case, using the keyboard alone', async ({ page }) => {
	await page.goto('/join');
	await expect(page.getByRole('heading', { level: 1, name: 'Gå med i ett möte' })).toBeVisible();
	await expectNoAxeViolations(page);

	const field = page.getByLabel('Mötets kod');
	await tabTo(page, field);
	await page.keyboard.type(formatJoinCode(joinCode).toLowerCase());
	await page.keyboard.press('Enter');

	await expect(page).toHaveURL(`/join/${joinCode}`);
	await expect(page.getByRole('heading', { level: 1, name: THEME })).toBeVisible();
	await expect(page.getByText(PROCESS)).toBeVisible();
	await expect(page.getByText('Skellefteå, Campus')).toBeVisible();
	await expectNoAxeViolations(page);
});

test('a wrong code is announced, described on the field, and the field is ready to correct', async ({ page }) => {
	await page.goto('/join');
	const field = page.getByLabel('Mötets kod');
	await tabTo(page, field);
	await page.keyboard.type('ABC-DEF-GH2');
	await page.keyboard.press('Enter');

	const alert = page.getByRole('alert');
	await expect(alert).toContainText('Vi hittade inget möte med koden ABC-DEF-GH2');
	await expect(field).toBeFocused();
	await expect(field).toHaveAttribute('aria-invalid', 'true');
	await expect(field).toHaveAccessibleDescription(/Vi hittade inget möte med koden ABC-DEF-GH2/);
	await expectNoAxeViolations(page);

	// Correcting the code in the same field gets the participant in.
	await page.keyboard.type(joinCode);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: THEME })).toBeVisible();
});

test('a join link with a code that leads nowhere shows the form with the reason', async ({ page }) => {
	const response = await page.goto('/join/abc-def-gh3');
	expect(response?.status()).toBe(404);
	await expect(page).toHaveURL('/join/ABCDEFGH3');
	await expect(page.getByRole('alert')).toContainText('Vi hittade inget möte med koden ABC-DEF-GH3');
	await expect(page.getByLabel('Mötets kod')).toHaveValue('ABCDEFGH3');
	await expectNoAxeViolations(page);
});

test('the privacy page explains what is stored, and switching to English with the keyboard translates it', async ({ page }) => {
	await page.goto('/privacy');
	await expect(page.getByRole('heading', { level: 1, name: 'Personuppgifter i Samla' })).toBeVisible();
	await expect(page.getByText('Vi sparar inga IP-adresser.', { exact: false })).toBeVisible();
	await expect(page.getByRole('rowheader', { name: 'samla_client' })).toBeVisible();
	await expectNoAxeViolations(page);

	// One action: the language is a link.
	const languages = page.getByRole('navigation', { name: 'Språk' });
	await expect(languages.getByRole('link', { name: 'Svenska' })).toHaveAttribute('aria-current', 'true');
	await tabTo(page, languages.getByRole('link', { name: 'English' }));
	await page.keyboard.press('Enter');

	await expect(page.getByRole('heading', { level: 1, name: 'Personal data in Samla' })).toBeVisible();
	await expect(page.locator('html')).toHaveAttribute('lang', 'en');
	await expect(page).toHaveURL('/privacy');
	await expectNoAxeViolations(page);
});

test('the accessibility statement’s report form works with the keyboard alone', async ({ page }) => {
	await page.goto('/accessibility');
	await expect(page.getByRole('heading', { level: 1, name: 'Tillgänglighetsredogörelse' })).toBeVisible();
	await expect(page.getByText('delvis förenlig', { exact: false })).toBeVisible();
	await expect(page.getByRole('link', { name: 'Anmäl till Digg på digg.se' })).toHaveAttribute('href', /^https:\/\/www\.digg\.se\//);
	await expectNoAxeViolations(page);

	// Sending without a description: the problem is announced and the field focused.
	const description = page.getByLabel('Beskriv problemet');
	await tabTo(page, page.getByRole('button', { name: 'Skicka rapporten' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('alert')).toContainText('Rapporten skickades inte.');
	await expect(description).toBeFocused();
	await expect(description).toHaveAccessibleDescription(/Beskriv problemet\./);
	await expectNoAxeViolations(page);

	await page.keyboard.type('Tidtagaren läses inte upp av min skärmläsare.');
	await page.keyboard.press('Tab');
	await expect(page.getByRole('button', { name: 'Skicka rapporten' })).toBeFocused();
	await page.keyboard.press('Enter');

	const confirmation = page.getByText('Tack! Vi har tagit emot din rapport.');
	await expect(confirmation).toBeVisible();
	await expect(confirmation).toBeFocused();
	await expect(description).toHaveValue('');
	await expectNoAxeViolations(page);
});
