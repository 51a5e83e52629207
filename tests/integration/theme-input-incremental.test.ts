import { randomBytes, randomUUID } from 'node:crypto';
import * as Y from 'yjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addNote, createCluster, editNote, initBoard, moveNote, moveNotes, removeNote, renameCluster, snapshot } from '../../src/lib/board/board';
import { migrate } from '../../src/lib/server/db/migrate';
import { connect, type Sql } from '../../src/lib/server/db/sql';
import { projectMeeting } from '../../src/lib/server/theme-input/project';
import { createProjectionCache, type ProjectionCache } from '../../src/lib/server/theme-input/projection-cache';
import { keyWith } from '../../src/lib/server/theme-input/authors';
import { purgeMeeting } from '../../src/lib/server/theme-input/purge';
import { arrangeMeeting } from './board-fixtures';
import { createTestDatabase } from './harness';

// Issue 15: the scheduler's projection writes only the theme rows that changed since its previous
// run of the meeting (projection-cache.ts), not every row of every theme table. What it stores must
// be exactly what a projection from scratch stores.

const TABLES = {
	theme_clusters: 'cluster_id',
	theme_ideas: 'note_id',
	theme_votes: 'item_kind, item_id',
	theme_segment_votes: 'cluster_id, segment_kind, segment_code',
	theme_participation: 'sector_code, municipality_code, attendance',
	theme_ballots: 'item_kind, item_id, voter_key, votes'
} as const;

