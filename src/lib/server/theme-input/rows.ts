import type { BoardSnapshot } from '../../board/board';
import type { Note } from '../../board/records';

// The pure half of the projection: a board snapshot, its votes, priority list and participants
// become the rows of the theme-input tables. No I/O, so it can be compared with snapshot(doc)
// in a unit test and hashed to tell whether anything changed.

export type Attendance = 'on_site' | 'remote';

export interface ProjectionParticipant {
	id: string;
	displayName: string;
	sectorCode: string | null;
	municipalityCode: string | null;
	attendance: Attendance;
	removed: boolean;
}

export interface ProjectionInput {
	board: BoardSnapshot;
	/** Authors' names are kept only when the meeting shows them and is not purged. */
	showAuthorNames: boolean;
	participants: ProjectionParticipant[];
	/** Moderators who may have written notes: id → name. */
	moderators: Map<string, string>;
	/** Every vote of the meeting. */
	votes: { participantId: string; itemKind: 'cluster' | 'note'; itemId: string }[];
	priorities: { clusterId: string; position: number; rationale: string; isTop: boolean }[];
	/** Notes taken off the board by a moderator (hidden, removed, merged): not on the board. */
	moderatedNoteIds: Set<string>;
	/** Who wrote each note: note id → participant or moderator id (authors.ts reads it). */
	authors: Map<string, string>;
	/** Duplicates a moderator merged into another note: kept as ideas with `mergedInto`. */
	merged: { noteId: string; text: string; createdAt: number; mergedInto: string }[];
	/** The pseudonymous key of a participant or moderator in this meeting; null once purged. */
	keyOf(personId: string): string | null;
}

export interface ClusterRow {
	clusterId: string;
	title: string;
	boardOrder: number;
	rankPosition: number | null;
	rationale: string;
	isTop: boolean;
	votes: number;
	ideaVotes: number;
	/** The one vote measure: votes on the group plus votes on its ideas (PROTOCOL.md). */
	support: number;
}

export interface IdeaRow {
	noteId: string;
	text: string;
	clusterId: string | null;
	position: number;
	createdAt: string;
	votes: number;
	authorKind: 'participant' | 'moderator' | 'unknown';
	authorSectorCode: string | null;
	authorMunicipalityCode: string | null;
	authorAttendance: Attendance | null;
	authorName: string | null;
	authorKey: string | null;
	/** For a merged duplicate: the idea it was merged into. */
	mergedInto: string | null;
}

export interface BallotRow {
	itemKind: 'cluster' | 'note';
	itemId: string;
	clusterId: string | null;
	voterKey: string | null;
	votes: number;
	voterSectorCode: string;
	voterMunicipalityCode: string;
	voterAttendance: Attendance;
}

export interface VoteRow {
	itemKind: 'cluster' | 'note';
	itemId: string;
	votes: number;
	voters: number;
}

export interface SegmentVoteRow {
	clusterId: string;
	segmentKind: 'sector' | 'municipality';
	segmentCode: string;
	votes: number;
	ideaVotes: number;
	voters: number;
}

export interface ParticipationRow {
	sectorCode: string;
	municipalityCode: string;
	attendance: Attendance;
	participants: number;
	voters: number;
}

