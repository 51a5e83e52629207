import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Socket } from 'node:net';
import * as encoding from 'lib0/encoding';
import { COMMAND_NAMES } from '../../src/lib/protocol/commands';
import { arrangeMeeting, arrangeParticipant } from './board-fixtures';
import { useTestApp } from './harness';
import { frame, median, rawExchange, upgradeRequest, type RawOutcome } from './raw-socket';

// Issue 9, defect 1: one unauthenticated upgrade of `/yjs/%E0%A4%A` used to end the process. No
// input on any route may: every entry point answers (an HTTP status or a close code) and logs.

const healthz = async (url: string) => {
	const started = performance.now();
	const response = await fetch(`${url}/healthz`);
	await response.arrayBuffer();
	return { status: response.status, ms: performance.now() - started };
};

describe('no input stops the server', () => {
	const app = useTestApp();
	let meetingId: string;
	let tokens: string[];

	beforeAll(async () => {
		const meeting = await arrangeMeeting(app.sql);
		meetingId = meeting.meetingId;
		tokens = [];
		for (let i = 0; i < 8; i++) tokens.push((await arrangeParticipant(app.sql, meetingId, `Deltagare ${i}`)).token);
	});

	it('an upgrade of /yjs/%E0%A4%A is answered 400 and the server keeps serving', async () => {
		const outcome = await rawExchange(app.url, upgradeRequest('/yjs/%E0%A4%A'));
		expect(outcome.status).toBe(400);
		expect((await healthz(app.url)).status).toBe(200);
		expect(app.process.exitCode).toBeNull();
	});

	it('an upgrade of a path that is neither /yjs/… nor socket.io is answered 404', async () => {
		for (const path of ['/', '/yjs', '/m/whatever', '/healthz']) {
			expect((await rawExchange(app.url, upgradeRequest(path))).status, path).toBe(404);
		}
	});

	it('a malformed request line is answered 400 and a malformed HTTP path is answered, not thrown', async () => {
		expect((await rawExchange(app.url, 'GET /%E0%A4%A HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
		expect((await rawExchange(app.url, 'GET /\x00\x01 HTTP/1.1\r\nHost: x\r\n\r\n')).status).toBe(400);
		expect((await healthz(app.url)).status).toBe(200);
	});

	it('10 000 random upgrades and first frames leave the process up and /healthz fast (median < 100 ms)', { timeout: 180_000 }, async () => {
		const baseline: number[] = [];
		for (let i = 0; i < 20; i++) baseline.push((await healthz(app.url)).ms);

		const during: number[] = [];
		let fuzzing = true;
		const sampler = (async () => {
			while (fuzzing) {
				const { status, ms } = await healthz(app.url);
				expect(status).toBe(200);
				during.push(ms); // and asked again at once: one request at a time all through the fuzzing
			}
		})();

		const counts = new Map<string, number>();
		const tally = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
		const run = async (input: Input) => {
			const outcome = await exchange(app.url, input, meetingId, tokens);
			tally(`${input.kind} ${outcome.status ?? 'none'}${outcome.closeCode ? ` close ${outcome.closeCode}` : ''}`);
			return { input, outcome };
		};
		try {
			await fc.assert(
				fc.asyncProperty(fc.array(inputs, { minLength: 40, maxLength: 40 }), async (batch) => {
					for (const { input, outcome } of await Promise.all(batch.map(run))) {
						// Answered and finished: the server closed the connection before the deadline.
						expect(outcome.closed, JSON.stringify(input).slice(0, 300)).toBe(true);
						if (input.kind === 'board') expect(outcome.status).toBe(101);
						if (input.kind === 'upgrade' && input.path.startsWith('/yjs/')) {
							expect([101, 400, 401, 403, 404, null]).toContain(outcome.status);
						}
					}
					expect(app.process.exitCode).toBeNull();
				}),
				{ numRuns: 250, endOnFailure: true }
			);
		} finally {
			fuzzing = false;
			await sampler;
		}
		console.log(
			`healthz median before ${median(baseline).toFixed(1)} ms, during ${median(during).toFixed(1)} ms (${during.length} samples)\n` +
				[...counts].sort().map(([k, n]) => `  ${k}: ${n}`).join('\n')
		);
		expect([...counts.values()].reduce((a, b) => a + b, 0)).toBe(10_000);
		expect(app.process.exitCode).toBeNull();
		expect((await healthz(app.url)).status).toBe(200);
		expect(median(during)).toBeLessThan(100);
	});
});

type Input =
	| { kind: 'upgrade'; path: string; headers: Record<string, string>; extra: [string, string][] }
	| { kind: 'board'; tokenIndex: number; frames: Buffer[] }
	| { kind: 'socket.io'; tokenIndex: number; auth: unknown; packets: string[] };

const varuint = (n: number) => {
	const e = encoding.createEncoder();
	encoding.writeVarUint(e, n);
	return encoding.toUint8Array(e);
};

/** A y-websocket-like message: a plausible type and sync step, then random or random-shaped content. */
const yMessage = fc.oneof(
	fc.uint8Array({ maxLength: 300 }),
	fc
		.tuple(fc.constantFrom(0, 1, 3, 4, 200), fc.constantFrom(0, 1, 2, 7), fc.array(fc.tuple(fc.nat(), fc.nat()), { maxLength: 40 }))
		.map(([type, step, entries]) => {
			// A state vector (or awareness entries) with random client ids and clocks.
			const inner = encoding.createEncoder();
			encoding.writeVarUint(inner, entries.length);
			for (const [a, b] of entries) {
				encoding.writeVarUint(inner, a);
				encoding.writeVarUint(inner, b);
			}
			const e = encoding.createEncoder();
			encoding.writeVarUint(e, type);
			if (type === 0) encoding.writeVarUint(e, step);
			encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
			return encoding.toUint8Array(e);
		}),
	fc.tuple(fc.nat(), fc.nat(), fc.oneof(fc.json(), fc.string({ unit: 'grapheme', maxLength: 1200 }))).map(([clientId, clock, json]) => {
		// An awareness update with a random state.
		const inner = encoding.createEncoder();
		encoding.writeVarUint(inner, 1);
		encoding.writeVarUint(inner, clientId);
		encoding.writeVarUint(inner, clock);
		encoding.writeVarString(inner, json);
		const e = encoding.createEncoder();
		encoding.writeVarUint(e, 1);
		encoding.writeVarUint8Array(e, encoding.toUint8Array(inner));
		return encoding.toUint8Array(e);
	}),
	fc.uint8Array({ minLength: 1, maxLength: 20 }).map((bytes) => new Uint8Array([...varuint(0), ...varuint(1), ...bytes]))
);

const wsFrame = fc.oneof(
	{ weight: 6, arbitrary: yMessage.map((payload) => frame(2, payload)) },
	{
		weight: 2,
		arbitrary: fc
			.record({
				opcode: fc.constantFrom(0, 1, 2, 3, 8, 9, 10, 15),
				fin: fc.boolean(),
				masked: fc.boolean(),
				rsv: fc.constantFrom(0, 0, 0, 4, 7),
				payload: fc.oneof(yMessage, fc.uint8Array({ maxLength: 200 }))
			})
			.map(({ opcode, payload, ...options }) => frame(opcode, payload, options))
	},
	{ weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)) }
);

const headerName = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,20}$/);
const headerValue = fc.oneof(fc.string({ maxLength: 80 }), fc.string({ unit: 'binary', maxLength: 40 }));
const hex = (b: number) => `%${b.toString(16).toUpperCase().padStart(2, '0')}`;

