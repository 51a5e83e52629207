// `npm run screenshots`: the README's pictures of the board at the size of a real meeting, made
// by a script rather than by hand. It starts the built app (as `npm start` runs it) with a fresh
// embedded PostgreSQL in a temporary folder, arranges a meeting of 40 participants and 160 ideas
// through the HTTP API and socket.io (as any integrator could), and photographs the moderator's
// workspace, the projector and a phone in Chromium into docs/screenshots/. Everything it
// started is stopped and removed afterwards.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { CLI_ENTRY, SERVER_ARGS } from './build-server.mjs';

const OUT = 'docs/screenshots';
const MODERATOR = { email: 'anna.andersson@region.example', name: 'Anna Andersson', password: 'a long passphrase only for the screenshots' };
const PARTICIPANTS = 40;
const IDEAS_EACH = 4;
const GROUPS = [
	'Lärlingsplatser och praktik',
	'Pendling och kollektivtrafik',
	'Bredband i hela länet',
	'Vuxenutbildning',
	'Nya företag',
	'Kompetensförsörjning i vården',
	'Bostäder för nyanställda',
	'Kultur som drar folk'
];
const PER_GROUP = 15;
const IDEAS = [
	'Fler lärlingsplatser i industrin',
	'Tätare bussturer mellan kommunerna på morgonen',
	'Fiber till varje by före 2030',
	'Yrkesvux på distans med lokala lärcentrum',
	'Mentorskap för unga företagare',
	'Betald utbildning för undersköterskor',
	'Korttidsboenden för den som provar på ett nytt jobb',
	'Kulturhus som mötesplats i de mindre orterna'
];

interface Ack {
	ok: boolean;
	code?: string;
	path?: string;
}

const children: ChildProcess[] = [];
const sockets: Socket[] = [];
let browser: Browser | null = null;
const dataDir = mkdtempSync(join(tmpdir(), 'samla-screenshots-'));

try {
	await main();
} catch (error) {
	console.error('The screenshots failed:', error);
	process.exitCode = 1;
} finally {
	await browser?.close();
	for (const socket of sockets) socket.close();
	await Promise.all(children.map(stop));
	rmSync(dataDir, { recursive: true, force: true });
}

async function main() {
	await run(process.execPath, ['scripts/ensure-build.mjs']);
	const base = await startServer();
	console.log(`Samla at ${base}; arranging a meeting of ${PARTICIPANTS} participants and ${PARTICIPANTS * IDEAS_EACH} ideas …`);
	await run(process.execPath, [CLI_ENTRY, 'create-moderator', '--email', MODERATOR.email, '--name', MODERATOR.name], `${MODERATOR.password}\n`);
	const token = (await api(base, 'POST', '/api/v1/auth/sign-in', { email: MODERATOR.email, password: MODERATOR.password })).token as string;
	const { process: created } = await api(base, 'POST', '/api/v1/processes', { title: 'RUS 2020–2040' }, token);
	const { meeting } = await api(
		base,
		'POST',
		`/api/v1/processes/${created.id}/meetings`,
		{
			themeTitle: 'Framtidens arbetsmarknad och kompetensförsörjning',
			guidingQuestions: ['Vad behöver arbetsmarknaden i länet till 2040?', 'Vem saknas i dag, och varför?'],
			whoMayGroup: 'moderators',
			votesPerParticipant: 5
		},
		token
	);
	const moderator = await meetingSocket(base, meeting.id, token);
	await command(moderator, 'meeting:phase', { phase: 'brainstorm' });
	const tokens: string[] = [];
	const participantSockets: Socket[] = [];
	const ideaIds: string[] = [];
	await Promise.all(
		Array.from({ length: PARTICIPANTS }, async (_, p) => {
			const joined = await api(base, 'POST', '/api/v1/join', { code: meeting.joinCode, displayName: `Deltagare ${p + 1}`, attendance: p % 3 ? 'on_site' : 'remote' });
			tokens[p] = joined.token;
			participantSockets[p] = await meetingSocket(base, meeting.id, joined.token);
			for (let i = 0; i < IDEAS_EACH; i++) {
				const n = p * IDEAS_EACH + i;
				const id = `n-shot-${String(p).padStart(2, '0')}-${i}`;
				await command(participantSockets[p], 'note:add', { id, text: `${IDEAS[(p + i) % IDEAS.length]} (${n + 1})`, colour: ['yellow', 'green', 'blue', 'pink', 'orange'][n % 5] });
				ideaIds.push(id);
			}
		})
	);
	await command(moderator, 'meeting:phase', { phase: 'group' });
	ideaIds.sort();
	for (const [g, title] of GROUPS.entries()) {
		const id = `c-shot-${g}`;
		await command(moderator, 'notes:move', { ids: ideaIds.slice(g * PER_GROUP, (g + 1) * PER_GROUP), clusterId: id, newCluster: { id, title } });
	}
	const { path: projectorPath } = await command(moderator, 'projector:link', {});

	browser = await chromium.launch({
		executablePath: existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
		args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic']
	});
	mkdirSync(OUT, { recursive: true });

	// The moderator's workspace while grouping.
	const desk = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'sv-SE', baseURL: base });
	const workspace = await desk.newPage();
	await workspace.goto(`/sign-in?redirectTo=/m/${meeting.id}`);
	await workspace.getByLabel('E-postadress').fill(MODERATOR.email);
	await workspace.getByLabel('Lösenord').fill(MODERATOR.password);
	await workspace.getByRole('button', { name: 'Logga in' }).click();
	await workspace.getByRole('region', { name: GROUPS[GROUPS.length - 1] }).waitFor();
	await shoot(workspace, 'moderator-grouping');

	// The projector, in grouping.
	const wall = await browser.newContext({ viewport: { width: 1280, height: 720 }, locale: 'sv-SE', baseURL: base });
	const projector = await wall.newPage();
	await projector.goto(projectorPath!);
	await projector.getByRole('heading', { level: 3, name: GROUPS[GROUPS.length - 1] }).waitFor();
	await shoot(projector, 'projector-grouping');

	// Voting: a phone, and the projector counting who has voted.
	await command(moderator, 'meeting:phase', { phase: 'vote' });
	await command(moderator, 'timer:start', { seconds: 300, autoAdvance: false });
	const phoneContext = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1, locale: 'sv-SE', baseURL: base });
	await phoneContext.addCookies([{ name: `samla_p_${meeting.id.replace(/-/g, '')}`, value: tokens[0], url: base, httpOnly: true, sameSite: 'Lax' }]);
	const phone = await phoneContext.newPage();
	await phone.goto(`/m/${meeting.id}`);
	const vote = phone.getByRole('region', { name: GROUPS[0] }).getByRole('button', { name: 'Lägg röst' });
	await vote.tap();
	await phone.getByText('Rösta: du har 4 av 5 röster kvar.').waitFor();
	await shoot(phone, 'phone-voting');
	await Promise.all(
		participantSockets.slice(1, 28).flatMap((socket, p) =>
			[0, 1, 2].map((v) =>
				command(socket, 'vote:place', { itemKind: 'cluster', itemId: `c-shot-${(p * 3 + v * 2) % GROUPS.length}`, key: `v-shot-${String(p).padStart(2, '0')}-${v}` })
			)
		)
	);
	await projector.getByText(/^28 av 40 har röstat$/).waitFor();
	await shoot(projector, 'projector-voting');

	// The results, once revealed.
	await command(moderator, 'votes:reveal', {});
	await projector.getByRole('region', { name: 'Resultat' }).locator('.chart li').first().waitFor();
	await shoot(projector, 'projector-results');
}

