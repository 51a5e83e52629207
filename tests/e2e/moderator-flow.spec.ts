import { expect, test, type Page } from '@playwright/test';
import { createModeratorWithCli, expectNoAxeViolations, tabToward, typeInto } from './helpers';

// Issue 2, acceptance: a moderator prepares a process and a themed meeting with the keyboard alone,
// gets its join code and QR code, and another moderator cannot see any of it.

const FIRST = { email: 'process-owner-e2e@region.example', name: 'Maja Moderator', password: 'a long e2e passphrase one' };
const SECOND = { email: 'other-moderator-e2e@region.example', name: 'Olle Annan', password: 'a long e2e passphrase two' };
const PROCESS_TITLE = 'RUS 2020–2040 dialog e2e';
const JOIN_CODE = /^[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}-[2-9A-HJKMNP-TV-Z]{3}$/;

async function signIn(page: Page, who: typeof FIRST) {
	await page.goto('/sign-in?redirectTo=/processes');
	await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
	await expectNoAxeViolations(page);
	await typeInto(page, page.getByLabel('E-postadress'), who.email);
	await typeInto(page, page.getByLabel('Lösenord'), who.password);
	await page.keyboard.press('Enter');
	await expect(page).toHaveURL(/\/processes$/);
	await expect(page.getByRole('heading', { level: 1, name: 'Processer' })).toBeVisible();
}

