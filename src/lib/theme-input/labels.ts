import { m } from '../paraglide/messages';
import { SUPPRESSION_THRESHOLD } from './schema';
import type { PriorityStatus } from '../follow-up/status';

const statusNames = {
	in_strategy: m.fu_status_in_strategy,
	partly: m.fu_status_partly,
	further_study: m.fu_status_further_study,
	not_relevant: m.fu_status_not_relevant
} satisfies Record<PriorityStatus, unknown>;

/** The words of the exports (CSV names, Markdown report), in one language. */
export interface ReportLabels {
	locale: 'sv' | 'en';
	notGiven: string;
	attendance: { on_site: string; remote: string };
	reportTitle(process: string): string;
	generated(date: string): string;
	guidingQuestions: string;
	participation: string;
	participants(participants: number, voters: number): string;
	attendanceHeading: string;
	bySector: string;
	byMunicipality: string;
	colGroup: string;
	colParticipants: string;
	suppressed: string;
	suppressionNote: string;
	priorities: string;
	noPriorities: string;
	votes(votes: number, ideaVotes: number): string;
	topMark: string;
	rationale: string;
	ideas: string;
	ideaVotes(count: number): string;
	unranked: string;
	unclustered: string;
	notFinal: string;
	topPriorities: string;
	colTheme: string;
	colRank: string;
	colPriority: string;
	colVotes: string;
	status: string;
	statusName(status: PriorityStatus): string;
	/** "1 röst", "3 röster". */
	voteCount(count: number): string;
	col: Record<
		| 'support' | 'share' | 'perVoter' | 'municipalities' | 'sectors' | 'date' | 'status' | 'participants' | 'voters' | 'votesCast'
		| 'ideas' | 'groups' | 'top' | 'groupVotes' | 'ideaVotes' | 'rationale' | 'group' | 'idea' | 'mergedInto' | 'sector'
		| 'municipality' | 'attendance' | 'created' | 'segmentKind' | 'segment' | 'total' | 'ideaId' | 'groupId',
		string
	>;
	yes: string;
	no: string;
	meetingStatus: { final: string; preliminary: string; not_held: string };
	preliminary: string;
	notHeldHeading: string;
	/** Related priorities across themes (issue 14). */
	related: { heading: string; note: string; none: string; priority: string; alike: string; terms: string; categories: string; similarity: string };
	matrixMunicipalities: string;
	matrixSectors: string;
	topNote: string;
	support(values: { support: number; votes: number; ideaVotes: number; share: string; perVoter: string }): string;
	breadth(municipalities: number, sectors: number): string;
	sheets: { overview: string; priorities: string; ideas: string; participation: string; segmentVotes: string };
	suppressedCells: string;
	/** A share as people read it: "12 %" / "12%". */
	percent(share: number | null): string;
	/** A decimal number in the language's way: "1,5" / "1.5". */
	decimal(value: number | null): string;
	/** Shared categories across themes (issue 12). */
	categories: { heading: string; note: string; none: string; themes(count: number): string; clusterLabel: string; col: string; colThemes: string; sheet: string };
}