export interface ThemeInputRows {
	clusters: ClusterRow[];
	ideas: IdeaRow[];
	votes: VoteRow[];
	segmentVotes: SegmentVoteRow[];
	participation: ParticipationRow[];
	ballots: BallotRow[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The theme-input rows of one meeting, in a stable order (so equal input gives equal rows). */
export function projectRows(input: ProjectionInput): ThemeInputRows {
	const people = new Map(input.participants.map((p) => [p.id, p]));
	const present = (id: string) => {
		const p = people.get(id);
		return p && !p.removed ? p : undefined;
	};
	const isIdea = (note: Note) => !input.moderatedNoteIds.has(note.id);

	// Ideas: clusters in board order with their notes in order, then the unclustered notes.
	const placed: { note: Note; clusterId: string | null; position: number }[] = [];
	for (const cluster of input.board.clusters) {
		cluster.notes.filter(isIdea).forEach((note, i) => placed.push({ note, clusterId: cluster.id, position: i + 1 }));
	}
	input.board.unclustered.filter(isIdea).forEach((note, i) => placed.push({ note, clusterId: null, position: i + 1 }));
	const clusterOfNote = new Map(placed.map((p) => [p.note.id, p.clusterId]));
	const clusterIds = new Set(input.board.clusters.map((c) => c.id));

	// Votes of present participants on items that are on the board.
	const votes = input.votes.filter(
		(v) => present(v.participantId) && (v.itemKind === 'cluster' ? clusterIds.has(v.itemId) : clusterOfNote.has(v.itemId))
	);
	const tally = new Map<string, { votes: number; voters: Set<string> }>();
	for (const v of votes) {
		const key = `${v.itemKind}:${v.itemId}`;
		const entry = tally.get(key) ?? { votes: 0, voters: new Set<string>() };
		entry.votes++;
		entry.voters.add(v.participantId);
		tally.set(key, entry);
	}
	const votesOn = (kind: 'cluster' | 'note', id: string) => tally.get(`${kind}:${id}`)?.votes ?? 0;

	const author = (noteId: string) => {
		const authorId = input.authors.get(noteId) ?? '';
		const participant = people.get(authorId);
		const moderatorName = input.moderators.get(authorId);
		return {
			authorKind: participant ? ('participant' as const) : moderatorName !== undefined ? ('moderator' as const) : ('unknown' as const),
			authorSectorCode: participant?.sectorCode ?? null,
			authorMunicipalityCode: participant?.municipalityCode ?? null,
			authorAttendance: participant?.attendance ?? null,
			authorName: input.showAuthorNames ? (participant?.displayName ?? moderatorName ?? null) : null,
			authorKey: participant || moderatorName !== undefined ? input.keyOf(authorId) : null
		};
	};
	const ideas: IdeaRow[] = placed.map(({ note, clusterId, position }) => ({
		noteId: note.id,
		text: note.text,
		clusterId,
		position,
		createdAt: new Date(note.createdAt).toISOString(),
		votes: votesOn('note', note.id),
		...author(note.id),
		mergedInto: null
	}));
	// Merged duplicates: ideas too (a second municipality raising the same idea is input), placed
	// after the ideas of the group their original is in, without votes of their own (a merge gives
	// them back to the voters).
	const lastPosition = new Map<string | null, number>();
	for (const idea of ideas) lastPosition.set(idea.clusterId, Math.max(lastPosition.get(idea.clusterId) ?? 0, idea.position));
	for (const m of [...input.merged].sort((a, b) => a.createdAt - b.createdAt || compare(a.noteId, b.noteId))) {
		if (!clusterOfNote.has(m.mergedInto)) continue; // its original left the board too
		const clusterId = clusterOfNote.get(m.mergedInto) ?? null;
		const position = (lastPosition.get(clusterId) ?? 0) + 1;
		lastPosition.set(clusterId, position);
		ideas.push({
			noteId: m.noteId,
			text: m.text,
			clusterId,
			position,
			createdAt: new Date(m.createdAt).toISOString(),
			votes: 0,
			...author(m.noteId),
			mergedInto: m.mergedInto
		});
	}

	// The ranked list as it stands, renumbered densely over the clusters still on the board.
	const ranked = input.priorities
		.filter((p) => clusterIds.has(p.clusterId))
		.sort((a, b) => a.position - b.position || compare(a.clusterId, b.clusterId));
	const rankOf = new Map(ranked.map((p, i) => [p.clusterId, { ...p, rank: i + 1 }]));

	const clusters: ClusterRow[] = input.board.clusters.map((c, i) => {
		const priority = rankOf.get(c.id);
		return {
			clusterId: c.id,
			title: c.title,
			boardOrder: i + 1,
			rankPosition: priority?.rank ?? null,
			rationale: priority?.rationale ?? '',
			isTop: priority?.isTop ?? false,
			votes: votesOn('cluster', c.id),
			ideaVotes: ideas.filter((idea) => idea.clusterId === c.id).reduce((sum, idea) => sum + idea.votes, 0),
			support: 0
		};
	});
	for (const c of clusters) c.support = c.votes + c.ideaVotes;

	const voteRows: VoteRow[] = [...tally.entries()]
		.map(([key, t]) => {
			const [itemKind, ...rest] = key.split(':');
			return { itemKind: itemKind as 'cluster' | 'note', itemId: rest.join(':'), votes: t.votes, voters: t.voters.size };
		})
		.sort((a, b) => compare(a.itemKind, b.itemKind) || compare(a.itemId, b.itemId));

	// Per cluster × segment: votes on the cluster and on its ideas.
	const segments = new Map<string, SegmentVoteRow & { people: Set<string> }>();
	for (const v of votes) {
		const clusterId = v.itemKind === 'cluster' ? v.itemId : clusterOfNote.get(v.itemId);
		if (!clusterId) continue; // a vote on an unclustered idea belongs to no cluster
		const voter = present(v.participantId)!;
		for (const [segmentKind, segmentCode] of [
			['sector', voter.sectorCode ?? ''],
			['municipality', voter.municipalityCode ?? '']
		] as const) {
			const key = `${clusterId}\u0000${segmentKind}\u0000${segmentCode}`;
			const row = segments.get(key) ?? { clusterId, segmentKind, segmentCode, votes: 0, ideaVotes: 0, voters: 0, people: new Set<string>() };
			if (v.itemKind === 'cluster') row.votes++;
			else row.ideaVotes++;
			row.people.add(v.participantId);
			segments.set(key, row);
		}
	}
	const segmentVotes: SegmentVoteRow[] = [...segments.values()]
		.map(({ people: voters, ...row }) => ({ ...row, voters: voters.size }))
		.sort((a, b) => compare(a.clusterId, b.clusterId) || compare(a.segmentKind, b.segmentKind) || compare(a.segmentCode, b.segmentCode));

	const voterIds = new Set(votes.map((v) => v.participantId));
	const groups = new Map<string, ParticipationRow>();
	for (const p of input.participants) {
		if (p.removed) continue;
		const row: ParticipationRow = {
			sectorCode: p.sectorCode ?? '',
			municipalityCode: p.municipalityCode ?? '',
			attendance: p.attendance,
			participants: 0,
			voters: 0
		};
		const key = `${row.sectorCode}\u0000${row.municipalityCode}\u0000${row.attendance}`;
		const group = groups.get(key) ?? row;
		group.participants++;
		if (voterIds.has(p.id)) group.voters++;
		groups.set(key, group);
	}
	const participation = [...groups.values()].sort(
		(a, b) => compare(a.sectorCode, b.sectorCode) || compare(a.municipalityCode, b.municipalityCode) || compare(a.attendance, b.attendance)
	);

	// Ballots: each voter's votes per item, with their key and segment.
	const ballotMap = new Map<string, BallotRow>();
	for (const v of votes) {
		const voter = present(v.participantId)!;
		const key = `${v.itemKind}\u0000${v.itemId}\u0000${v.participantId}`;
		const row = ballotMap.get(key) ?? {
			itemKind: v.itemKind,
			itemId: v.itemId,
			clusterId: v.itemKind === 'cluster' ? v.itemId : (clusterOfNote.get(v.itemId) ?? null),
			voterKey: input.keyOf(v.participantId),
			votes: 0,
			voterSectorCode: voter.sectorCode ?? '',
			voterMunicipalityCode: voter.municipalityCode ?? '',
			voterAttendance: voter.attendance
		};
		row.votes++;
		ballotMap.set(key, row);
	}
	const ballots = [...ballotMap.entries()].sort((a, b) => compare(a[0], b[0])).map(([, row]) => row);

	return { clusters, ideas, votes: voteRows, segmentVotes, participation, ballots };
}
