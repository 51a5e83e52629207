import { redirect, type Cookies, type RequestHandler } from '@sveltejs/kit';
import { isLocale } from '$lib/paraglide/runtime';

// The language switch: each language in the site header is a link here, so that switching is one
// action and works without JavaScript. The choice is kept in the cookie Paraglide reads first
// (before the browser's Accept-Language); the user returns to the page they were on.

function choose(cookies: Cookies, url: URL, locale: string, back: string): never {
	if (isLocale(locale)) {
		cookies.set('samla_locale', locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 400
		});
	}
	// Only same-site paths: "//evil.example", "/\\evil.example" and absolute URLs are not followed.
	redirect(303, back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/\\') ? back : '/');
}

/** `/language?locale=en&redirectTo=/join`: what the header's language links open. */
export const GET: RequestHandler = ({ cookies, url }) =>
	choose(cookies, url, url.searchParams.get('locale') ?? '', url.searchParams.get('redirectTo') ?? '/');

/** The same as a form post (`locale`, `redirectTo`), for forms and scripts. */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	return choose(cookies, url, String(form.get('locale') ?? ''), String(form.get('redirectTo') ?? '/'));
};
