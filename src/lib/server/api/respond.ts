import { json } from '@sveltejs/kit';
import type { z } from 'zod';

/** An API error as every /api/v1 route answers it: JSON `{ code, message }`, never an HTML page. */
export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
	return json({ code, message }, { status, headers });
}

/** The paths (e.g. `guidingQuestions.1`) of every string in a JSON value that holds a NUL character. */
export function fieldsWithNul(value: unknown, path: string[] = []): string[] {
	if (typeof value === 'string') return value.includes('\u0000') ? [path.join('.') || '(body)'] : [];
	if (Array.isArray(value)) return value.flatMap((v, i) => fieldsWithNul(v, [...path, String(i)]));
	if (value && typeof value === 'object') {
		return Object.entries(value).flatMap(([k, v]) => [...(k.includes('\u0000') ? [[...path, k].join('.')] : []), ...fieldsWithNul(v, [...path, k])]);
	}
	return [];
}

export type ParsedBody =
	| { ok: true; body: unknown; empty: boolean }
	/** `fields`: the problem of each field (for a 400), so a route can answer in its own documented shape. */
	| { ok: false; response: Response; fields?: Record<string, string> };

/**
 * The request body parsed as JSON, at the boundary of every /api/v1 route that takes one: a body
 * that is not JSON, or holds a NUL character in any string (PostgreSQL cannot store one), is a
 * 400 VALIDATION; a body over the size limit a 413. Nothing is looked at further.
 */
export async function parseJsonBody(request: Request): Promise<ParsedBody> {
	let text: string;
	try {
		text = await request.text();
	} catch (error) {
		if ((error as { status?: unknown })?.status === 413) return { ok: false, response: apiError(413, 'PAYLOAD_TOO_LARGE', 'The request body is too large.') };
		throw error;
	}
	if (!text.trim()) return { ok: true, body: undefined, empty: true };
	let body: unknown;
	try {
		body = JSON.parse(text);
	} catch {
		return { ok: false, response: apiError(400, 'VALIDATION', 'The request body must be JSON.'), fields: { '(body)': 'INVALID' } };
	}
	const nul = fieldsWithNul(body);
	if (nul.length) {
		const fields = Object.fromEntries(nul.map((f) => [f, 'INVALID']));
		return {
			ok: false,
			response: json({ code: 'VALIDATION', message: `Text may not contain NUL characters: ${nul.join(', ')}.`, fields }, { status: 400 }),
			fields
		};
	}
	return { ok: true, body, empty: false };
}

/**
 * Reads a JSON request body and checks it against a schema. A body that is not JSON or does not
 * fit gives a ready 400 VALIDATION response naming the fields.
 */
export async function readJson<T extends z.ZodType>(
	request: Request,
	schema: T
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
	const read = await parseJsonBody(request);
	if (!read.ok) return read;
	const parsed = schema.safeParse(read.body);
	if (parsed.success) return { ok: true, data: parsed.data };
	const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))];
	return { ok: false, response: apiError(400, 'VALIDATION', `Invalid or missing fields: ${fields.join(', ')}.`) };
}
