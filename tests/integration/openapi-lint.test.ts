import { createConfig, lintFromString } from '@redocly/openapi-core';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../src/lib/server/api/openapi';

// Issue 12: the OpenAPI document passes Redocly's recommended rules, with an operationId on every
// operation, so that generated clients get stable method names.

describe('the OpenAPI document, linted', () => {
	it('has no errors and no warnings about operationIds under Redocly’s recommended rules', async () => {
		const config = await createConfig({ extends: ['recommended'] });
		const problems = await lintFromString({ source: JSON.stringify(openApiDocument('https://samla.example')), absoluteRef: 'openapi.json', config });
		const summary = problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} (${p.location[0]?.pointer})`);
		expect(summary.filter((p) => p.startsWith('error'))).toEqual([]);
		expect(summary.filter((p) => /operation-?id/i.test(p))).toEqual([]);
		const operations = Object.values(openApiDocument('https://samla.example').paths as Record<string, Record<string, { operationId?: string }>>).flatMap((item) =>
			Object.values(item)
		);
		expect(operations.every((o) => typeof o.operationId === 'string')).toBe(true);
		expect(new Set(operations.map((o) => o.operationId)).size).toBe(operations.length);
	});
});
