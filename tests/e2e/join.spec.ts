import { expect, test } from '@playwright/test';
import { normaliseJoinCode } from '../../src/lib/join-code';
import { createMeetingWithApi, createModeratorWithCli, expectNoAxeViolations, joinWithApi, sessionCookie, tabTo, type ApiMeeting } from './helpers';

const MODERATOR = { email: 'join-e2e@region.example', name: 'Moa Moderator', password: 'a long e2e passphrase for joining' };
const THEME = 'Hållbara samhällen (e2e)';

let meeting: ApiMeeting;
let moderatorToken: string;

test.beforeAll(async () => {
	// A worker restarted after a failed test runs this again against the same server.
	await createModeratorWithCli(MODERATOR, { orExisting: true });
	// The moderator prepares the meeting through the JSON API, as a script would.
	({ token: moderatorToken, meeting } = await createMeetingWithApi(MODERATOR, 'RUS 2020–2040 (join e2e)', {
		themeTitle: THEME,
		location: 'Lycksele, Forum',
		startsAt: '2026-04-14T09:00:00+02:00'
	}));
});

test.describe('on a phone', () => {
	test.use({ viewport: { width: 390, height: 844 }, hasTouch: true });

	test('a participant joins with the code using the keyboard alone and lands on the board', async ({ page, context }) => {
		await page.goto('/join');
		await tabTo(page, page.getByLabel('Mötets kod'));
		await page.keyboard.type(meeting.joinCode.toLowerCase());
		await page.keyboard.press('Enter');

		const code = normaliseJoinCode(meeting.joinCode);
		await expect(page).toHaveURL(`/join/${code}`);
		await expect(page.getByRole('heading', { level: 1, name: THEME })).toBeVisible();
		await expect(page.getByRole('heading', { level: 2, name: 'Gå med i mötet' })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Läs mer om hur Samla hanterar personuppgifter' })).toHaveAttribute('href', '/privacy');
		await expectNoAxeViolations(page);

		// Sending the empty form: the problems are announced in a summary that takes focus,
		// and each field says what is wrong with it.
		const submit = page.getByRole('button', { name: 'Gå med i mötet' });
		await tabTo(page, submit);
		await page.keyboard.press('Enter');
		const summary = page.getByRole('alert').filter({ hasText: 'Du behöver rätta det här innan du kan gå med:' });
		await expect(summary).toBeVisible();
		await expect(page.locator('.error-summary')).toBeFocused();
		const name = page.getByRole('textbox', { name: /Ditt namn på tavlan/ });
		await expect(name).toHaveAttribute('aria-invalid', 'true');
		await expect(name).toHaveAccessibleDescription(/Skriv ett namn. Ett påhittat namn går bra./);
		await expect(page.getByRole('radiogroup', { name: /Hur deltar du\?/ })).toHaveAccessibleDescription(
			/Välj om du deltar på plats eller på distans./
		);
		await expect(page).toHaveTitle(/^Fel: /);
		await expectNoAxeViolations(page);

		// The summary's first link leads to the name field.
		await page.keyboard.press('Tab');
		await expect(page.getByRole('link', { name: 'Skriv ett namn. Ett påhittat namn går bra.' })).toBeFocused();
		await tabTo(page, name);
		await page.keyboard.type('Fjällräven');
		// Step one asks only what is required: from the name, the next stop is "on site or remote".
		await page.keyboard.press('Tab');
		await expect(page.getByRole('radio', { name: 'På plats' })).toBeFocused();
		await page.keyboard.press('Space');
		await expect(page.getByRole('radio', { name: 'På plats' })).toBeChecked();
		await tabTo(page, submit);
		await page.keyboard.press('Enter');

		// Step two: the optional details and an e-mail address, all skippable.
		await expect(page).toHaveURL(`/join/${code}/details`);
		await expect(page.getByRole('heading', { level: 2, name: /Vill du berätta mer\?/ })).toBeVisible();
		await expect(page.getByRole('link', { name: 'Hoppa över och gå till tavlan' })).toBeInViewport();
		await expectNoAxeViolations(page);
		await tabTo(page, page.getByLabel('Organisation (frivilligt)'));
		await page.keyboard.type('Lycksele kommun');
		await page.keyboard.press('Tab');
		const sector = page.getByLabel('Sektor (frivilligt)');
		await expect(sector).toBeFocused();
		await page.keyboard.press('ArrowDown'); // Vill inte ange → Kommun
		await expect(sector).toHaveValue('municipality');
		await page.keyboard.press('Tab');
		const municipality = page.getByLabel('Kommun (frivilligt)');
		await expect(municipality).toBeFocused();
		await page.keyboard.type('Lycksele');
		await expect(municipality).toHaveValue('2481');
		await page.keyboard.press('Tab');
		await expect(page.getByLabel('E-postadress (frivilligt)')).toBeFocused();
		await page.keyboard.type('fjallraven@example.se');
		await page.keyboard.press('Enter');

		await expect(page).toHaveURL(`/m/${meeting.id}`);
		await expect(page.getByRole('heading', { level: 1, name: THEME })).toBeVisible();
		const cookie = (await context.cookies()).find((c) => c.name === `samla_p_${meeting.id.replace(/-/g, '')}`);
		expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/' });

		// Coming back with the code: the same participant, one key press from the board.
		await page.goto(`/join/${code}`);
		await expect(page.getByText('Du är redan med som Fjällräven.')).toBeVisible();
		await expectNoAxeViolations(page);
		await tabTo(page, page.getByRole('link', { name: 'Fortsätt till tavlan' }));
		await page.keyboard.press('Enter');
		await expect(page).toHaveURL(`/m/${meeting.id}`);
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false });

	test('the join form works as a plain form, and a second person can take over the device', async ({ page }) => {
		const code = normaliseJoinCode(meeting.joinCode);
		await page.goto(`/join/${code}`);
		await page.getByLabel(/Ditt namn på tavlan/).fill('Utan skript');
		await page.getByRole('radio', { name: 'På distans' }).check();
		await page.getByRole('button', { name: 'Gå med i mötet' }).click();
		await expect(page).toHaveURL(`/join/${code}/details`);
		await page.getByRole('link', { name: 'Hoppa över och gå till tavlan' }).click();
		await expect(page).toHaveURL(`/m/${meeting.id}`);

		await page.goto(`/join/${code}`);
		await expect(page.getByText('Du är redan med som Utan skript.')).toBeVisible();
		await page.getByRole('button', { name: 'Gå med som någon annan' }).click();
		await expect(page.getByText('Utan skript har lämnat mötet i den här webbläsaren.')).toBeVisible();
		await expect(page.getByLabel(/Ditt namn på tavlan/)).toHaveValue('');
		// (axe needs JavaScript in the page; the same form is checked with it above.)
	});
});

test('a moderator sees who joined and removes a participant with the keyboard', async ({ page, context }) => {
	// Someone joins through the API, with every optional detail given.
	await joinWithApi({
		code: meeting.joinCode,
		displayName: 'Fjällräven',
		organisation: 'Lycksele kommun',
		sectorCode: 'municipality',
		municipalityCode: '2481',
		attendance: 'on_site'
	});

	await context.addCookies([sessionCookie(moderatorToken)]);
	await page.goto(`/processes/${meeting.processId}/meetings/${meeting.id}`);
	await expect(page.getByRole('heading', { level: 2, name: 'Deltagare' })).toBeVisible();
	const row = page.getByRole('region', { name: 'Deltagare i mötet' }).getByRole('row', { name: /Fjällräven/ }).last();
	await expect(row).toContainText('Lycksele kommun');
	await expect(row).toContainText('Kommun');
	await expect(row).toContainText('På plats');
	await expectNoAxeViolations(page);

	const remove = row.getByRole('button', { name: 'Ta bort Fjällräven från mötet' });
	await tabTo(page, remove);
	await page.keyboard.press('Enter');
	await expect(page.getByRole('status').filter({ hasText: 'Fjällräven är borttagen från mötet.' })).toBeVisible();
	await expect(row).toContainText('Borttagen');
	await expect(row.getByRole('button')).toHaveCount(0);
	await expectNoAxeViolations(page);
});
