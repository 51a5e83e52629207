import { z } from 'zod';

// A problem reported through the accessibility statement. Only the description is required.

export const ACCESSIBILITY_REPORT_LIMITS = { name: 200, email: 320, description: 5000 } as const;

/** Problem codes per field; the page turns them into sentences. */
export type AccessibilityReportProblem = 'missing' | 'too_long' | 'invalid';

export const accessibilityReportSchema = z.object({
	name: z.string().trim().max(ACCESSIBILITY_REPORT_LIMITS.name, 'too_long'),
	email: z
		.string()
		.trim()
		.max(ACCESSIBILITY_REPORT_LIMITS.email, 'invalid')
		.refine((v) => v === '' || z.email().safeParse(v).success, 'invalid'),
	description: z.string().trim().min(1, 'missing').max(ACCESSIBILITY_REPORT_LIMITS.description, 'too_long')
});

export type AccessibilityReport = z.infer<typeof accessibilityReportSchema>;

export type AccessibilityReportCheck =
	| { ok: true; report: AccessibilityReport }
	| { ok: false; problems: Partial<Record<keyof AccessibilityReport, AccessibilityReportProblem>> };

/** Checks the submitted fields (missing fields count as empty). */
export function checkAccessibilityReport(input: Record<string, unknown>): AccessibilityReportCheck {
	const text = (v: unknown) => (typeof v === 'string' ? v : '');
	const parsed = accessibilityReportSchema.safeParse({
		name: text(input.name),
		email: text(input.email),
		description: text(input.description)
	});
	if (parsed.success) return { ok: true, report: parsed.data };
	const problems: Partial<Record<keyof AccessibilityReport, AccessibilityReportProblem>> = {};
	for (const issue of parsed.error.issues) {
		const field = issue.path[0] as keyof AccessibilityReport;
		problems[field] ??= issue.message as AccessibilityReportProblem;
	}
	return { ok: false, problems };
}
