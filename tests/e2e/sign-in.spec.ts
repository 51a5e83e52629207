import { spawn } from 'node:child_process';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { E2E_DATA_DIR } from './env';

const EMAIL = 'sign-in-e2e@region.example';
const NAME = 'Erik Eriksson';
const PASSWORD = 'a long e2e passphrase';

/** Creates the moderator as an operator would: the CLI, borrowing the running server's PostgreSQL. */
function createModeratorWithCli(): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ['--import', 'tsx', 'server/cli.ts', 'create-moderator', '--email', EMAIL, '--name', NAME], {
			env: { ...process.env, DATA_DIR: E2E_DATA_DIR, DATABASE_URL: '', SAMLA_LOG: 'silent' },
			stdio: ['pipe', 'pipe', 'pipe']
		});
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
		child.once('error', reject);
		child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`create-moderator exited ${code}:\n${output}`))));
		child.stdin.end(`${PASSWORD}\n`);
	});
}

async function expectNoAxeViolations(page: Page) {
	const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
	expect(result.violations).toEqual([]);
}

/** Presses Tab until `target` has focus (as a keyboard user would), failing after 40 presses. */
async function tabTo(page: Page, target: Locator) {
	for (let presses = 0; presses < 40; presses++) {
		await page.keyboard.press('Tab');
		if (await target.evaluate((element) => element === document.activeElement)) return;
	}
	throw new Error('Tab never reached the element');
}

test.beforeAll(async () => {
	await createModeratorWithCli();
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
