import { randomUUID } from 'node:crypto';
import { io, type Socket } from 'socket.io-client';
import { command, meetingSocket } from './board-fixtures';

// A whole meeting run as its people would run it, over the public interfaces only: participants
// join with POST /api/v1/join, everyone acts through socket.io commands, the moderator leads
// the phases to the close. Used by the integration tests and by the e2e synthesis test.

export interface ScriptParticipant {
	displayName: string;
	organisation?: string;
	sectorCode?: string | null;
	municipalityCode?: string | null;
	attendance: 'on_site' | 'remote';
}

export interface ScriptIdea {
	/** Index of the participant who writes it. */
	by: number;
	text: string;
	/** A text the author wrote first and then edited into `text` (so the board's history holds it). */
	firstDraft?: string;
}

export interface MeetingScript {
	participants: ScriptParticipant[];
	clusters: { title: string; ideas: ScriptIdea[] }[];
	unclustered?: ScriptIdea[];
	/** Posted, then hidden by the moderator: never theme input. */
	hidden?: ScriptIdea[];
	/** Votes: participant index → cluster index (number) or idea text (string). */
	votes: { by: number; on: number | string }[];
	/** Cluster indexes, highest priority first. */
	ranking: number[];
	rationales?: Record<number, string>;
	top?: number[];
	/** Leave the meeting open in `rank` instead of closing it. */
	keepOpen?: boolean;
}

export interface ScriptedMeeting {
	participants: { id: string; token: string; displayName: string }[];
	clusterIds: string[];
	noteIds: Map<string, string>;
}

async function ok(promise: Promise<{ ok: boolean }>, what: string) {
	const ack = await promise;
	if (!ack.ok) throw new Error(`${what} failed: ${JSON.stringify(ack)}`);
	return ack;
}

/** Runs `script` in a meeting (in phase draft or brainstorm) as its moderator and participants. */
export async function runMeetingScript(
	baseUrl: string,
	meeting: { id: string; joinCode: string; moderatorToken: string },
	script: MeetingScript
): Promise<ScriptedMeeting> {
	const sockets: Socket[] = [];
	try {
		const { socket: moderator, phase: startPhase } = await moderatorSocket(baseUrl, meeting.id, meeting.moderatorToken);
		sockets.push(moderator);
		const phase = (target: string) => ok(command(moderator, 'meeting:phase', { phase: target }), `phase ${target}`);

		const participants: ScriptedMeeting['participants'] = [];
		for (const p of script.participants) {
			const response = await fetch(`${baseUrl}/api/v1/join`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ code: meeting.joinCode, ...p })
			});
			if (response.status !== 201) throw new Error(`join failed: ${response.status} ${await response.text()}`);
			const body = (await response.json()) as { token: string; participant: { id: string } };
			participants.push({ id: body.participant.id, token: body.token, displayName: p.displayName });
		}
		const participantSockets: Socket[] = [];
		for (const p of participants) {
			const socket = await meetingSocket(baseUrl, meeting.id, p.token);
			sockets.push(socket);
			participantSockets.push(socket);
		}

		// Brainstorm: everyone writes their ideas (from draft, the moderator opens it first).
		if (startPhase === 'draft') await phase('brainstorm');
		const noteIds = new Map<string, string>();
		const write = async (idea: ScriptIdea) => {
			const id = `n-${randomUUID()}`;
			const socket = participantSockets[idea.by];
			await ok(command(socket, 'note:add', { id, text: idea.firstDraft ?? idea.text }), `note:add ${idea.text}`);
			if (idea.firstDraft) await ok(command(socket, 'note:edit', { id, text: idea.text }), `note:edit ${idea.text}`);
			noteIds.set(idea.text, id);
			return id;
		};
		for (const cluster of script.clusters) for (const idea of cluster.ideas) await write(idea);
		for (const idea of script.unclustered ?? []) await write(idea);
		for (const idea of script.hidden ?? []) await write(idea);

		// Group: the moderator builds the clusters and hides what must not stay.
		await phase('group');
		const clusterIds: string[] = [];
		for (const cluster of script.clusters) {
			const id = `c-${randomUUID()}`;
			await ok(command(moderator, 'cluster:create', { id, title: cluster.title }), `cluster:create ${cluster.title}`);
			clusterIds.push(id);
			for (const idea of cluster.ideas) {
				await ok(command(moderator, 'note:move', { id: noteIds.get(idea.text), clusterId: id }), `note:move ${idea.text}`);
			}
		}
		for (const idea of script.hidden ?? []) {
			await ok(command(moderator, 'note:moderate', { noteId: noteIds.get(idea.text), action: 'hide', reason: 'Utanför temat' }), 'note:moderate');
		}

		// Vote, rank, close.
		await phase('vote');
		for (const vote of script.votes) {
			const itemKind = typeof vote.on === 'number' ? 'cluster' : 'note';
			const itemId = typeof vote.on === 'number' ? clusterIds[vote.on] : noteIds.get(vote.on);
			await ok(command(participantSockets[vote.by], 'vote:place', { itemKind, itemId, key: `v-${randomUUID()}` }), `vote on ${vote.on}`);
		}
		await ok(command(moderator, 'votes:reveal', {}), 'votes:reveal');
		await phase('rank');
		const ranked = script.ranking.map((i) => clusterIds[i]);
		const unranked = clusterIds.filter((id) => !ranked.includes(id));
		await ok(command(moderator, 'rank:order', { clusterIds: [...ranked, ...unranked] }), 'rank:order');
		for (const [index, rationale] of Object.entries(script.rationales ?? {})) {
			await ok(command(moderator, 'rank:update', { clusterId: clusterIds[Number(index)], rationale }), 'rank:update');
		}
		for (const index of script.top ?? []) await ok(command(moderator, 'rank:update', { clusterId: clusterIds[index], isTop: true }), 'rank:update top');
		if (!script.keepOpen) await phase('closed');
		return { participants, clusterIds, noteIds };
	} finally {
		for (const socket of sockets) socket.close();
	}
}

/** The moderator's meeting socket and the phase the meeting is in (from the `ready` event). */
function moderatorSocket(baseUrl: string, meetingId: string, token: string): Promise<{ socket: Socket; phase: string }> {
	const socket = io(`${baseUrl}/meeting`, { path: '/socket.io', auth: { meetingId, token }, transports: ['websocket'], forceNew: true });
	return new Promise((resolve, reject) => {
		socket.once('ready', (ready: { meeting: { phase: string } }) => resolve({ socket, phase: ready.meeting.phase }));
		socket.once('connect_error', reject);
	});
}
