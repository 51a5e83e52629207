import { json } from '@sveltejs/kit';
import type { z } from 'zod';

/** An API error as every /api/v1 route answers it: JSON `{ code, message }`, never an HTML page. */
export function apiError(status: number, code: string, message: string, headers: Record<string, string> = {}): Response {
	return json({ code, message }, { status, headers });
}

/**
 * Reads a JSON request body and checks it against a schema. A body that is not JSON or does not
 * fit gives a ready 400 VALIDATION response naming the fields.
 */
export async function readJson<T extends z.ZodType>(
	request: Request,
	schema: T
): Promise<{ ok: true; data: z.infer<T> } | { ok: false; response: Response }> {
	let body: unknown;
	try {
		body = await request.json();
	} catch {
		return { ok: false, response: apiError(400, 'VALIDATION', 'The request body must be JSON.') };
	}
	const parsed = schema.safeParse(body);
	if (parsed.success) return { ok: true, data: parsed.data };
	const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(body)'))];
	return { ok: false, response: apiError(400, 'VALIDATION', `Invalid or missing fields: ${fields.join(', ')}.`) };
}
