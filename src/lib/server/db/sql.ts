import postgres from 'postgres';

/** The one postgres.js pool type used everywhere: snake_case columns arrive as camelCase keys. */
export type Sql = postgres.Sql<Record<string, never>>;

/** Opens a pool. Columns are converted snake_case → camelCase at this one boundary. */
export function connect(url: string, options: { max?: number } = {}): Sql {
	return postgres(url, {
		max: options.max ?? 10,
		transform: postgres.camel,
		onnotice: () => {},
		connect_timeout: 10,
		idle_timeout: 60,
		connection: { application_name: 'samla' }
	}) as unknown as Sql;
}
