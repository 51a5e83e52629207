import type postgres from 'postgres';
import type { Sql } from './sql';
import { isUuid } from './uuid';

// Who is taking part in a meeting, by attendance, sector and municipality, so that the moderator
// can see whom to call on while there is still time. Moderators see exact counts of who is here
// (participants a moderator removed do not count). What participants and the projector see
// (`publicMeetingRepresentation`) must not tell who is who: it hides small groups, and it counts
// only whole batches of 5 joiners in the order they joined, so that it changes only when a 5th
// person completes a batch — never at a single join, when the presence list names the newcomer
// and the change would tell their sector and municipality.

/** Groups smaller than this are shown only as "fewer than …" outside the moderators' view. */
export const SMALL_GROUP_THRESHOLD = 5;
/** The public view counts joiners in whole batches of this many: it moves only when a batch is complete. */
export const PUBLIC_BATCH_SIZE = SMALL_GROUP_THRESHOLD;

/** A count as shown to someone who may not see small groups: exact, or "fewer than `fewerThan`". */
export type ShownCount = number | { fewerThan: number };

/** One entry of a reference list (a sector or a municipality) and how many are here from it. */
export interface Segment<C = number> {
	code: string;
	name: string;
	count: C;
}

/** A meeting's participation with exact counts: for the meeting's moderators only. */
export interface Representation {
	total: number;
	onSite: number;
	remote: number;
	/** Every sector of the reference list, in its order, including those with nobody. */
	sectors: Segment[];
	/** Every municipality of the reference list, in its order, including those with nobody. */
	municipalities: Segment[];
	/** Participants who did not say which sector (or municipality) they come from. */
	sectorNotGiven: number;
	municipalityNotGiven: number;
	/** Names of the sectors and municipalities with nobody here yet. */
	missingSectors: string[];
	missingMunicipalities: string[];
}

/**
 * What participants and the projector see: the first `counted` participants to join (a multiple
 * of PUBLIC_BATCH_SIZE; a participant removed later still counts, since taking them out would
 * tell their segment), with counts of 1 to threshold − 1 shown as "fewer than threshold". 0 stays
 * 0: "nobody from Malå yet" is what makes the room call on Malå. The total and the "not given"
 * counts are left out: with them, a single hidden group could be worked out by subtraction.
 */
export interface PublicRepresentation {
	threshold: number;
	/** How many joiners the counts are over: whole batches of `threshold` (= PUBLIC_BATCH_SIZE) only, 0 until that many have joined. */
	counted: number;
	onSite: ShownCount;
	remote: ShownCount;
	sectors: Segment<ShownCount>[];
	municipalities: Segment<ShownCount>[];
	missingSectors: string[];
	missingMunicipalities: string[];
}

/** What GET /m/[meetingId]/representation answers: exact for moderators, public for the others. */
export type RepresentationResponse = ({ exact: true } & Representation) | ({ exact: false } & PublicRepresentation);

/** A count of 1 to threshold − 1 becomes "fewer than threshold"; 0 and larger counts stay as they are. */
export function suppressCount(count: number, threshold = SMALL_GROUP_THRESHOLD): ShownCount {
	return count > 0 && count < threshold ? { fewerThan: threshold } : count;
}

/** `suppressCount` over a list of counts. */
export function suppressSmall(counts: readonly number[], threshold = SMALL_GROUP_THRESHOLD): ShownCount[] {
	return counts.map((count) => suppressCount(count, threshold));
}

/** The view of `representation` (computed over whole batches, see `publicMeetingRepresentation`) for people who may not see small groups. */
export function publicRepresentation(representation: Representation, threshold = SMALL_GROUP_THRESHOLD): PublicRepresentation {
	const segments = (list: Segment[]) => list.map((s) => ({ ...s, count: suppressCount(s.count, threshold) }));
	return {
		threshold,
		counted: representation.total,
		onSite: suppressCount(representation.onSite, threshold),
		remote: suppressCount(representation.remote, threshold),
		sectors: segments(representation.sectors),
		municipalities: segments(representation.municipalities),
		missingSectors: representation.missingSectors,
		missingMunicipalities: representation.missingMunicipalities
	};
}

/** What participants and the projector see of a meeting (null when there is no such meeting); names in `locale`. */
export async function publicMeetingRepresentation(sql: Sql, meetingId: string, locale: 'sv' | 'en'): Promise<PublicRepresentation | null> {
	if (!isUuid(meetingId)) return null;
	// Everyone who ever joined, in the order they joined; only whole batches count.
	const batches = sql`
		select * from (
			select p.*, row_number() over (order by p.created_at, p.id) as joined_as, count(*) over () as joined
			-- A moderator's own identity for voting (migration 18) is no participant of the dialogue.
			from participants p where p.meeting_id = ${meetingId} and p.moderator_id is null
		) numbered
		where joined_as <= joined / ${PUBLIC_BATCH_SIZE} * ${PUBLIC_BATCH_SIZE}`;
	const representation = await representationOf(sql, meetingId, locale, batches);
	return representation && publicRepresentation(representation);
}

/** The participation of a meeting (null when there is no such meeting); names in `locale`. */
export async function meetingRepresentation(sql: Sql, meetingId: string, locale: 'sv' | 'en'): Promise<Representation | null> {
	if (!isUuid(meetingId)) return null;
	return representationOf(sql, meetingId, locale, sql`select * from participants where meeting_id = ${meetingId} and removed_at is null and moderator_id is null`);
}

/** The breakdown of the participants `people` selects (a query over `participants`). */
async function representationOf(sql: Sql, meetingId: string, locale: 'sv' | 'en', people: postgres.Fragment): Promise<Representation | null> {
	const [meeting] = await sql`select 1 from meetings where id = ${meetingId}`;
	if (!meeting) return null;
	const [totals] = await sql<{ total: number; onSite: number; remote: number; sectorNotGiven: number; municipalityNotGiven: number }[]>`
		select count(*)::int as total,
		       count(*) filter (where attendance = 'on_site')::int as on_site,
		       count(*) filter (where attendance = 'remote')::int as remote,
		       count(*) filter (where sector_code is null)::int as sector_not_given,
		       count(*) filter (where municipality_code is null)::int as municipality_not_given
		from (${people}) p`;
	const sectors = await sql<Segment[]>`
		select s.code, case when ${locale} = 'en' then s.name_en else s.name_sv end as name, count(p.id)::int as count
		from sectors s
		left join (${people}) p on p.sector_code = s.code
		group by s.code, s.name_sv, s.name_en, s.sort_order
		order by s.sort_order, s.code`;
	const municipalities = await sql<Segment[]>`
		select mu.code, mu.name, count(p.id)::int as count
		from municipalities mu
		left join (${people}) p on p.municipality_code = mu.code
		group by mu.code, mu.name, mu.sort_order
		order by mu.sort_order, mu.name`;
	const missing = (list: Segment[]) => list.filter((s) => s.count === 0).map((s) => s.name);
	return {
		...totals,
		sectors: [...sectors],
		municipalities: [...municipalities],
		missingSectors: missing(sectors),
		missingMunicipalities: missing(municipalities)
	};
}
