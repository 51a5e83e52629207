import { createModerator } from '../../src/lib/server/auth/moderators';
import type { Sql } from '../../src/lib/server/db/sql';

/** Creates a moderator in the app's database and signs them in as a script would (POST /api/v1/auth/sign-in); returns their id and bearer token. */
export async function signedInModerator(
	app: { url: string; sql: Sql },
	{ email, name, password }: { email: string; name: string; password: string }
): Promise<{ id: string; token: string }> {
	const created = await createModerator(app.sql, { email, name, password });
	if (!created.ok) throw new Error(created.code);
	const response = await fetch(`${app.url}/api/v1/auth/sign-in`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, password })
	});
	const { token } = (await response.json()) as { token: string };
	return { id: created.moderator.id, token };
}
