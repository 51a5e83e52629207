import { json, type RequestHandler } from '@sveltejs/kit';
import { requireApiModerator } from '$lib/server/auth/guard';

/** The moderator the token belongs to. */
export const GET: RequestHandler = ({ locals }) => {
	const auth = requireApiModerator(locals);
	if (!auth.ok) return auth.response;
	const { id, email, name } = auth.moderator;
	return json({ moderator: { id, email, name } });
};
