import { resolve } from 'node:path';
import { z } from 'zod';
import { PRESENCE_LIST_LIMIT } from '../protocol/presence';

const envSchema = z.object({
	PORT: z.coerce.number().int().min(0).max(65535).default(3000),
	HOST: z.string().min(1).default('0.0.0.0'),
	ORIGIN: z.url().optional(),
	DATA_DIR: z.string().min(1).default('./data'),
	DATABASE_URL: z
		.string()
		.optional()
		.transform((v) => v || undefined),
	SAMLA_SEED_DEMO: z
		.enum(['1', 'true', '0', 'false', ''])
		.optional()
		.transform((v) => v === '1' || v === 'true'),
	SAMLA_LOG: z.enum(['silent', 'info', 'debug']).default('info'),
	SAMLA_REFERENCE_FILE: z
		.string()
		.optional()
		.transform((v) => v || undefined),
	SAMLA_EMBEDDING_MODEL_DIR: z
		.string()
		.optional()
		.transform((v) => v || undefined),
	SMTP_URL: z
		.string()
		.optional()
		.transform((v) => v || undefined)
		.refine((v) => v === undefined || /^smtps?:\/\//.test(v), 'must start with smtp:// or smtps://'),
	SMTP_FROM: z
		.string()
		.optional()
		.transform((v) => v || undefined),
	SAMLA_MAX_COMMANDS_IN_FLIGHT: z.coerce.number().int().min(1).default(2000),
	SAMLA_PRESENCE_LIST_LIMIT: z.coerce.number().int().min(1).max(1000).default(PRESENCE_LIST_LIMIT),
	REDIS_URL: z
		.string()
		.optional()
		.transform((v) => v || undefined)
		.refine((v) => v === undefined || /^rediss?:\/\//.test(v), 'must start with redis:// or rediss://'),
	INSTANCE_URL: z
		.url()
		.optional()
		.or(z.literal('').transform(() => undefined)),
	// Read by adapter-node itself (getClientAddress); checked here so a typo fails at start.
	ADDRESS_HEADER: z
		.string()
		.optional()
		.transform((v) => v?.trim().toLowerCase() || undefined)
		.refine((v) => v === undefined || /^[a-z0-9-]+$/.test(v), 'must be a header name, e.g. x-forwarded-for'),
	XFF_DEPTH: z.coerce.number().int().min(1).max(16).optional()
});

/** Everything Samla reads from the environment, parsed once by the composition root. */
export interface Config {
	port: number;
	host: string;
	/** Public origin, e.g. https://samla.example.se; derived from host and port when unset. */
	origin: string;
	dataDir: string;
	databaseUrl: string | undefined;
	seedDemo: boolean;
	log: 'silent' | 'info' | 'debug';
	/** The reference lists (municipalities, sectors) loaded into an empty database; unset: the bundled file. */
	referenceFile: string | undefined;
	/** A local ONNX sentence-embedding model for suggested groups (issue 14); unset: the lexical method. */
	embeddingModelDir: string | undefined;
	/** The SMTP server follow-up notifications go through; unset: a dry-run outbox only. */
	smtpUrl: string | undefined;
	/** The sender of notifications. */
	smtpFrom: string;
	/** Meeting commands this process works on at once before it answers new ones OVERLOADED (issue 15). */
	maxCommandsInFlight: number;
	/** Up to this many presence states a meeting's board shows everyone's; above it a bounded set and counts (issue 15). */
	presenceListLimit: number;
	/**
	 * Fleet mode (docs/FLEET.md): several instances share PostgreSQL and this Redis; each live
	 * meeting has one owner. Unset: one process, as always.
	 */
	redisUrl: string | undefined;
	/** How sibling instances reach this one (forwarded connections); default http://<HOST>:<PORT>. */
	instanceUrl: string | undefined;
	/** The header holding the client's address behind a proxy (adapter-node's ADDRESS_HEADER), and how many proxies append to it. */
	addressHeader: string | undefined;
	xffDepth: number | undefined;
}

/** Parses the environment into a Config, or throws with every problem named. */
export function parseConfig(env: Record<string, string | undefined>): Config {
	const parsed = envSchema.safeParse(env);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
		throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
	}
	const e = parsed.data;
	const problems: string[] = [];
	if (e.REDIS_URL && !e.DATABASE_URL) problems.push('DATABASE_URL: is required with REDIS_URL (every instance of a fleet shares one PostgreSQL)');
	if (e.REDIS_URL && e.PORT === 0 && !e.INSTANCE_URL) problems.push('INSTANCE_URL: is required with REDIS_URL and PORT=0 (siblings must know where this instance listens)');
	if (e.XFF_DEPTH !== undefined && e.ADDRESS_HEADER !== 'x-forwarded-for') problems.push('XFF_DEPTH: only applies with ADDRESS_HEADER=x-forwarded-for');
	if (problems.length) throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
	const shownHost = e.HOST === '0.0.0.0' || e.HOST === '::' ? 'localhost' : e.HOST;
	return {
		port: e.PORT,
		host: e.HOST,
		origin: (e.ORIGIN ?? `http://${shownHost}:${e.PORT}`).replace(/\/$/, ''),
		dataDir: resolve(e.DATA_DIR),
		databaseUrl: e.DATABASE_URL,
		seedDemo: e.SAMLA_SEED_DEMO,
		log: e.SAMLA_LOG,
		referenceFile: e.SAMLA_REFERENCE_FILE ? resolve(e.SAMLA_REFERENCE_FILE) : undefined,
		embeddingModelDir: e.SAMLA_EMBEDDING_MODEL_DIR ? resolve(e.SAMLA_EMBEDDING_MODEL_DIR) : undefined,
		smtpUrl: e.SMTP_URL,
		smtpFrom: e.SMTP_FROM ?? `Samla <samla@${new URL(e.ORIGIN ?? 'http://localhost').hostname}>`,
		maxCommandsInFlight: e.SAMLA_MAX_COMMANDS_IN_FLIGHT,
		presenceListLimit: e.SAMLA_PRESENCE_LIST_LIMIT,
		redisUrl: e.REDIS_URL,
		instanceUrl: e.INSTANCE_URL?.replace(/\/$/, ''),
		addressHeader: e.ADDRESS_HEADER,
		xffDepth: e.XFF_DEPTH
	};
}