const path = fc.oneof(
	fc.constantFrom('/yjs/%E0%A4%A', '/yjs/%', '/yjs/%ZZ', '/yjs', '/yjs/', '/', '/x', '/socket.io/', '/socket.io/?EIO=4&transport=websocket', '/socket.io/?EIO=3&transport=polling'),
	fc.string({ unit: 'grapheme', maxLength: 60 }).map((s) => `/yjs/${s}`),
	fc.uint8Array({ maxLength: 24 }).map((bytes) => `/yjs/${[...bytes].map(hex).join('')}`),
	fc.tuple(fc.uuid(), fc.string({ maxLength: 40 })).map(([id, token]) => `/yjs/${id}?token=${encodeURIComponent(token)}`),
	fc.webPath(),
	fc.string({ unit: 'binary', maxLength: 60 }).map((s) => `/${s}`)
);

const upgrade: fc.Arbitrary<Input> = fc.record({
	kind: fc.constant('upgrade' as const),
	path,
	headers: fc.record(
		{
			upgrade: fc.oneof(fc.constantFrom('websocket', 'WebSocket', 'h2c'), headerValue),
			connection: fc.oneof(fc.constantFrom('Upgrade', 'keep-alive, Upgrade', 'close'), headerValue),
			'sec-websocket-key': fc.oneof(fc.base64String({ minLength: 24, maxLength: 24 }), headerValue),
			'sec-websocket-version': fc.oneof(fc.constantFrom('13', '8', '0'), headerValue),
			origin: fc.oneof(fc.constantFrom('https://evil.example', 'null'), headerValue),
			cookie: fc.oneof(fc.constantFrom('samla_session=x', 'a=%E0%A4%A'), headerValue)
		},
		{ requiredKeys: [] }
	),
	extra: fc.array(fc.tuple(headerName, headerValue), { maxLength: 5 })
});