async function signOut(page: Page) {
	await tabToward(page, page.getByRole('button', { name: 'Logga ut' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('link', { name: 'Logga in', exact: true })).toBeVisible();
}

test.beforeAll(async () => {
	await createModeratorWithCli(FIRST);
	await createModeratorWithCli(SECOND);
});

test('a moderator prepares a process and a meeting with the keyboard alone, and another moderator cannot see it', async ({ page }) => {
	// Sign in and start a process.
	await signIn(page, FIRST);
	await expectNoAxeViolations(page);
	await tabToward(page, page.getByRole('link', { name: 'Ny process' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Ny process' })).toBeVisible();
	await expectNoAxeViolations(page);

	await typeInto(page, page.getByLabel('Titel'), PROCESS_TITLE);
	await typeInto(page, page.getByLabel('Ägande organisation'), 'Region Västerbotten');
	await typeInto(page, page.getByLabel('Beskrivning'), 'Nio tematiska dialogmöten om länets framtid.');
	await tabToward(page, page.getByRole('button', { name: 'Skapa processen' }));
	await page.keyboard.press('Enter');

	// The process page.
	await expect(page.getByRole('heading', { level: 1, name: PROCESS_TITLE })).toBeVisible();
	await expect(page).toHaveURL(/\/processes\/[0-9a-f-]{36}$/);
	const processUrl = new URL(page.url()).pathname;
	await expect(page.getByRole('listitem').filter({ hasText: `${FIRST.name} (${FIRST.email}) – ägare` })).toBeVisible();
	await expectNoAxeViolations(page);

	// A new meeting, every field filled in, first with one problem.
	await tabToward(page, page.getByRole('link', { name: 'Nytt möte' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('heading', { level: 1, name: 'Nytt möte' })).toBeVisible();
	await expectNoAxeViolations(page);

	await typeInto(page, page.getByLabel('Tema'), 'Framtidens kulturliv');
	await tabToward(page, page.getByLabel('Vägledande frågor'));
	await page.keyboard.type('Vad ska kulturen ge länets invånare år 2040?');
	await page.keyboard.press('Enter');
	await page.keyboard.type('Hur blir kulturen tillgänglig för alla?');
	await typeInto(page, page.getByLabel('Datum', { exact: true }), '2030-11-07');
	await typeInto(page, page.getByLabel('Starttid'), '09:00');
	await typeInto(page, page.getByLabel('Sluttid (frivillig)'), '12:00');
	await typeInto(page, page.getByLabel('Plats för mötet'), 'Umeå');
	await typeInto(page, page.getByLabel('Röster per deltagare'), '5');
	await typeInto(page, page.getByLabel('Högst antal röster på samma idé'), '9');
	// Notes visible at once: untick the default.
	const privateNotes = page.getByLabel('Idéerna är dolda för de andra deltagarna tills moderatorn visar dem');
	await tabToward(page, privateNotes);
	await page.keyboard.press('Space');
	await expect(privateNotes).not.toBeChecked();
	// Everyone may group: arrow keys move within the radio group.
	await tabToward(page, page.getByRole('radio', { name: 'Bara moderatorerna' }));
	await page.keyboard.press('ArrowDown');
	await expect(page.getByRole('radio', { name: 'Alla deltagare' })).toBeChecked();
	const anonymous = page.getByLabel('Visa inte vem som har skrivit idéerna på tavlan');
	await tabToward(page, anonymous);
	await page.keyboard.press('Space');
	await expect(anonymous).toBeChecked();
	await tabToward(page, page.getByRole('button', { name: 'Skapa mötet' }));
	await page.keyboard.press('Enter');

	// The problem is announced, focused, shown next to its field, and nothing typed is lost.
	const summary = page.locator('.error-summary');
	await expect(page.getByRole('alert').filter({ hasText: 'Rätta följande och försök igen' })).toContainText(
		'Högst antal röster på samma idé: Kan inte vara fler än rösterna per deltagare (5).'
	);
	await expect(summary).toBeFocused();
	const maxVotes = page.getByLabel('Högst antal röster på samma idé');
	await expect(maxVotes).toHaveAttribute('aria-invalid', 'true');
	await expect(maxVotes).toHaveAccessibleDescription(/Kan inte vara fler än rösterna per deltagare \(5\)\./);
	await expect(page.getByLabel('Tema')).toHaveValue('Framtidens kulturliv');
	await expect(page).toHaveTitle(/^Fel: /);
	await expectNoAxeViolations(page);

	await typeInto(page, maxVotes, '3');
	await tabToward(page, page.getByRole('button', { name: 'Skapa mötet' }));
	await page.keyboard.press('Enter');

	// The meeting editor: the code large, the link, the QR code with an accessible name.
	await expect(page.getByRole('heading', { level: 1, name: 'Framtidens kulturliv' })).toBeVisible();
	await expect(page).toHaveURL(/\/meetings\/[0-9a-f-]{36}\?created=1$/);
	const code = (await page.getByTestId('join-code').textContent())!.trim();
	expect(code).toMatch(JOIN_CODE);
	await expect(page.getByRole('link', { name: new RegExp(`/join/${code.replaceAll('-', '')}$`) })).toBeVisible();
	const qr = page.getByRole('img', { name: `QR-kod som leder till mötet med koden ${code}` });
	await expect(qr).toBeVisible();
	await expect(qr.locator('svg')).toBeVisible();
	await expect(page.getByText('torsdag 7 november 2030 kl. 09:00–12:00')).toBeVisible();
	await expect(page.getByLabel('Högst antal röster på samma idé')).toHaveValue('3');
	await expect(page.getByRole('radio', { name: 'Alla deltagare' })).toBeChecked();
	await expect(page.getByLabel('Visa inte vem som har skrivit idéerna på tavlan')).toBeChecked();
	await expect(page.getByLabel('Idéerna är dolda för de andra deltagarna tills moderatorn visar dem')).not.toBeChecked();
	await expectNoAxeViolations(page);

	// Back on the process page the meeting is listed with its code.
	await tabToward(page, page.getByRole('link', { name: `Tillbaka till ${PROCESS_TITLE}` }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('row').filter({ hasText: 'Framtidens kulturliv' })).toContainText(code);
	await expectNoAxeViolations(page);
	await signOut(page);

	// The second moderator sees neither the process in the list nor its page.
	await signIn(page, SECOND);
	await expect(page.getByText(PROCESS_TITLE)).toHaveCount(0);
	await expectNoAxeViolations(page);
	const response = await page.goto(processUrl);
	expect(response?.status()).toBe(404);
	await expect(page.getByText(PROCESS_TITLE)).toHaveCount(0);
	await expect(page.getByText('Sidan finns inte.')).toBeVisible();
	await expectNoAxeViolations(page);
	await signOut(page);
});