/** Labels from the message catalogue; `locale` is explicit, so the CLI can use them too. */
export function reportLabels(locale: 'sv' | 'en'): ReportLabels {
	const o = { locale };
	const threshold = SUPPRESSION_THRESHOLD;
	return {
		locale,
		notGiven: m.syn_not_given({}, o),
		attendance: { on_site: m.syn_on_site({}, o), remote: m.syn_remote({}, o) },
		reportTitle: (process) => m.syn_report_title({ process }, o),
		generated: (date) => m.syn_report_generated({ date }, o),
		guidingQuestions: m.syn_report_guiding_questions({}, o),
		participation: m.syn_report_participation({}, o),
		participants: (participants, voters) => m.syn_report_participants({ participants, voters }, o),
		attendanceHeading: m.syn_report_attendance({}, o),
		bySector: m.syn_meeting_by_sector({}, o),
		byMunicipality: m.syn_meeting_by_municipality({}, o),
		colGroup: m.syn_report_col_group({}, o),
		colParticipants: m.syn_report_col_participants({}, o),
		suppressed: m.syn_report_suppressed({ threshold }, o),
		suppressionNote: m.syn_report_suppression_note({ threshold }, o),
		priorities: m.syn_report_priorities({}, o),
		noPriorities: m.syn_report_no_priorities({}, o),
		votes: (votes, ideaVotes) => m.syn_report_votes({ votes, ideaVotes }, o),
		topMark: m.syn_top_mark({}, o),
		rationale: m.syn_report_rationale({}, o),
		ideas: m.syn_report_ideas({}, o),
		ideaVotes: (count) => m.syn_report_idea_votes({ count }, o),
		unranked: m.syn_report_unranked({}, o),
		unclustered: m.syn_report_unclustered({}, o),
		notFinal: m.syn_report_not_final({}, o),
		topPriorities: m.syn_report_top_priorities({}, o),
		colTheme: m.syn_col_theme({}, o),
		colRank: m.syn_col_rank({}, o),
		colPriority: m.syn_col_priority({}, o),
		colVotes: m.syn_col_votes({}, o),
		status: m.fu_report_status({}, o),
		statusName: (status) => statusNames[status]({}, o),
		voteCount: (count) => (count === 1 ? m.str_vote_count_one({ count }, o) : m.str_vote_count_other({ count }, o)),
		col: {
			support: m.str_col_support({}, o),
			share: m.str_col_share({}, o),
			perVoter: m.str_col_per_voter({}, o),
			municipalities: m.str_col_municipalities({}, o),
			sectors: m.str_col_sectors({}, o),
			date: m.str_col_date({}, o),
			status: m.str_col_status({}, o),
			participants: m.str_col_participants({}, o),
			voters: m.str_col_voters({}, o),
			votesCast: m.str_col_votes_cast({}, o),
			ideas: m.str_col_ideas({}, o),
			groups: m.str_col_groups({}, o),
			top: m.str_col_top({}, o),
			groupVotes: m.str_col_group_votes({}, o),
			ideaVotes: m.str_col_idea_votes({}, o),
			rationale: m.str_col_rationale({}, o),
			group: m.str_col_group({}, o),
			idea: m.str_col_idea({}, o),
			mergedInto: m.str_col_merged_into({}, o),
			sector: m.str_col_sector({}, o),
			municipality: m.str_col_municipality({}, o),
			attendance: m.str_col_attendance({}, o),
			created: m.str_col_created({}, o),
			segmentKind: m.str_col_segment_kind({}, o),
			segment: m.str_col_segment({}, o),
			total: m.str_col_total({}, o),
			ideaId: m.str_col_idea_id({}, o),
			groupId: m.str_col_group_id({}, o)
		},
		yes: m.str_yes({}, o),
		no: m.str_no({}, o),
		meetingStatus: { final: m.str_status_final({}, o), preliminary: m.str_status_preliminary({}, o), not_held: m.str_status_not_held({}, o) },
		preliminary: m.str_preliminary({}, o),
		notHeldHeading: m.str_not_held_heading({}, o),
		related: {
			heading: m.related_heading({}, o),
			note: m.related_hint({}, o),
			none: m.related_none({}, o),
			priority: m.related_col_priority({}, o),
			alike: m.related_col_alike({}, o),
			terms: m.related_col_terms({}, o),
			categories: m.related_col_categories({}, o),
			similarity: m.related_col_similarity({}, o)
		},
		matrixMunicipalities: m.str_matrix_municipalities({}, o),
		matrixSectors: m.str_matrix_sectors({}, o),
		topNote: m.str_top_note({}, o),
		support: (values) => m.str_report_support(values, o),
		breadth: (municipalities, sectors) => m.str_report_breadth({ municipalities, sectors }, o),
		sheets: {
			overview: m.str_sheet_overview({}, o),
			priorities: m.str_sheet_priorities({}, o),
			ideas: m.str_sheet_ideas({}, o),
			participation: m.str_sheet_participation({}, o),
			segmentVotes: m.str_sheet_segment_votes({}, o)
		},
		suppressedCells: m.str_suppressed_note({ threshold }, o),
		percent: (share) => (share === null ? '–' : `${(share * 100).toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 0 })}${locale === 'sv' ? ' %' : '%'}`),
		categories: {
			heading: m.cat_report_heading({}, o),
			note: m.cat_report_note({}, o),
			none: m.cat_report_none({}, o),
			themes: (count) => m.cat_report_themes({ count }, o),
			clusterLabel: m.cat_report_categories({}, o),
			col: m.cat_col_category({}, o),
			colThemes: m.cat_col_themes({}, o),
			sheet: m.cat_sheet({}, o)
		},
		decimal: (value) => (value === null ? '–' : value.toLocaleString(locale === 'sv' ? 'sv-SE' : 'en-GB', { maximumFractionDigits: 2 }))
	};
}
