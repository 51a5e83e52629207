import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { signedInModerator } from './moderator-fixtures';
import { useTestApp } from './harness';
import { runMeetingScript } from './meeting-script';

// Issue 5's acceptance: the OpenAPI document validates, and every documented endpoint is called
// and answers with a documented status and a body of the documented shape. An endpoint added to
// the document without a request arranged here fails the test: the document and this test grow
// together.

type Operation = {
	security?: unknown[];
	parameters?: { name: string; in: string; required?: boolean }[];
	requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
	responses: Record<string, { description?: string; content?: Record<string, { schema?: unknown }>; $ref?: string }>;
};
type Document = {
	openapi: string;
	info: { title: string; version: string };
	servers: { url: string }[];
	paths: Record<string, Record<string, Operation>>;
	components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const PASSWORD = 'a long passphrase for the api test';

interface Call {
	/** Who calls: a moderator of the data, a moderator of nothing here, a participant, or nobody. */
	as: 'owner' | 'other' | 'participant' | 'nobody' | 'signOut';
	params?: Record<string, string>;
	query?: string;
	body?: unknown;
	/** A body sent as it is (e.g. not JSON at all), instead of `body`. */
	rawBody?: string;
	/** The status this call must get (it must also be documented). */
	status: number;
}

/** What every theme-input GET answers: 200 to its moderator, 400 to a bad `publication`, 401 to a participant, 404 to another moderator. */
function themeInputCalls(id: string, badPublication: string): Call[] {
	return [
		{ as: 'owner', params: { id }, status: 200 },
		{ as: 'owner', params: { id }, query: badPublication, status: 400 },
		{ as: 'participant', params: { id }, status: 401 },
		{ as: 'other', params: { id }, status: 404 }
	];
}

describe('the OpenAPI document', () => {
	const app = useTestApp();
	let doc: Document;

	beforeAll(async () => {
		const response = await fetch(`${app.url}/api/v1/openapi.json`);
		expect(response.status).toBe(200);
		doc = (await response.json()) as Document;
	});

	function resolve(pointer: string): unknown {
		if (!pointer.startsWith('#/')) return undefined;
		return pointer
			.slice(2)
			.split('/')
			.map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'))
			.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), doc);
	}

	function newAjv() {
		const ajv = new Ajv2020({ strict: false, allErrors: true });
		addFormats(ajv);
		return ajv;
	}

	/** A validator of a schema inside the document: its $refs resolve against the document's components. */
	function validatorFor(schema: unknown) {
		return newAjv().compile({ ...(schema as object), components: doc.components });
	}

	it('validates as an OpenAPI 3.1 document', () => {
		expect(doc.openapi).toMatch(/^3\.1\.\d+$/);
		expect(typeof doc.info.title).toBe('string');
		expect(typeof doc.info.version).toBe('string');
		expect(doc.servers[0].url).toBe(`${app.url}/api/v1`);

		// Every $ref points at something that exists.
		const refs: string[] = [];
		JSON.stringify(doc, (key, value) => {
			if (key === '$ref') refs.push(value);
			return value;
		});
		for (const ref of refs) expect(resolve(ref), ref).toBeDefined();

		// Every component schema is valid JSON Schema 2020-12.
		const ajv = newAjv();
		for (const [name, schema] of Object.entries(doc.components.schemas)) {
			expect(() => ajv.compile({ ...(schema as object), components: doc.components }), name).not.toThrow();
		}

		for (const [path, item] of Object.entries(doc.paths)) {
			expect(path).toMatch(/^\//);
			const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
			for (const [method, operation] of Object.entries(item)) {
				const where = `${method.toUpperCase()} ${path}`;
				expect(METHODS, where).toContain(method);
				// Path parameters: each one in the template is declared, required, and nothing more.
				const declared = (operation.parameters ?? []).filter((p) => p.in === 'path');
				expect(declared.map((p) => p.name).sort(), where).toEqual([...templated].sort());
				for (const p of declared) expect(p.required, `${where} ${p.name}`).toBe(true);
				for (const p of operation.parameters ?? []) expect(['path', 'query', 'header', 'cookie'], where).toContain(p.in);
				// Responses: at least one, each with a description, keyed by a status code.
				expect(Object.keys(operation.responses).length, where).toBeGreaterThan(0);
				for (const [status, response] of Object.entries(operation.responses)) {
					expect(status, where).toMatch(/^([1-5]\d\d|[1-5]XX|default)$/);
					expect(typeof (response.description ?? (response.$ref && resolve(response.$ref))), `${where} ${status}`).not.toBe('undefined');
					for (const media of Object.values(response.content ?? {})) {
						if (media.schema) expect(() => validatorFor(media.schema), `${where} ${status}`).not.toThrow();
					}
				}
				for (const requirement of operation.security ?? []) {
					for (const scheme of Object.keys(requirement as object)) expect(doc.components.securitySchemes, where).toHaveProperty(scheme);
				}
			}
		}
	});

	it('every documented endpoint answers with a documented status and a body of the documented shape', async () => {
		// Arrange: two moderators, a process with a meeting that was run and closed, a participant.
		const sign = async (email: string, name: string) => (await signedInModerator(app, { email, name, password: PASSWORD })).token;
		const owner = await sign('agare@region.example', 'Ägare Ägarsson');
		const other = await sign('annan@region.example', 'Annan Annansson');
		const signOut = await sign('utloggning@region.example', 'Ut Loggad');
		const post = async (path: string, body: unknown) => {
			const response = await fetch(`${app.url}/api/v1${path}`, {
				method: 'POST',
				headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
				body: JSON.stringify(body)
			});
			expect(response.status, path).toBeLessThan(300);
			return response.json();
		};
		const { process } = (await post('/processes', { title: 'Processen' })) as { process: { id: string } };
		const { meeting } = (await post(`/processes/${process.id}/meetings`, { themeTitle: 'Digital region', notesPrivateUntilReveal: false })) as {
			meeting: { id: string; joinCode: string };
		};
		const { meeting: open } = (await post(`/processes/${process.id}/meetings`, { themeTitle: 'Kulturliv' })) as {
			meeting: { id: string; joinCode: string };
		};
		const run = await runMeetingScript(app.url, { ...meeting, moderatorToken: owner }, {
			participants: [
				{ displayName: 'Pia', sectorCode: 'business', municipalityCode: '2480', attendance: 'on_site' },
				{ displayName: 'Per', sectorCode: null, municipalityCode: null, attendance: 'remote' }
			],
			clusters: [{ title: 'E-tjänster', ideas: [{ by: 0, text: 'Digitala tjänster för alla' }] }],
			unclustered: [{ by: 1, text: 'Bredband' }],
			votes: [{ by: 0, on: 0 }, { by: 1, on: 'Bredband' }],
			ranking: [0]
		});
		const participant = run.participants[0].token;
		const tokens: Record<Call['as'], string | null> = { owner, other, participant, nobody: null, signOut };

		const category = ((await post(`/processes/${process.id}/categories`, { name: 'Livsmiljöer' })) as { category: { id: string } }).category;
		const throwaway = ((await post(`/processes/${process.id}/categories`, { name: 'Tillfällig' })) as { category: { id: string } }).category;
		const ids = { process: process.id, meeting: meeting.id, open: open.id, category: category.id, throwaway: throwaway.id };
		const calls: Record<string, Call[]> = {
			'POST /auth/sign-in': [
				{ as: 'nobody', body: { email: 'agare@region.example', password: PASSWORD }, status: 200 },
				{ as: 'nobody', body: { email: 'agare@region.example', password: 'wrong password' }, status: 401 },
				{ as: 'nobody', body: { email: 'agare@region.example' }, status: 400 }
			],
			'POST /auth/sign-out': [{ as: 'signOut', status: 204 }, { as: 'signOut', status: 401 }],
			'GET /me': [{ as: 'owner', status: 200 }, { as: 'participant', status: 401 }],
			'GET /processes': [
				{ as: 'owner', status: 200 },
				{ as: 'owner', query: 'archived=true', status: 200 },
				{ as: 'owner', query: 'limit=1&offset=1', status: 200 },
				{ as: 'owner', query: 'limit=0', status: 400 },
				{ as: 'owner', query: 'archived=ja', status: 400 },
				{ as: 'owner', query: 'sort=title', status: 400 }
			],
			'POST /processes': [
				{ as: 'owner', body: { title: 'Ytterligare en process' }, status: 201 },
				{ as: 'owner', body: { title: '' }, status: 400 },
				{ as: 'owner', rawBody: '{"title": ', status: 400 }
			],
			'GET /processes/{id}': [{ as: 'owner', params: { id: ids.process }, status: 200 }, { as: 'other', params: { id: ids.process }, status: 404 }],
			'PATCH /processes/{id}': [
				{ as: 'owner', params: { id: ids.process }, body: { description: 'Dialog om länets framtid' }, status: 200 },
				{ as: 'owner', params: { id: ids.process }, body: { title: '' }, status: 400 },
				{ as: 'other', params: { id: ids.process }, body: { description: 'x' }, status: 404 },
				{ as: 'owner', params: { id: ids.process }, body: { retentionDecision: 'RS 2026/123 § 4' }, status: 200 },
				{ as: 'owner', params: { id: ids.process }, body: { retentionDecision: 'x'.repeat(301) }, status: 400 }
			],
			'GET /processes/{id}/meetings': [
				{ as: 'owner', params: { id: ids.process }, status: 200 },
				{ as: 'owner', params: { id: ids.process }, query: 'phase=closed', status: 200 },
				{ as: 'owner', params: { id: ids.process }, query: 'phase=draft,closed&limit=1&offset=1', status: 200 },
				{ as: 'owner', params: { id: ids.process }, query: 'phase=done', status: 400 },
				{ as: 'owner', params: { id: ids.process }, query: 'offset=-1', status: 400 },
				{ as: 'other', params: { id: ids.process }, status: 404 }
			],
			'POST /processes/{id}/meetings': [
				{ as: 'owner', params: { id: ids.process }, body: { themeTitle: 'Hälsa och välfärd' }, status: 201 },
				{ as: 'owner', params: { id: ids.process }, body: { themeTitle: '', votesPerParticipant: 0 }, status: 400 },
				{ as: 'other', params: { id: ids.process }, body: { themeTitle: 'Nej' }, status: 404 }
			],
			'GET /meetings/{id}': [{ as: 'owner', params: { id: ids.meeting }, status: 200 }, { as: 'other', params: { id: ids.meeting }, status: 404 }],
			'PATCH /meetings/{id}': [
				{ as: 'owner', params: { id: ids.open }, body: { location: 'Umeå' }, status: 200 },
				{ as: 'owner', params: { id: ids.open }, body: { maxVotesPerItem: 9, votesPerParticipant: 2 }, status: 400 },
				{ as: 'other', params: { id: ids.open }, body: { location: 'Umeå' }, status: 404 },
				{ as: 'owner', params: { id: ids.meeting }, body: { location: 'Umeå' }, status: 409 }
			],
			'POST /meetings/{id}/duplicate': [
				{ as: 'owner', params: { id: ids.open }, body: { titleSuffix: ' (kopia)' }, status: 201 },
				{ as: 'owner', params: { id: ids.open }, body: { titleSuffix: 5 }, status: 400 },
				{ as: 'other', params: { id: ids.open }, status: 404 }
			],
			'POST /meetings/{id}/archive': [
				{ as: 'owner', params: { id: ids.open }, body: { archived: true }, status: 200 },
				{ as: 'owner', params: { id: ids.open }, body: { archived: false }, status: 200 },
				{ as: 'owner', params: { id: ids.open }, body: { archived: 'ja' }, status: 400 },
				{ as: 'other', params: { id: ids.open }, status: 404 }
			],
			'POST /join': [
				{ as: 'nobody', body: { code: open.joinCode, displayName: 'Ny deltagare', attendance: 'remote' }, status: 201 },
				{ as: 'nobody', body: { code: open.joinCode, attendance: 'remote' }, status: 400 },
				{ as: 'nobody', rawBody: 'code=ABC', status: 400 },
				{ as: 'nobody', body: { code: 'ZZZ-ZZZ-ZZZ', displayName: 'Fel kod', attendance: 'remote' }, status: 404 },
				{ as: 'nobody', body: { code: meeting.joinCode, displayName: 'För sent', attendance: 'remote' }, status: 409 }
			],
			'GET /meetings/{id}/theme-input': [
				{ as: 'owner', params: { id: ids.meeting }, query: 'publication=true', status: 200 },
				...themeInputCalls(ids.meeting, 'publication=True')
			],
			'GET /meetings/{id}/export.csv': [
				{ as: 'owner', params: { id: ids.meeting }, status: 200 },
				{ as: 'owner', params: { id: ids.meeting }, query: 'separator=semicolon', status: 200 },
				{ as: 'owner', params: { id: ids.meeting }, query: 'separator=tab', status: 400 },
				{ as: 'participant', params: { id: ids.meeting }, status: 401 },
				{ as: 'other', params: { id: ids.meeting }, status: 404 }
			],
			'GET /meetings/{id}/export.md': themeInputCalls(ids.meeting, 'publication=ja'),
			'PUT /meetings/{id}/priorities/{clusterId}/status': [
				{ as: 'owner', params: { id: ids.meeting, clusterId: run.clusterIds[0] }, body: { status: 'in_strategy', reason: 'Mål 2' }, status: 200 },
				{ as: 'owner', params: { id: ids.meeting, clusterId: run.clusterIds[0] }, body: { status: 'klar', reason: 'x' }, status: 400 },
				{ as: 'owner', params: { id: ids.meeting, clusterId: 'c-none' }, body: { status: 'partly', reason: 'x' }, status: 404 },
				{ as: 'owner', params: { id: ids.open, clusterId: 'c-none' }, body: { status: 'partly', reason: 'x' }, status: 409 },
				{ as: 'participant', params: { id: ids.meeting, clusterId: run.clusterIds[0] }, body: { status: 'partly', reason: 'x' }, status: 401 }
			],
			'POST /meetings/{id}/follow-up/publications': [
				{ as: 'owner', params: { id: ids.meeting }, status: 201 },
				{ as: 'owner', params: { id: ids.open }, status: 409 },
				{ as: 'participant', params: { id: ids.meeting }, status: 401 },
				{ as: 'other', params: { id: ids.meeting }, status: 404 }
			],
			'GET /processes/{id}/synthesis': themeInputCalls(ids.process, 'publication=1'),
			'GET /meetings/{id}/export.xlsx': themeInputCalls(ids.meeting, 'publication=ja'),
			'GET /processes/{id}/export.xlsx': themeInputCalls(ids.process, 'publication=ja'),
			'GET /processes/{id}/synthesis.md': themeInputCalls(ids.process, 'publication=ja'),
			'GET /processes/{id}/synthesis.docx': themeInputCalls(ids.process, 'publication=ja'),
			'GET /meetings/{id}/minutes.docx': themeInputCalls(ids.meeting, 'publication=ja'),
			'GET /schemas/theme-input.json': [{ as: 'nobody', status: 200 }],
			'GET /meetings/{id}/archive.zip': [
				{ as: 'owner', params: { id: ids.meeting }, status: 200 },
				{ as: 'owner', params: { id: ids.open }, status: 409 },
				{ as: 'participant', params: { id: ids.meeting }, status: 401 },
				{ as: 'other', params: { id: ids.meeting }, status: 404 }
			],
			'GET /processes/{id}/archive.zip': [
				{ as: 'owner', params: { id: ids.process }, status: 200 },
				{ as: 'other', params: { id: ids.process }, status: 404 }
			],
			'GET /processes/{id}/categories': [
				{ as: 'owner', params: { id: ids.process }, status: 200 },
				{ as: 'other', params: { id: ids.process }, status: 404 }
			],
			'POST /processes/{id}/categories': [
				{ as: 'owner', params: { id: ids.process }, body: { name: 'Kompetens', description: 'Fokusområde 2' }, status: 201 },
				{ as: 'owner', params: { id: ids.process }, body: { name: 'livsmiljöer' }, status: 409 },
				{ as: 'owner', params: { id: ids.process }, body: { name: '' }, status: 400 },
				{ as: 'other', params: { id: ids.process }, body: { name: 'Nej' }, status: 404 }
			],
			'PATCH /processes/{id}/categories/{categoryId}': [
				{ as: 'owner', params: { id: ids.process, categoryId: ids.category }, body: { description: 'Fokusområde 1' }, status: 200 },
				{ as: 'owner', params: { id: ids.process, categoryId: ids.category }, body: { name: '', colour: 'röd' }, status: 400 },
				{ as: 'owner', params: { id: ids.process, categoryId: ids.meeting }, body: { name: 'Nej' }, status: 404 }
			],
			'DELETE /processes/{id}/categories/{categoryId}': [
				{ as: 'owner', params: { id: ids.process, categoryId: ids.throwaway }, status: 204 },
				{ as: 'owner', params: { id: ids.process, categoryId: ids.throwaway }, status: 404 }
			],
			'PUT /meetings/{id}/clusters/{clusterId}/categories': [
				{ as: 'owner', params: { id: ids.meeting, clusterId: run.clusterIds[0] }, body: { categoryIds: [ids.category] }, status: 200 },
				{ as: 'owner', params: { id: ids.meeting, clusterId: run.clusterIds[0] }, body: { categoryIds: [ids.meeting] }, status: 400 },
				{ as: 'owner', params: { id: ids.meeting, clusterId: 'c-none' }, body: { categoryIds: [] }, status: 404 },
				{ as: 'participant', params: { id: ids.meeting, clusterId: run.clusterIds[0] }, body: { categoryIds: [] }, status: 401 }
			]
		};

		const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
			Object.entries(item).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, method, path, operation }))
		);
		// Sign-out last: it ends a session.
		documented.sort((a, b) => Number(a.key === 'POST /auth/sign-out') - Number(b.key === 'POST /auth/sign-out'));
		const missing = documented.filter((d) => !calls[d.key]).map((d) => d.key);
		expect(missing, 'documented endpoints without an arranged request in this test').toEqual([]);
		const undocumented = Object.keys(calls).filter((key) => !documented.some((d) => d.key === key));
		expect(undocumented, 'arranged requests for endpoints the document lacks').toEqual([]);

		// Good AND bad input for every operation: each has an arranged call the server refuses (the
		// request without a token added below does not count). The schema is public and takes no input.
		const NO_INPUT = ['GET /schemas/theme-input.json'];
		const withoutBadInput = documented.filter((d) => !NO_INPUT.includes(d.key) && !calls[d.key].some((c) => c.status >= 400)).map((d) => d.key);
		expect(withoutBadInput, 'documented endpoints without a call that the server refuses').toEqual([]);
		const withoutGoodInput = documented.filter((d) => !calls[d.key].some((c) => c.status < 400)).map((d) => d.key);
		expect(withoutGoodInput, 'documented endpoints without a call that the server accepts').toEqual([]);

		const problems: string[] = [];
		for (const { key, method, path, operation } of documented) {
			const secured = (operation.security ?? []).length > 0;
			const list = [...calls[key]];
			// Every secured endpoint also refuses a request without a token, as documented.
			if (secured) list.push({ ...list[0], as: 'nobody', status: 401 });
			for (const call of list) {
				const url = `${app.url}/api/v1${path.replace(/\{(\w+)\}/g, (_, name: string) => call.params?.[name] ?? '')}${call.query ? `?${call.query}` : ''}`;
				const token = tokens[call.as];
				const sent = call.rawBody ?? (call.body !== undefined ? JSON.stringify(call.body) : undefined);
				const response = await fetch(url, {
					method: method.toUpperCase(),
					headers: {
						...(token ? { authorization: `Bearer ${token}` } : {}),
						...(sent !== undefined ? { 'content-type': 'application/json' } : {})
					},
					body: sent
				});
				const where = `${key} as ${call.as}${call.query ? ` ?${call.query}` : ''}`;
				// What the server accepted, the document must accept too: the request schemas match the server.
				const requestSchema = operation.requestBody?.content['application/json']?.schema;
				if (response.status < 300 && call.body !== undefined && requestSchema) {
					const validate = validatorFor(requestSchema);
					if (!validate(call.body)) problems.push(`${where}: the server accepted a body its documented schema refuses: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
				}
				// Query parameters the server accepted are documented, with values their schema allows.
				if (response.status < 300 && call.query) {
					for (const [name, value] of new URLSearchParams(call.query)) {
						const parameter = (operation.parameters ?? []).find((p) => p.in === 'query' && p.name === name) as { schema?: { type?: string; items?: unknown } } | undefined;
						if (!parameter) {
							problems.push(`${where}: the query parameter ${name} is not documented`);
							continue;
						}
						const schema = parameter.schema ?? {};
						const typed = schema.type === 'integer' ? Number(value) : schema.type === 'array' ? value.split(',') : value;
						const validate = validatorFor(schema);
						if (!validate(typed)) problems.push(`${where}: ${name}=${value} is accepted but its documented schema refuses it`);
					}
				}
				if (response.status !== call.status) problems.push(`${where}: status ${response.status}, expected ${call.status}`);
				const documentedResponse = operation.responses[String(response.status)] ?? operation.responses.default;
				if (!documentedResponse) {
					problems.push(`${where}: status ${response.status} is not documented`);
					await response.body?.cancel();
					continue;
				}
				const content = documentedResponse.content ?? {};
				const type = (response.headers.get('content-type') ?? '').split(';')[0].trim();
				if (!Object.keys(content).length) {
					const text = await response.text();
					if (text) problems.push(`${where}: a body was sent but none is documented`);
					continue;
				}
				const media = content[type];
				if (!media) {
					problems.push(`${where}: content type ${type || '(none)'} is not documented (${Object.keys(content).join(', ')})`);
					await response.body?.cancel();
					continue;
				}
				if (/json/.test(type)) {
					const body = await response.json();
					if (media.schema) {
						const validate = validatorFor(media.schema);
						if (!validate(body)) problems.push(`${where}: body does not match its schema: ${JSON.stringify(validate.errors?.slice(0, 3))}`);
					}
				} else {
					const text = await response.text();
					if (!text) problems.push(`${where}: empty ${type} body`);
				}
			}
		}
		expect(problems).toEqual([]);
	}, 120_000);
});
