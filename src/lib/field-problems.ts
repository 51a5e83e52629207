import type { z } from 'zod';

/**
 * The first problem of each top-level field of a failed parse, e.g. `{ themeTitle: 'REQUIRED' }`.
 * Schemas in Samla use problem codes as their error messages; the UI turns them into sentences.
 * Fields a strict schema does not know are reported as UNKNOWN_FIELD.
 */
export function fieldProblems(error: z.ZodError): Record<string, string> {
	const problems: Record<string, string> = {};
	for (const issue of error.issues) {
		if (issue.code === 'unrecognized_keys') {
			for (const key of issue.keys) problems[[...issue.path, key].map(String)[0]] ??= 'UNKNOWN_FIELD';
			continue;
		}
		const field = issue.path.length ? String(issue.path[0]) : '(body)';
		problems[field] ??= issue.message;
	}
	return problems;
}
