import { redirect, type RequestHandler } from '@sveltejs/kit';
import { isLocale } from '$lib/paraglide/runtime';

/** Sets the language cookie (works without JavaScript) and returns to the page the user was on. */
export const POST: RequestHandler = async ({ request, cookies, url }) => {
	const form = await request.formData();
	const locale = String(form.get('locale') ?? '');
	const back = String(form.get('redirectTo') ?? '/');
	if (isLocale(locale)) {
		cookies.set('samla_locale', locale, {
			path: '/',
			httpOnly: false,
			sameSite: 'lax',
			secure: url.protocol === 'https:',
			maxAge: 60 * 60 * 24 * 400
		});
	}
	// Only same-site paths: "//evil.example" and absolute URLs are not followed.
	redirect(303, back.startsWith('/') && !back.startsWith('//') ? back : '/');
};
