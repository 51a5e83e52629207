import { createHmac } from 'node:crypto';
import type { Sql } from './sql';

/** What a stored client key stands for: a browser's samla_client id, or a network address. */
export type ClientKind = 'client' | 'ip';

/**
 * The stored form of a browser id or an address: `kind:` + HMAC-SHA-256 with a secret kept in the
 * database, so that throttles can count per browser and per address without storing either.
 */
export async function clientKeyHasher(sql: Sql): Promise<(kind: ClientKind, value: string) => string> {
	const [secret] = await sql<{ value: Buffer }[]>`select value from server_secrets where name = 'join_attempt_key'`;
	if (!secret) throw new Error('The join_attempt_key secret is missing: are the migrations applied?');
	return (kind, value) => `${kind}:${createHmac('sha256', secret.value).update(`${kind}:${value}`).digest('base64url')}`;
}