describe('the incremental theme-input projection', () => {
	let database: Awaited<ReturnType<typeof createTestDatabase>>;
	let sql: Sql;

	beforeAll(async () => {
		database = await createTestDatabase();
		sql = connect(database.url, { max: 4 });
		await migrate(sql);
		// The segments the participants give (the bundled reference lists are not loaded here).
		await sql`insert into sectors (code, name_sv, name_en, sort_order)
			values ('business', 'Näringsliv', 'Business', 1), ('municipality', 'Kommun', 'Municipality', 2), ('civil_society', 'Civilsamhälle', 'Civil society', 3)`;
		await sql`insert into municipalities (code, name, sort_order) values ('2480', 'Umeå', 1), ('2482', 'Skellefteå', 2), ('2403', 'Bjurholm', 3)`;
	});
	afterAll(async () => {
		await sql?.end({ timeout: 1 });
		await database?.drop();
	});

	/** A meeting in the vote phase whose stored board is `doc`; later changes to `doc` are stored as board updates. */
	async function boardMeeting() {
		const { meetingId } = await arrangeMeeting(sql, { phase: 'vote' });
		const doc = new Y.Doc();
		initBoard(doc);
		for (const [i, title] of ['Kollektivtrafik', 'Bredband', 'Kompetens'].entries()) createCluster(doc, { id: `cluster-${i}`, title });
		const people = [
			{ name: 'Anna', sector: 'business', municipality: '2480', attendance: 'on_site' },
			{ name: 'Bo', sector: 'municipality', municipality: '2482', attendance: 'remote' },
			{ name: 'Cecilia', sector: 'civil_society', municipality: '2403', attendance: 'remote' }
		];
		const participants: string[] = [];
		for (const p of people) {
			const [row] = await sql<{ id: string }[]>`
				insert into participants (meeting_id, display_name, sector_code, municipality_code, attendance)
				values (${meetingId}, ${p.name}, ${p.sector}, ${p.municipality}, ${p.attendance}) returning id`;
			participants.push(row.id);
		}
		for (let i = 0; i < 12; i++) {
			const id = `note-${String(i).padStart(3, '0')}`;
			addNote(doc, { id, text: `Idé nummer ${i + 1}`, createdAt: 1_760_000_000_000 + i * 1000, clusterId: i < 10 ? `cluster-${i % 3}` : null });
			await sql`insert into notes (meeting_id, id, author_id, visibility) values (${meetingId}, ${id}, ${participants[i % 3]}, 'board')`;
		}
		await sql`insert into board_snapshots (meeting_id, state, through_id) values (${meetingId}, ${Buffer.from(Y.encodeStateAsUpdate(doc))}, 0)`;
		doc.on('update', (update: Uint8Array) => void pending.push(update));
		const pending: Uint8Array[] = [];
		return {
			meetingId,
			doc,
			participants,
			/** Stores the board changes made since the last call. */
			async store() {
				for (const update of pending.splice(0)) await sql`insert into board_updates (meeting_id, update) values (${meetingId}, ${Buffer.from(update)})`;
			},
			async vote(participant: number, itemKind: 'cluster' | 'note', itemId: string) {
				await sql`insert into votes (meeting_id, participant_id, item_kind, item_id, idempotency_key)
					values (${meetingId}, ${participants[participant]}, ${itemKind}, ${itemId}, ${randomUUID()})`;
			}
		};
	}

	/** Every theme row of the meeting, table by table, in key order. */
	async function themeRows(meetingId: string) {
		const rows: Record<string, unknown[]> = {};
		for (const [table, key] of Object.entries(TABLES)) {
			rows[table] = [...(await sql.unsafe(`select * from ${table} where meeting_id = $1 order by ${key}`, [meetingId]))];
		}
		return rows;
	}

	/** The rows a projection from scratch stores (every row deleted and inserted again). */
	async function fromScratch(meetingId: string) {
		await sql`update theme_projections set content_hash = 'forget' where meeting_id = ${meetingId}`;
		expect(await projectMeeting(sql, meetingId)).toMatchObject({ ok: true, changed: true });
		return themeRows(meetingId);
	}

	/** Each theme_ideas row's transaction id (xmin), by note: it changes only when the row is written. */
	async function ideaVersions(meetingId: string) {
		const rows = await sql<{ noteId: string; xmin: string }[]>`select note_id, xmin::text from theme_ideas where meeting_id = ${meetingId}`;
		return new Map(rows.map((r) => [r.noteId, r.xmin]));
	}

	it('stores the same rows as a projection from scratch after notes move, change and go, and votes and people come', async () => {
		const meeting = await boardMeeting();
		const cache = createProjectionCache();
		await meeting.vote(0, 'cluster', 'cluster-1');
		await meeting.vote(1, 'note', 'note-004');
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: true });

		moveNote(meeting.doc, 'note-000', 'cluster-2');
		moveNote(meeting.doc, 'note-011', 'cluster-1', 'note-001');
		editNote(meeting.doc, 'note-005', 'Tätare turer på kvällarna');
		removeNote(meeting.doc, 'note-010');
		renameCluster(meeting.doc, 'cluster-2', 'Kompetensförsörjning');
		await meeting.store();
		await sql`update participants set display_name = 'Bo Berg' where id = ${meeting.participants[1]}`;
		await meeting.vote(2, 'note', 'note-005');
		await meeting.vote(2, 'cluster', 'cluster-0');
		await sql`insert into participants (meeting_id, display_name, sector_code, municipality_code, attendance)
			values (${meeting.meetingId}, 'David', 'business', '2482', 'on_site')`;
		await sql`insert into priorities (meeting_id, cluster_id, position, rationale) values (${meeting.meetingId}, 'cluster-2', 1, 'Viktigast')`;
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: true });
		const incremental = await themeRows(meeting.meetingId);

		// What changed is in the tables, so the comparison below compares something.
		expect(incremental.theme_ideas.map((r) => (r as { noteId: string }).noteId)).not.toContain('note-010');
		expect(incremental.theme_ideas).toContainEqual(expect.objectContaining({ noteId: 'note-005', text: 'Tätare turer på kvällarna', votes: 1 }));
		expect(incremental.theme_participation).toContainEqual(expect.objectContaining({ sectorCode: 'business', municipalityCode: '2482', participants: 1 }));
		expect(incremental.theme_ballots).toHaveLength(4);
		expect(incremental.theme_ideas).toContainEqual(expect.objectContaining({ noteId: 'note-004', authorName: 'Bo Berg' }));
		expect(incremental.theme_clusters).toContainEqual(expect.objectContaining({ clusterId: 'cluster-2', title: 'Kompetensförsörjning', rankPosition: 1 }));
		expect(await fromScratch(meeting.meetingId)).toEqual(incremental);
	});

	it('deletes the rows of tables with composite keys that are gone: a vote taken back, a removed participant', async () => {
		const { meeting, cache } = await votedAndProjected();
		const before = await themeRows(meeting.meetingId);

		// Anna takes her vote back; Cecilia, the only one of her sector, municipality and attendance, is removed.
		await sql`delete from votes where meeting_id = ${meeting.meetingId} and participant_id = ${meeting.participants[0]}`;
		await sql`update participants set removed_at = now() where id = ${meeting.participants[2]}`;
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: true });
		const after = await themeRows(meeting.meetingId);

		const annasVote = expect.objectContaining({ itemKind: 'cluster', itemId: 'cluster-1', votes: 1 });
		expect(before.theme_votes).toContainEqual(annasVote);
		expect(after.theme_votes).not.toContainEqual(annasVote);
		const annasSegment = expect.objectContaining({ clusterId: 'cluster-1', segmentKind: 'sector', segmentCode: 'business' });
		expect(before.theme_segment_votes).toContainEqual(annasSegment);
		expect(after.theme_segment_votes).not.toContainEqual(annasSegment);
		const cecilias = expect.objectContaining({ sectorCode: 'civil_society', municipalityCode: '2403', attendance: 'remote' });
		expect(before.theme_participation).toContainEqual(cecilias);
		expect(after.theme_participation).not.toContainEqual(cecilias);
		expect(await fromScratch(meeting.meetingId)).toEqual(after);
	});

	it('writes only the theme rows that changed when one note moves', async () => {
		const meeting = await boardMeeting();
		const cache = createProjectionCache();
		await projectMeeting(sql, meeting.meetingId, { cache });
		const rowsBefore = await themeRows(meeting.meetingId);
		const before = await ideaVersions(meeting.meetingId);

		moveNote(meeting.doc, 'note-003', 'cluster-1');
		await meeting.store();
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: true });
		const after = await ideaVersions(meeting.meetingId);
		const rowsAfter = await themeRows(meeting.meetingId);

		// note-003 left cluster-0 (note-006 and note-009 behind it move up) and went to the end of cluster-1.
		const byNote = (rows: unknown[]) => new Map(rows.map((r) => [(r as { noteId: string }).noteId, JSON.stringify(r)]));
		const [was, now] = [byNote(rowsBefore.theme_ideas), byNote(rowsAfter.theme_ideas)];
		const changed = [...now.keys()].filter((id) => now.get(id) !== was.get(id)).sort();
		expect(changed).toEqual(['note-003', 'note-006', 'note-009']);
		const written = [...after.keys()].filter((id) => after.get(id) !== before.get(id)).sort();
		expect(written).toEqual(changed);
		expect(after.size).toBe(12);
	});

	it('writes a big board whole, and again after every idea moved, in statements of a few hundred rows, the same rows as from scratch', async () => {
		const meeting = await boardMeeting();
		const added = Array.from({ length: 488 }, (_, i) => `note-${String(12 + i).padStart(3, '0')}`);
		for (const [i, id] of added.entries()) addNote(meeting.doc, { id, text: `Idé ${12 + i}`, createdAt: 1_760_000_100_000 + i, clusterId: `cluster-${i % 3}` });
		await sql`insert into notes ${sql(added.map((id, i) => ({ meetingId: meeting.meetingId, id, authorId: meeting.participants[i % 3], visibility: 'board' })))}`;
		await meeting.store();
		const cache = createProjectionCache();
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: true });
		expect((await themeRows(meeting.meetingId)).theme_ideas).toHaveLength(500);

		// Every idea into one group: 500 rows change (their group and place) in one run.
		const every = [...(await ideaVersions(meeting.meetingId)).keys()].sort();
		expect(moveNotes(meeting.doc, every, 'cluster-1')).toMatchObject({ ok: true });
		await meeting.store();
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: true });
		const incremental = await themeRows(meeting.meetingId);
		expect(incremental.theme_ideas).toHaveLength(500);
		expect(incremental.theme_ideas.every((r) => (r as { clusterId: string }).clusterId === 'cluster-1')).toBe(true);
		expect(await fromScratch(meeting.meetingId)).toEqual(incremental);
	});

	it('rewrites every row when another writer changed them since the cached projection', async () => {
		const meeting = await boardMeeting();
		const cache = createProjectionCache();
		await projectMeeting(sql, meeting.meetingId, { cache });

		// Another process (no cache of its own here) projects a note this process has not seen stored.
		addNote(meeting.doc, { id: 'note-100', text: 'En idé från en annan process', createdAt: 1_760_000_100_000, clusterId: 'cluster-0' });
		await meeting.store();
		await projectMeeting(sql, meeting.meetingId);
		// Then that note goes again and another changes: applied to the cached rows alone, the diff
		// would keep note-100 (the cache never held it).
		removeNote(meeting.doc, 'note-100');
		editNote(meeting.doc, 'note-001', 'Bredband i varje by');
		await meeting.store();
		const before = await ideaVersions(meeting.meetingId);
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: true });

		const rows = await themeRows(meeting.meetingId);
		expect(rows.theme_ideas.map((r) => (r as { noteId: string }).noteId)).not.toContain('note-100');
		expect(rows.theme_ideas).toContainEqual(expect.objectContaining({ noteId: 'note-001', text: 'Bredband i varje by' }));
		// A full rewrite: every idea row was written again.
		const after = await ideaVersions(meeting.meetingId);
		expect([...after].filter(([id, xmin]) => before.get(id) === xmin)).toEqual([]);
		expect(await fromScratch(meeting.meetingId)).toEqual(rows);
	});

	it('does not trust a cache whose projection was rolled back', async () => {
		const meeting = await boardMeeting();
		const cache: ProjectionCache = createProjectionCache();
		await projectMeeting(sql, meeting.meetingId, { cache });
		const cached = cache.get(meeting.meetingId)!;
		moveNote(meeting.doc, 'note-003', 'cluster-1');
		await meeting.store();
		// The projection's transaction fails after writing (a check on theme_projections refuses its hash).
		// (DDL takes no parameters; both are hex or a UUID.)
		await sql.unsafe(`alter table theme_projections add constraint no_new_hash
			check (meeting_id <> '${meeting.meetingId}' or content_hash = '${cached.hash}') not valid`);
		try {
			await expect(projectMeeting(sql, meeting.meetingId, { cache })).rejects.toThrow();
		} finally {
			await sql`alter table theme_projections drop constraint no_new_hash`;
		}
		expect(cache.get(meeting.meetingId)).toBeUndefined();
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: true });
		expect(await fromScratch(meeting.meetingId)).toEqual(await themeRows(meeting.meetingId));
	});

	it("takes a live room's committed board instead of reading the stored one, unless the stored board holds an update after the room's last", async () => {
		const meeting = await boardMeeting();
		editNote(meeting.doc, 'note-001', 'Stored text');
		await meeting.store();
		const [{ lastId }] = await sql<{ lastId: string }[]>`select max(id) as last_id from board_updates where meeting_id = ${meeting.meetingId}`;
		// The live board differs from the stored one here only so that the test can tell them apart.
		const live = new Y.Doc();
		Y.applyUpdate(live, Y.encodeStateAsUpdate(meeting.doc));
		editNote(live, 'note-001', 'Live text');
		const boardOf = async (meetingId: string) => (meetingId === meeting.meetingId ? { board: snapshot(live), throughId: Number(lastId) } : null);
		const text = async () =>
			(await sql<{ text: string }[]>`select text from theme_ideas where meeting_id = ${meeting.meetingId} and note_id = 'note-001'`)[0].text;

		await projectMeeting(sql, meeting.meetingId, { boardOf });
		expect(await text()).toBe('Live text');
		// Another instance stored a change after the room's last update: the room's board is behind.
		editNote(meeting.doc, 'note-001', 'Stored by another instance');
		await meeting.store();
		await projectMeeting(sql, meeting.meetingId, { boardOf });
		expect(await text()).toBe('Stored by another instance');
		// Another instance compacted the board through a later update: its snapshot is newer than the room.
		const [{ newest }] = await sql<{ newest: string }[]>`select max(id) as newest from board_updates where meeting_id = ${meeting.meetingId}`;
		const caughtUp = async () => ({ board: snapshot(live), throughId: Number(newest) });
		editNote(meeting.doc, 'note-001', 'Compacted by another instance');
		await sql`update board_snapshots set state = ${Buffer.from(Y.encodeStateAsUpdate(meeting.doc))}, through_id = ${Number(newest) + 1}
			where meeting_id = ${meeting.meetingId}`;
		await sql`delete from board_updates where meeting_id = ${meeting.meetingId}`;
		await projectMeeting(sql, meeting.meetingId, { boardOf: caughtUp });
		expect(await text()).toBe('Compacted by another instance');
		// No live room: the stored board.
		editNote(meeting.doc, 'note-001', 'Stored again');
		await meeting.store();
		await projectMeeting(sql, meeting.meetingId, { boardOf: async () => null });
		expect(await text()).toBe('Stored again');
	});

	it('does not hash rows again that are exactly the cached ones, and their hash is the one computed from scratch', async () => {
		const meeting = await boardMeeting();
		const cache = createProjectionCache();
		await meeting.vote(0, 'cluster', 'cluster-1');
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: true });
		// A board change that leaves the rows as they were: a note comes and goes.
		addNote(meeting.doc, { id: 'note-100', text: 'Strax borta', createdAt: 1_760_000_100_000, clusterId: 'cluster-0' });
		removeNote(meeting.doc, 'note-100');
		await meeting.store();
		const hash = async () => (await sql<{ contentHash: string }[]>`select content_hash from theme_projections where meeting_id = ${meeting.meetingId}`)[0].contentHash;
		const stored = await hash();
		expect(await projectMeeting(sql, meeting.meetingId, { cache })).toMatchObject({ ok: true, changed: false });
		expect(cache.get(meeting.meetingId)!.hash).toBe(stored);
		// A run without the cache computes the hash and finds it stored.
		expect(await projectMeeting(sql, meeting.meetingId)).toMatchObject({ ok: true, changed: false });
		expect(await hash()).toBe(stored);
	});

	/** The meeting's stored author and voter keys by person, and the keys its secret gives them. */
	async function storedKeys(meetingId: string) {
		const ideas = await sql<{ authorId: string; authorKey: string | null }[]>`
			select n.author_id, i.author_key from theme_ideas i join notes n on n.meeting_id = i.meeting_id and n.id = i.note_id
			where i.meeting_id = ${meetingId}`;
		const ballots = await sql<{ voterKey: string | null }[]>`select voter_key from theme_ballots where meeting_id = ${meetingId}`;
		const [row] = await sql<{ secret: Buffer }[]>`select secret from meeting_key_secrets where meeting_id = ${meetingId}`;
		return { ideas, voterKeys: ballots.map((b) => b.voterKey), secret: row?.secret };
	}

	/** A meeting with two votes, projected once through a cache of its own. */
	async function votedAndProjected() {
		const meeting = await boardMeeting();
		const cache = createProjectionCache();
		await meeting.vote(0, 'cluster', 'cluster-1');
		await meeting.vote(1, 'note', 'note-004');
		await projectMeeting(sql, meeting.meetingId, { cache });
		return { meeting, cache };
	}

	it('keeps the pseudonymous keys between runs and stores the keys the meeting secret gives, also after the secret changes', async () => {
		const { meeting, cache } = await votedAndProjected();
		const first = await storedKeys(meeting.meetingId);
		expect(first.ideas).toHaveLength(12);
		for (const idea of first.ideas) expect(idea.authorKey).toBe(keyWith(first.secret!, idea.authorId));
		expect(first.voterKeys.sort()).toEqual([keyWith(first.secret!, meeting.participants[0]), keyWith(first.secret!, meeting.participants[1])].sort());
		// The keys are kept with the meeting's cached rows: every author and voter, nobody else.
		const kept = cache.get(meeting.meetingId)!.keys!.keys;
		expect(new Map(kept)).toEqual(new Map(meeting.participants.map((id) => [id, keyWith(first.secret!, id)])));

		// The next run takes the kept keys (one planted here shows up in the rows it writes) ...
		kept.set(meeting.participants[2], 'kept-not-computed');
		moveNote(meeting.doc, 'note-003', 'cluster-1');
		await meeting.store();
		await projectMeeting(sql, meeting.meetingId, { cache });
		expect((await storedKeys(meeting.meetingId)).ideas).toContainEqual({ authorId: meeting.participants[2], authorKey: 'kept-not-computed' });

		// ... as long as the meeting's secret is the one they were computed with.
		await sql`update meeting_key_secrets set secret = ${randomBytes(32)} where meeting_id = ${meeting.meetingId}`;
		moveNote(meeting.doc, 'note-003', 'cluster-2');
		await meeting.store();
		await projectMeeting(sql, meeting.meetingId, { cache });
		const rotated = await storedKeys(meeting.meetingId);
		expect(rotated.secret!.equals(first.secret!)).toBe(false);
		for (const idea of rotated.ideas) expect(idea.authorKey).toBe(keyWith(rotated.secret!, idea.authorId));
		expect(rotated.voterKeys.every((key) => key !== null && !first.voterKeys.includes(key))).toBe(true);
		expect(await fromScratch(meeting.meetingId)).toEqual(await themeRows(meeting.meetingId));
	});

	it('keeps only the keys of the authors and voters its last run saw', async () => {
		const meeting = await boardMeeting();
		const cache = createProjectionCache();
		await meeting.vote(0, 'cluster', 'cluster-1');
		await projectMeeting(sql, meeting.meetingId, { cache });
		expect([...cache.get(meeting.meetingId)!.keys!.keys.keys()].sort()).toEqual([...meeting.participants].sort());

		// Cecilia's (participant 2) notes leave the board and the meeting.
		for (const id of ['note-002', 'note-005', 'note-008', 'note-011']) removeNote(meeting.doc, id);
		await meeting.store();
		await sql`delete from notes where meeting_id = ${meeting.meetingId} and author_id = ${meeting.participants[2]}`;
		await projectMeeting(sql, meeting.meetingId, { cache });
		expect([...cache.get(meeting.meetingId)!.keys!.keys.keys()].sort()).toEqual([meeting.participants[0], meeting.participants[1]].sort());
	});

	it('after a purge stores and keeps no key or name, and makes no new secret', async () => {
		const { meeting, cache } = await votedAndProjected();
		expect(cache.get(meeting.meetingId)!.keys!.keys.size).toBe(3);
		expect((await themeRows(meeting.meetingId)).theme_ideas).toContainEqual(expect.objectContaining({ authorName: 'Anna' }));

		await sql`update meetings set phase = 'closed' where id = ${meeting.meetingId}`;
		expect(await purgeMeeting(sql, meeting.meetingId, { moderatorId: null, participantName: (n) => `Deltagare ${n}` })).toEqual({
			ok: true,
			participants: 3
		});
		// The scheduler's next run of the meeting, with what it kept from before the purge.
		await projectMeeting(sql, meeting.meetingId, { cache });

		const rows = await themeRows(meeting.meetingId);
		expect(rows.theme_ideas).toHaveLength(12);
		for (const idea of rows.theme_ideas as { authorKey: unknown; authorName: unknown }[]) expect([idea.authorKey, idea.authorName]).toEqual([null, null]);
		expect(rows.theme_ballots).toHaveLength(2);
		for (const ballot of rows.theme_ballots as { voterKey: unknown }[]) expect(ballot.voterKey).toBeNull();
		const kept = cache.get(meeting.meetingId)!;
		expect(kept.keys).toBeUndefined();
		expect(kept.rows.ideas.every((idea) => idea.authorKey === null && idea.authorName === null)).toBe(true);
		expect(kept.rows.ballots.every((ballot) => ballot.voterKey === null)).toBe(true);
		expect((await storedKeys(meeting.meetingId)).secret).toBeUndefined();
		expect(await fromScratch(meeting.meetingId)).toEqual(rows);
	});
});
