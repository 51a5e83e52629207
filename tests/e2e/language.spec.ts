import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './helpers';

// Issue 8, point 5: the first visit follows the browser's language, and switching is one action
// that works without JavaScript.

test.describe('a browser that prefers English', () => {
	test.use({ locale: 'en-US' });

	test('sees English on its first visit, and one link switches to Swedish and stays so', async ({ page, context }) => {
		expect(await context.cookies()).toEqual([]);
		await page.goto('/join');
		await expect(page.locator('html')).toHaveAttribute('lang', 'en');
		await expect(page.getByRole('heading', { level: 1 })).toHaveText('Join a meeting');
		await expect(page.getByLabel('Meeting code')).toBeVisible();
		await expectNoAxeViolations(page);

		await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Svenska' }).click();
		await expect(page).toHaveURL('/join');
		await expect(page.locator('html')).toHaveAttribute('lang', 'sv');
		await expect(page.getByLabel('Mötets kod')).toBeVisible();
		// The choice outlasts the browser's preference on the next pages.
		await page.goto('/privacy');
		await expect(page.getByRole('heading', { level: 1, name: 'Personuppgifter i Samla' })).toBeVisible();
	});
});

test.describe('without JavaScript', () => {
	test.use({ javaScriptEnabled: false, locale: 'sv-SE' });

	test('the language links switch the page and come back to it', async ({ page }) => {
		await page.goto('/privacy');
		await expect(page.getByRole('heading', { level: 1, name: 'Personuppgifter i Samla' })).toBeVisible();
		await page.getByRole('navigation', { name: 'Språk' }).getByRole('link', { name: 'English' }).click();
		await expect(page).toHaveURL('/privacy');
		await expect(page.getByRole('heading', { level: 1, name: 'Personal data in Samla' })).toBeVisible();
		await page.getByRole('navigation', { name: 'Language' }).getByRole('link', { name: 'Svenska' }).click();
		await expect(page.getByRole('heading', { level: 1, name: 'Personuppgifter i Samla' })).toBeVisible();
	});
});
