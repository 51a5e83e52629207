import type { z } from 'zod';

/**
 * The first problem of each top-level field of a failed parse, e.g. `{ themeTitle: 'REQUIRED' }`.
 * Schemas in Samla use problem codes as their error messages; the UI turns them into sentences.
 */
export function fieldProblems(error: z.ZodError): Record<string, string> {
	const problems: Record<string, string> = {};
	for (const issue of error.issues) {
		const field = issue.path.length ? String(issue.path[0]) : '_';
		problems[field] ??= issue.code === 'unrecognized_keys' ? 'UNKNOWN_FIELD' : issue.message;
	}
	return problems;
}
