import type { AccessibilityReport } from '../../accessibility-report';
import type { Sql } from './sql';

export interface StoredAccessibilityReport extends AccessibilityReport {
	id: string;
	createdAt: Date;
}

/** Stores a checked report; returns its id. */
export async function saveAccessibilityReport(sql: Sql, report: AccessibilityReport): Promise<string> {
	const [row] = await sql<{ id: string }[]>`
		insert into accessibility_reports (name, email, description)
		values (${report.name}, ${report.email}, ${report.description})
		returning id`;
	return row.id;
}

/** The newest reports first. */
export async function listAccessibilityReports(sql: Sql, limit = 50): Promise<StoredAccessibilityReport[]> {
	return sql<StoredAccessibilityReport[]>`
		select id, name, email, description, created_at from accessibility_reports
		order by created_at desc limit ${limit}`;
}
