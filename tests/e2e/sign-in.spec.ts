import { expect, test } from '@playwright/test';
import { createModeratorWithCli, expectNoAxeViolations, tabTo } from './helpers';

const EMAIL = 'sign-in-e2e@region.example';
const NAME = 'Erik Eriksson';
const PASSWORD = 'a long e2e passphrase';

test.beforeAll(async () => {
	await createModeratorWithCli({ email: EMAIL, name: NAME, password: PASSWORD });
});

test('a moderator signs in and out with the keyboard alone', async ({ page }) => {
	await page.goto('/sign-in?redirectTo=/');
	await expect(page.getByRole('heading', { level: 1, name: 'Logga in' })).toBeVisible();
	await expectNoAxeViolations(page);

	const email = page.getByLabel('E-postadress');
	const password = page.getByLabel('Lösenord');
	await tabTo(page, email);
	await page.keyboard.type(EMAIL);
	await page.keyboard.press('Tab');
	await expect(password).toBeFocused();
	await page.keyboard.type('not the right passphrase');
	await page.keyboard.press('Enter');

	const alert = page.getByRole('alert');
	await expect(alert).toContainText('E-postadressen eller lösenordet stämmer inte.');
	await expect(password).toHaveAttribute('aria-describedby', 'sign-in-error');
	await expectNoAxeViolations(page);

	await tabTo(page, password);
	await page.keyboard.press('ControlOrMeta+A');
	await page.keyboard.type(PASSWORD);
	await page.keyboard.press('Enter');

	await expect(page).toHaveURL(/\/$/);
	await expect(page.getByText(`Inloggad som ${NAME}`)).toBeVisible();
	await expect(page.getByRole('link', { name: 'Logga in', exact: true })).toHaveCount(0);
	await expectNoAxeViolations(page);

	await tabTo(page, page.getByRole('button', { name: 'Logga ut' }));
	await page.keyboard.press('Enter');
	await expect(page.getByRole('link', { name: 'Logga in', exact: true })).toBeVisible();
	await expect(page.getByText('Inloggad som')).toHaveCount(0);
	expect((await page.context().cookies()).find((c) => c.name === 'samla_session')).toBeUndefined();
});
