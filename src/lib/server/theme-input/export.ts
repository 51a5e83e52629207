import {
	isTopPriority,
	SUPPRESSION_THRESHOLD,
	THEME_INPUT_SCHEMA_VERSION,
	type ExportCluster,
	type ExportIdea,
	type Segment,
	type SegmentVotes,
	type ThemeInputExport
} from '../../theme-input/schema';
import { publishableAttributes, type AttributeGroup } from '../../theme-input/anonymity';
import type { PriorityFollowUp, PriorityStatus } from '../../follow-up/status';
import { meetingTopicJson, type Meeting } from '../../meeting';
import { clusterCategories } from '../db/categories';
import type { Sql } from '../db/sql';
import { isUuid } from '../db/uuid';
import { projectMeeting } from './project';
import type { ClusterRow } from './rows';

// The theme-input export of one meeting, read from the theme-input tables (projected first, so
// it is exact) and shaped as the versioned schema in $lib/theme-input/schema.ts.

export interface ExportOptions {
	/** Suppress groups under SUPPRESSION_THRESHOLD people and leave out names. */
	publication: boolean;
	/** Language of the reference names (sectors). */
	locale: 'sv' | 'en';
	/** Label for "did not say" groups. */
	notGivenLabel: string;
	/** Labels of on site / remote. */
	attendanceLabels: { on_site: string; remote: string };
}

type Kind = 'sector' | 'municipality' | 'attendance';

interface ReferenceNames {
	sector: Map<string, { name: string; order: number }>;
	municipality: Map<string, { name: string; order: number }>;
}

async function referenceNames(sql: Sql, locale: 'sv' | 'en'): Promise<ReferenceNames> {
	const sectors = await sql<{ code: string; name: string; sortOrder: number }[]>`
		select code, case when ${locale} = 'en' then name_en else name_sv end as name, sort_order from sectors`;
	const municipalities = await sql<{ code: string; name: string; sortOrder: number }[]>`
		select code, name, sort_order from municipalities`;
	return {
		sector: new Map(sectors.map((s) => [s.code, { name: s.name, order: s.sortOrder }])),
		municipality: new Map(municipalities.map((m) => [m.code, { name: m.name, order: m.sortOrder }]))
	};
}

/**
 * Which groups of one kind are suppressed: those under the threshold, and when that leaves
 * exactly one, also the next smallest, so that a suppressed count cannot be found by subtracting
 * the others from the total.
 */
export function suppressedGroups(sizes: Map<string, number>, threshold = SUPPRESSION_THRESHOLD): Set<string> {
	const small = new Set([...sizes].filter(([, n]) => n < threshold).map(([code]) => code));
	if (small.size === 1 && sizes.size > 1) {
		const next = [...sizes].filter(([code]) => !small.has(code)).sort((a, b) => a[1] - b[1])[0];
		if (next) small.add(next[0]);
	}
	return small;
}

/** Whether a meeting's input is final, preliminary (held, not closed) or not there (not held). */
export function meetingStatus(phase: ThemeInputExport['meeting']['phase'], anyoneJoined: boolean): ThemeInputExport['meeting']['status'] {
	if (phase === 'closed') return 'final';
	return phase === 'draft' || !anyoneJoined ? 'not_held' : 'preliminary';
}

