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
		statusName: (status) => statusNames[status]({}, o)
	};
}