const board: fc.Arbitrary<Input> = fc.record({
	kind: fc.constant('board' as const),
	tokenIndex: fc.nat(7),
	frames: fc.array(wsFrame, { minLength: 1, maxLength: 4 })
});

const socketIo: fc.Arbitrary<Input> = fc.record({
	kind: fc.constant('socket.io' as const),
	tokenIndex: fc.nat(7),
	auth: fc.oneof(fc.constant('valid'), fc.jsonValue()),
	packets: fc.array(
		fc.oneof(
			fc
				.tuple(fc.constantFrom(...COMMAND_NAMES, 'vote:place', 'phase:set', 'x'), fc.jsonValue(), fc.nat(1000))
				.map(([name, payload, id]) => `42/meeting,${id}${JSON.stringify([name, payload])}`),
			fc.string({ maxLength: 100 }).map((s) => `42/meeting,${s}`),
			fc.string({ maxLength: 100 })
		),
		{ minLength: 1, maxLength: 4 }
	)
});

const inputs = fc.oneof({ weight: 11, arbitrary: upgrade }, { weight: 6, arbitrary: board }, { weight: 3, arbitrary: socketIo });

function exchange(url: string, input: Input, meetingId: string, tokens: string[]): Promise<RawOutcome> {
	switch (input.kind) {
		case 'upgrade': {
			const head = Object.entries(input.headers).map(([k, v]) => `${k}: ${v}`);
			const extra = input.extra.map(([k, v]) => `${k}: ${v}`);
			const request = `GET ${input.path} HTTP/1.1\r\nhost: localhost\r\n${[...head, ...extra].join('\r\n')}\r\n\r\n`;
			return rawExchange(url, Buffer.from(request, 'utf8'));
		}
		case 'board': {
			// After the server's first frame (the connection is set up), the random frames; then the end.
			const request = upgradeRequest(`/yjs/${meetingId}?token=${tokens[input.tokenIndex]}`);
			let sent = false;
			return rawExchange(url, request, {
				after: (_outcome: RawOutcome, socket: Socket) => {
					if (sent) return;
					sent = true;
					for (const f of input.frames) socket.write(f);
					socket.end();
				}
			});
		}
		case 'socket.io': {
			const auth = input.auth === 'valid' ? { meetingId, token: tokens[input.tokenIndex] } : input.auth;
			let step = 0;
			return rawExchange(url, upgradeRequest('/socket.io/?EIO=4&transport=websocket'), {
				after: (_outcome: RawOutcome, socket: Socket) => {
					// engine.io's open packet, then our namespace connect; its answer, then the packets.
					if (step === 0) socket.write(frame(1, Buffer.from(`40/meeting,${JSON.stringify(auth)}`)));
					else if (step === 1) {
						for (const p of input.packets) socket.write(frame(1, Buffer.from(p)));
						socket.end();
					}
					step++;
				}
			});
		}
	}
}