async function shoot(page: Page, name: string) {
	// Let the last change settle (fonts, the live board), then photograph the viewport only.
	await page.evaluate(() => document.fonts.ready);
	const file = join(OUT, `${name}.png`);
	await page.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
	console.log(`${file} (${Math.round(statSync(file).size / 1024)} KB)`);
}

async function api(base: string, method: string, path: string, body: unknown, token?: string) {
	const response = await fetch(`${base}${path}`, {
		method,
		headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
		body: JSON.stringify(body)
	});
	if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
	return response.json();
}

async function meetingSocket(base: string, meetingId: string, token: string): Promise<Socket> {
	const socket = io(`${base}/meeting`, { path: '/socket.io', auth: { meetingId, token }, transports: ['websocket'], forceNew: true });
	sockets.push(socket);
	await new Promise<void>((resolve, reject) => {
		socket.once('ready', () => resolve());
		socket.once('connect_error', reject);
	});
	return socket;
}

async function command(socket: Socket, name: string, payload: unknown): Promise<Ack> {
	const ack: Ack = await socket.timeout(15_000).emitWithAck(name, payload);
	if (!ack.ok) throw new Error(`${name}: ${ack.code}`);
	return ack;
}

function serverEnv(): NodeJS.ProcessEnv {
	const { ORIGIN: _origin, ...env } = process.env;
	return { ...env, DATA_DIR: dataDir, DATABASE_URL: '', HOST: '127.0.0.1', PORT: '0', SAMLA_LOG: 'info' };
}

async function startServer(): Promise<string> {
	const child = spawn(process.execPath, SERVER_ARGS, { env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
	children.push(child);
	let output = '';
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`Samla did not start in time:\n${output}`)), 60_000);
		const check = (chunk: Buffer) => {
			output += chunk.toString('utf8');
			const url = /Samla is running at (http:\/\/\S+)/.exec(output)?.[1];
			if (url) {
				clearTimeout(timer);
				resolve(url);
			}
		};
		child.stdout!.on('data', check);
		child.stderr!.on('data', check);
		child.once('exit', (code) => reject(new Error(`Samla exited (${code}):\n${output}`)));
	});
}

function run(command: string, args: string[], input?: string): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { env: serverEnv(), stdio: [input === undefined ? 'ignore' : 'pipe', 'inherit', 'inherit'] });
		if (input !== undefined) child.stdin!.end(input);
		child.once('error', reject);
		child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
	});
}

async function stop(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
	await exited;
	clearTimeout(timer);
}
