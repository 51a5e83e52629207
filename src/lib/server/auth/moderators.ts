import type postgres from 'postgres';
import { z } from 'zod';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH, hashPassword } from './password';
import type { SessionModerator } from './session';

/** A pool or a transaction: what the moderator queries run on. */
export type Queryable = postgres.ISql<Record<string, never>>;

export const MAX_NAME_LENGTH = 100;
export const MAX_EMAIL_LENGTH = 254;

/** E-mail addresses are compared trimmed and in lower case (the unique index is on lower(email)). */
export function normaliseEmail(email: string): string {
	return email.trim().toLowerCase();
}

/** Why a field of a new moderator was refused; the UI and the CLI turn these into sentences. */
export type ModeratorFieldProblem =
	| 'EMAIL_INVALID'
	| 'NAME_REQUIRED'
	| 'NAME_TOO_LONG'
	| 'PASSWORD_TOO_SHORT'
	| 'PASSWORD_TOO_LONG';

export type ModeratorFieldProblems = Partial<Record<'email' | 'name' | 'password', ModeratorFieldProblem>>;

const newModeratorSchema = z.object({
	email: z
		.string()
		.transform(normaliseEmail)
		.pipe(z.email({ error: 'EMAIL_INVALID' }).max(MAX_EMAIL_LENGTH, { error: 'EMAIL_INVALID' })),
	name: z
		.string()
		.trim()
		.min(1, { error: 'NAME_REQUIRED' })
		.max(MAX_NAME_LENGTH, { error: 'NAME_TOO_LONG' }),
	password: z
		.string()
		.min(MIN_PASSWORD_LENGTH, { error: 'PASSWORD_TOO_SHORT' })
		.max(MAX_PASSWORD_LENGTH, { error: 'PASSWORD_TOO_LONG' })
});

export type NewModerator = z.infer<typeof newModeratorSchema>;

/** Checks a new moderator's e-mail, name and password without touching the database. */
export function parseNewModerator(
	input: { email: string; name: string; password: string }
): { ok: true; value: NewModerator } | { ok: false; code: 'VALIDATION'; problems: ModeratorFieldProblems } {
	const parsed = newModeratorSchema.safeParse(input);
	if (parsed.success) return { ok: true, value: parsed.data };
	const problems: ModeratorFieldProblems = {};
	for (const issue of parsed.error.issues) {
		const field = issue.path[0] as keyof ModeratorFieldProblems;
		problems[field] ??= issue.message as ModeratorFieldProblem;
	}
	return { ok: false, code: 'VALIDATION', problems };
}

export type CreateModeratorResult =
	| { ok: true; moderator: SessionModerator }
	| { ok: false; code: 'VALIDATION'; problems: ModeratorFieldProblems }
	| { ok: false; code: 'EMAIL_TAKEN' };

/** Creates a moderator with an argon2id password hash. */
export async function createModerator(
	sql: Queryable,
	input: { email: string; name: string; password: string }
): Promise<CreateModeratorResult> {
	const parsed = parseNewModerator(input);
	if (!parsed.ok) return parsed;
	const { email, name, password } = parsed.value;
	const passwordHash = await hashPassword(password);
	// `on conflict do nothing` covers the unique index on lower(email) without a read first.
	const [row] = await sql<SessionModerator[]>`
		insert into moderators (email, name, password_hash)
		values (${email}, ${name}, ${passwordHash})
		on conflict do nothing
		returning id, email, name`;
	if (!row) return { ok: false, code: 'EMAIL_TAKEN' };
	return { ok: true, moderator: { id: row.id, email: row.email, name: row.name } };
}

export async function countModerators(sql: Queryable): Promise<number> {
	const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from moderators`;
	return count;
}

/** The moderator with this e-mail (any case, surrounding spaces ignored), with the password hash. */
export async function findByEmail(
	sql: Queryable,
	email: string
): Promise<(SessionModerator & { passwordHash: string }) | null> {
	const [row] = await sql<(SessionModerator & { passwordHash: string })[]>`
		select id, email, name, password_hash from moderators where lower(email) = ${normaliseEmail(email)}`;
	return row ?? null;
}
