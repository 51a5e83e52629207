import { readFile } from 'node:fs/promises';
import { z } from 'zod';

// The reference lists a deployment can replace without touching code: the municipalities of its
// region and the sectors participants choose from. Order in the file is the order shown.

const code = z
	.string()
	.regex(/^[A-Za-z0-9_-]{1,40}$/, 'a code is 1–40 letters, digits, "_" or "-"');
const name = z.string().trim().min(1).max(100);

/** Every code in a list appears once. */
function uniqueCodes<T extends { code: string }>(items: T[], ctx: z.RefinementCtx) {
	const seen = new Set<string>();
	items.forEach((item, index) => {
		if (seen.has(item.code)) ctx.addIssue({ code: 'custom', message: `duplicate code "${item.code}"`, path: [index, 'code'] });
		seen.add(item.code);
	});
}

export const referenceDataSchema = z.object({
	/** What the lists are for, e.g. "Västerbottens län"; shown to the operator only. */
	region: name.optional(),
	municipalities: z
		.array(z.object({ code, name }).strict())
		.min(1)
		.max(1000)
		.superRefine(uniqueCodes),
	sectors: z
		.array(z.object({ code, name: z.object({ sv: name, en: name }).strict() }).strict())
		.min(1)
		.max(100)
		.superRefine(uniqueCodes)
});

export type ReferenceData = z.infer<typeof referenceDataSchema>;

/** Validates parsed JSON as reference data, or throws with every problem and where it is. */
export function parseReferenceData(input: unknown, source = 'reference data'): ReferenceData {
	const parsed = referenceDataSchema.safeParse(input);
	if (!parsed.success) {
		const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(top level)'}: ${i.message}`);
		throw new Error(`Invalid ${source}:\n  ${problems.join('\n  ')}`);
	}
	return parsed.data;
}

/** Reads and validates a reference-data JSON file. */
export async function readReferenceFile(path: string): Promise<ReferenceData> {
	let text: string;
	try {
		text = await readFile(path, 'utf8');
	} catch (error) {
		throw new Error(`Cannot read the reference file ${path}: ${(error as Error).message}`, { cause: error });
	}
	let json: unknown;
	try {
		json = JSON.parse(text);
	} catch (error) {
		throw new Error(`The reference file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
	}
	return parseReferenceData(json, `reference file ${path}`);
}
