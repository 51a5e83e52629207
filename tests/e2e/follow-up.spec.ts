import { expect, test, type Page } from '@playwright/test';
import { runMeetingScript, type MeetingScript } from '../integration/meeting-script';
import { BASE, createMeetingWithApi, createModeratorWithCli, expectNoAxeViolations, sessionCookie, tabToward } from './helpers';

// Issue 13's acceptance: a meeting is closed, the owner sets statuses and publishes them, a
// participant's own browser opens the follow-up page from the join link and sees the statuses
// with their own ideas marked; another browser sees the same page without the marks; axe finds
// nothing; it works without JavaScript.

const OWNER = { email: 'uppfoljning-e2e@region.example', name: 'Ulla Uppföljare', password: 'a long e2e passphrase for the follow-up' };

const script: MeetingScript = {
	participants: [
		...['Anna', 'Bo', 'Cia', 'Dan', 'Eva'].map((name) => ({ displayName: name, sectorCode: 'business', municipalityCode: '2480', attendance: 'on_site' as const })),
		{ displayName: 'Fia', sectorCode: 'academia', municipalityCode: '2462', attendance: 'remote' as const }
	],
	clusters: [
		{ title: 'Tåg i hela länet', ideas: [{ by: 0, text: 'Norrbotniabanan hela vägen' }, { by: 1, text: 'Nattåg till Stockholm' }] },
		{ title: 'Fiber i byarna', ideas: [{ by: 2, text: 'Fiber till alla byar' }, { by: 0, text: 'Mobiltäckning längs E12' }] }
	],
	unclustered: [{ by: 5, text: 'Fler cykelvägar' }],
	votes: [
		{ by: 0, on: 0 },
		{ by: 1, on: 0 },
		{ by: 2, on: 1 }
	],
	ranking: [0, 1],
	top: [0]
};

let meeting: { id: string; joinCode: string; processId: string };
let annaToken: string;

test.beforeAll(async () => {
	await createModeratorWithCli(OWNER, { orExisting: true });
	const created = await createMeetingWithApi(OWNER, 'RUS-dialogen', { themeTitle: 'Mobilitet', notesPrivateUntilReveal: false, startsAt: '2026-03-10T09:00:00+01:00' });
	meeting = created.meeting;
	const run = await runMeetingScript(BASE, { ...meeting, moderatorToken: created.token }, script);
	annaToken = run.participants[0].token;
});

async function setStatus(page: Page, priority: string, status: string, reason: string) {
	const section = page.getByRole('region', { name: priority });
	await tabToward(page, section.getByLabel('Status'));
	await section.getByLabel('Status').selectOption({ label: status });
	await section.getByLabel('Motivering (offentlig)').fill(reason);
	await section.getByRole('button', { name: 'Spara status' }).press('Enter');
	await expect(section.getByText(`Nuvarande status: ${status}`)).toBeVisible();
}

test('the owner publishes statuses; the participant’s own browser sees them with its ideas marked, another browser without', async ({ browser }) => {
	const owner = await browser.newContext();
	await owner.addCookies([sessionCookie(await signInToken())]);
	const ownerPage = await owner.newPage();
	await ownerPage.goto(`/processes/${meeting.processId}/meetings/${meeting.id}`);
	await ownerPage.getByRole('link', { name: 'Ge prioriteringarna status och publicera dem' }).click();
	await expect(ownerPage.getByRole('heading', { level: 1 })).toHaveText('Uppföljning: så använde vi er input');
	await setStatus(ownerPage, '1. Tåg i hela länet (topprioritet)', 'Med i strategin', 'Mål 3 i strategin: hållbara resor i hela länet.');
	await setStatus(ownerPage, '2. Fiber i byarna', 'Utreds vidare', 'Regionen utreder bredbandsstödet under 2027.');
	await ownerPage.getByRole('button', { name: 'Publicera statusarna' }).click();
	await expect(ownerPage.getByText('Publicerat. 0 mejl skickas.')).toBeVisible();
	await expectNoAxeViolations(ownerPage, 'owner follow-up page');

	// The participant's browser: the join link leads to the follow-up after the close.
	const participant = await browser.newContext();
	await participant.addCookies([{ name: `samla_p_${meeting.id.replace(/-/g, '')}`, value: annaToken, url: BASE, httpOnly: true, sameSite: 'Lax' }]);
	const mine = await participant.newPage();
	await mine.goto(`/join/${meeting.joinCode.replace(/-/g, '')}`);
	await expect(mine).toHaveURL(/\/follow-up\/[A-Z0-9]{9}$/);
	await expect(mine.getByRole('heading', { level: 1 })).toHaveText('Så använde vi er input');
	await expect(mine.getByText('Med i strategin')).toBeVisible();
	await expect(mine.getByText('Regionen utreder bredbandsstödet under 2027.')).toBeVisible();
	await expect(mine.getByText('Dina idéer (2) är markerade')).toBeVisible();
	const marked = mine.getByRole('listitem').filter({ hasText: 'Din idé', hasNot: mine.getByRole('list') });
	await expect(marked).toHaveCount(2);
	await expect(marked.nth(0)).toContainText('Norrbotniabanan hela vägen');
	await expect(marked.nth(1)).toContainText('Mobiltäckning längs E12');
	await expectNoAxeViolations(mine, 'follow-up page with own ideas');

	// Another browser: the same statuses, no marks.
	const other = await browser.newContext();
	const theirs = await other.newPage();
	await theirs.goto(`/join/${meeting.joinCode.replace(/-/g, '')}`);
	await expect(theirs.getByText('Med i strategin')).toBeVisible();
	await expect(theirs.getByText('Norrbotniabanan hela vägen')).toBeVisible();
	await expect(theirs.getByText('Din idé')).toHaveCount(0);
	await expect(theirs.getByText('Dina idéer')).toHaveCount(0);
	// The small group (one from academia in Vilhelmina) is not counted.
	await expect(theirs.getByRole('row', { name: /Akademi/ })).toHaveText(/Akademi\s*färre än 5/);
	await expectNoAxeViolations(theirs, 'follow-up page of another browser');
	await theirs.getByRole('link', { name: /Uppföljningen av hela processen/ }).click();
	await expect(theirs.getByRole('heading', { name: 'Mobilitet', level: 2 })).toBeVisible();
	await expectNoAxeViolations(theirs, 'process follow-up page');

	// Without JavaScript, in English.
	const noScript = await browser.newContext({ javaScriptEnabled: false });
	await noScript.addCookies([
		{ name: `samla_p_${meeting.id.replace(/-/g, '')}`, value: annaToken, url: BASE, httpOnly: true, sameSite: 'Lax' },
		{ name: 'samla_locale', value: 'en', url: BASE }
	]);
	const plain = await noScript.newPage();
	await plain.goto(`/join/${meeting.joinCode}`);
	await expect(plain.getByRole('heading', { level: 1 })).toHaveText('How we used your input');
	await expect(plain.getByText('In the strategy')).toBeVisible();
	await expect(plain.getByRole('listitem').filter({ hasText: 'Your idea', hasNot: plain.getByRole('list') })).toHaveCount(2);
	// (axe itself needs JavaScript; the page ships none either way, so the markup checked above is this one.)
	await expect(plain.locator('script')).toHaveCount(0);

	await Promise.all([owner.close(), participant.close(), other.close(), noScript.close()]);
});

async function signInToken(): Promise<string> {
	const response = await fetch(`${BASE}/api/v1/auth/sign-in`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email: OWNER.email, password: OWNER.password })
	});
	return ((await response.json()) as { token: string }).token;
}