/** The export of one meeting, or null when there is no such meeting. */
export async function loadThemeInput(sql: Sql, meetingId: string, options: ExportOptions): Promise<ThemeInputExport | null> {
	if (!isUuid(meetingId)) return null;
	const projected = await projectMeeting(sql, meetingId);
	if (!projected.ok) return null;
	const [meeting] = await sql<
		(Pick<Meeting, 'id' | 'processId' | 'themeTitle' | 'guidingQuestions' | 'startsAt' | 'endsAt' | 'location' | 'remoteOnly' | 'anonymousAuthors'> & {
			processTitle: string;
			phase: ThemeInputExport['meeting']['phase'];
			closedAt: Date | null;
			purgedAt: Date | null;
			projectedAt: Date | null;
			final: boolean | null;
			boardSchemaVersion: number | null;
		})[]
	>`
		select m.id, m.process_id, p.title as process_title, m.theme_title, m.guiding_questions, m.starts_at, m.ends_at,
		       m.location, m.remote_only, m.phase, m.closed_at, m.anonymous_authors, m.purged_at,
		       tp.projected_at, tp.final, tp.board_schema_version
		from meetings m join processes p on p.id = m.process_id
		left join theme_projections tp on tp.meeting_id = m.id
		where m.id = ${meetingId}`;
	if (!meeting) return null;
	const names = await referenceNames(sql, options.locale);
	const statuses = await sql<{ clusterId: string; status: PriorityStatus; reason: string; link: string; updatedAt: Date }[]>`
		select cluster_id, status, reason, link, updated_at from priority_statuses where meeting_id = ${meetingId}`;
	const [published] = await sql<{ publishedAt: Date | null; publications: number }[]>`
		select max(published_at) as published_at, count(*)::int as publications from follow_up_publications where meeting_id = ${meetingId}`;
	const followUpOf = (clusterId: string): PriorityFollowUp | null => {
		const row = statuses.find((s) => s.clusterId === clusterId);
		return row ? { status: row.status, reason: row.reason, link: row.link || null, updatedAt: row.updatedAt.toISOString() } : null;
	};

	const tags = await clusterCategories(sql, meetingId);
	const clusters = await sql<ClusterRow[]>`select cluster_id, title, board_order, rank_position, rationale, is_top, votes, idea_votes, support
		from theme_clusters where meeting_id = ${meetingId}
		order by rank_position nulls last, board_order`;
	const ideas = await sql<
		{
			noteId: string;
			text: string;
			clusterId: string | null;
			createdAt: Date;
			votes: number;
			authorKind: ExportIdea['author']['kind'];
			authorSectorCode: string | null;
			authorMunicipalityCode: string | null;
			authorAttendance: 'on_site' | 'remote' | null;
			authorName: string | null;
			authorKey: string | null;
			mergedInto: string | null;
		}[]
	>`select note_id, text, cluster_id, created_at, votes, author_kind, author_sector_code, author_municipality_code,
		       author_attendance, author_name, author_key, merged_into
		from theme_ideas where meeting_id = ${meetingId} order by cluster_id nulls last, position`;
	const [{ votesCast }] = await sql<{ votesCast: number }[]>`
		select coalesce(sum(votes), 0)::int as votes_cast from theme_ballots where meeting_id = ${meetingId}`;
	const segmentVotes = await sql<
		{ clusterId: string; segmentKind: 'sector' | 'municipality'; segmentCode: string; votes: number; ideaVotes: number }[]
	>`select cluster_id, segment_kind, segment_code, votes, idea_votes from theme_segment_votes where meeting_id = ${meetingId}`;
	const participation = await sql<
		{ sectorCode: string; municipalityCode: string; attendance: 'on_site' | 'remote'; participants: number; voters: number }[]
	>`select sector_code, municipality_code, attendance, participants, voters from theme_participation where meeting_id = ${meetingId}`;

	// Group sizes per kind ('' = did not say).
	const sizes: Record<Kind, Map<string, number>> = { sector: new Map(), municipality: new Map(), attendance: new Map() };
	for (const row of participation) {
		for (const [kind, code] of [
			['sector', row.sectorCode],
			['municipality', row.municipalityCode],
			['attendance', row.attendance]
		] as const) {
			sizes[kind].set(code, (sizes[kind].get(code) ?? 0) + row.participants);
		}
	}
	const suppressed: Record<Kind, Set<string>> = {
		sector: options.publication ? suppressedGroups(sizes.sector) : new Set(),
		municipality: options.publication ? suppressedGroups(sizes.municipality) : new Set(),
		attendance: options.publication ? suppressedGroups(sizes.attendance) : new Set()
	};
	const nameOf = (kind: Kind, code: string): string => {
		if (code === '') return options.notGivenLabel;
		if (kind === 'attendance') return options.attendanceLabels[code as 'on_site' | 'remote'] ?? code;
		return names[kind].get(code)?.name ?? code;
	};
	const orderOf = (kind: Kind, code: string): number => {
		if (code === '') return Number.MAX_SAFE_INTEGER;
		if (kind === 'attendance') return code === 'on_site' ? 0 : 1;
		return names[kind].get(code)?.order ?? Number.MAX_SAFE_INTEGER - 1;
	};
	const codesOf = (kind: Kind) => [...sizes[kind].keys()].sort((a, b) => orderOf(kind, a) - orderOf(kind, b) || (a < b ? -1 : 1));
	const segments = (kind: Kind): Segment[] =>
		codesOf(kind).map((code) => {
			const hidden = suppressed[kind].has(code);
			return { code: code || null, name: nameOf(kind, code), participants: hidden ? null : sizes[kind].get(code)!, suppressed: hidden };
		});
	const votesBy = (clusterId: string, kind: 'sector' | 'municipality'): SegmentVotes[] =>
		codesOf(kind).map((code) => {
			const row = segmentVotes.find((s) => s.clusterId === clusterId && s.segmentKind === kind && s.segmentCode === code);
			const hidden = suppressed[kind].has(code);
			return {
				code: code || null,
				name: nameOf(kind, code),
				votes: hidden ? null : (row?.votes ?? 0),
				ideaVotes: hidden ? null : (row?.ideaVotes ?? 0),
				suppressed: hidden
			};
		});

	// What is said about an author in a publication: only a combination of attributes that at
	// least SUPPRESSION_THRESHOLD participants share (anonymity.ts); the working copy says all.
	const population: AttributeGroup[] = participation.map((r) => ({
		attributes: { sector: r.sectorCode, municipality: r.municipalityCode, attendance: r.attendance },
		participants: r.participants
	}));
	const toIdea = (row: (typeof ideas)[number]): ExportIdea => {
		const sector = row.authorSectorCode ?? '';
		const municipality = row.authorMunicipalityCode ?? '';
		const attributes = { sector, municipality, attendance: row.authorAttendance ?? '' };
		const published = options.publication ? publishableAttributes(attributes, population, suppressed) : attributes;
		const isParticipant = row.authorKind === 'participant';
		const showSector = isParticipant && sector !== '' && published.sector === sector;
		const showMunicipality = isParticipant && municipality !== '' && published.municipality === municipality;
		const showAttendance = isParticipant && row.authorAttendance !== null && published.attendance === row.authorAttendance;
		return {
			id: row.noteId,
			text: row.text,
			createdAt: row.createdAt.toISOString(),
			votes: row.votes,
			author: {
				kind: row.authorKind,
				sectorCode: showSector ? sector : null,
				sectorName: showSector ? nameOf('sector', sector) : null,
				municipalityCode: showMunicipality ? municipality : null,
				municipalityName: showMunicipality ? nameOf('municipality', municipality) : null,
				attendance: showAttendance ? row.authorAttendance : null,
				name: options.publication ? null : row.authorName,
				// A key links an author's ideas: for the moderators' working copy only.
				key: options.publication ? null : row.authorKey
			},
			mergedInto: row.mergedInto
		};
	};

	const voters = participation.reduce((sum, r) => sum + r.voters, 0);
	const anyMarked = clusters.some((c) => c.isTop);
	// Breadth: the groups with voters for this cluster; a suppressed group is not counted.
	const breadthOf = (clusterId: string, kind: 'sector' | 'municipality') =>
		new Set(
			segmentVotes
				.filter((v) => v.clusterId === clusterId && v.segmentKind === kind && v.segmentCode !== '' && v.votes + v.ideaVotes > 0)
				.filter((v) => !suppressed[kind].has(v.segmentCode))
				.map((v) => v.segmentCode)
		).size;
	const ratio = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 10_000) / 10_000 : null);

	const exportClusters: ExportCluster[] = clusters.map((c) => ({
		id: c.clusterId,
		title: c.title,
		boardOrder: c.boardOrder,
		rank: c.rankPosition,
		isTop: c.isTop,
		rationale: c.rationale,
		votes: c.votes,
		ideaVotes: c.ideaVotes,
		support: c.support,
		share: ratio(c.support, votesCast),
		votesPerVoter: ratio(c.support, voters),
		topPriority: isTopPriority({ isTop: c.isTop, rank: c.rankPosition }, anyMarked),
		breadth: { municipalities: breadthOf(c.clusterId, 'municipality'), sectors: breadthOf(c.clusterId, 'sector') },
		votesBySector: votesBy(c.clusterId, 'sector'),
		votesByMunicipality: votesBy(c.clusterId, 'municipality'),
		ideas: ideas.filter((i) => i.clusterId === c.clusterId).map(toIdea),
		followUp: followUpOf(c.clusterId),
		categories: (tags.get(c.clusterId) ?? []).map((t) => ({ id: t.id, name: t.name }))
	}));

	return {
		schemaVersion: THEME_INPUT_SCHEMA_VERSION,
		generatedAt: new Date().toISOString(),
		publication: options.publication,
		suppressionThreshold: SUPPRESSION_THRESHOLD,
		process: { id: meeting.processId, title: meeting.processTitle },
		meeting: {
			id: meeting.id,
			...meetingTopicJson(meeting),
			phase: meeting.phase,
			closedAt: meeting.closedAt?.toISOString() ?? null,
			status: meetingStatus(meeting.phase, participation.length > 0),
			anonymousAuthors: meeting.anonymousAuthors,
			purged: meeting.purgedAt !== null
		},
		projection: {
			projectedAt: meeting.projectedAt?.toISOString() ?? null,
			final: meeting.final ?? false,
			boardSchemaVersion: meeting.boardSchemaVersion
		},
		participation: {
			participants: participation.reduce((sum, r) => sum + r.participants, 0),
			voters,
			votesCast,
			byAttendance: segments('attendance'),
			bySector: segments('sector'),
			byMunicipality: segments('municipality')
		},
		followUp: { publishedAt: published?.publishedAt?.toISOString() ?? null, publications: published?.publications ?? 0 },
		clusters: exportClusters,
		unclusteredIdeas: ideas.filter((i) => i.clusterId === null).map(toIdea)
	};
}
