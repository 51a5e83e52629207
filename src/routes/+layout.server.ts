import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => ({
	moderator: locals.moderator ? { name: locals.moderator.name, email: locals.moderator.email } : null
});
