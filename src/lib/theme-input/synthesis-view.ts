import type { Segment } from './schema';
import type { MatrixRow, Synthesis } from './synthesis';

// What the synthesis page shows, derived from the synthesis: flat lists that are cheap to filter
// in the browser, and the matrices with a shade level per cell.

export interface PriorityView {
	meetingId: string;
	themeTitle: string;
	rank: number;
	title: string;
	isTop: boolean;
	rationale: string;
	votes: number;
	ideas: { id: string; text: string; votes: number }[];
}

export interface MeetingView {
	id: string;
	themeTitle: string;
	startsAt: string | null;
	phase: string;
	participants: number;
	onSite: number | null;
	remote: number | null;
	bySector: Segment[];
	byMunicipality: Segment[];
	priorities: PriorityView[];
}

export interface MatrixView {
	themes: { meetingId: string; themeTitle: string }[];
	rows: (MatrixRow & { cells: (MatrixRow['cells'][number] & { level: number })[] })[];
}

/** Shade levels 0–4: 0 for nobody, 1–4 in proportion to the largest cell of the matrix. */
export function shade(participants: number | null, max: number): number {
	if (participants === null || participants === 0 || max === 0) return 0;
	return Math.max(1, Math.min(4, Math.ceil((participants / max) * 4)));
}

function matrix(themes: MatrixView['themes'], rows: MatrixRow[]): MatrixView {
	const max = Math.max(0, ...rows.flatMap((r) => r.cells.map((c) => c.participants ?? 0)));
	return { themes, rows: rows.map((r) => ({ ...r, cells: r.cells.map((c) => ({ ...c, level: shade(c.participants, max) })) })) };
}

export function synthesisView(synthesis: Synthesis) {
	const meetings: MeetingView[] = synthesis.meetings.map((data) => {
		const attendance = (code: string) => data.participation.byAttendance.find((s) => s.code === code);
		return {
			id: data.meeting.id,
			themeTitle: data.meeting.themeTitle,
			startsAt: data.meeting.startsAt,
			phase: data.meeting.phase,
			participants: data.participation.participants,
			onSite: attendance('on_site') ? attendance('on_site')!.participants : 0,
			remote: attendance('remote') ? attendance('remote')!.participants : 0,
			bySector: data.participation.bySector,
			byMunicipality: data.participation.byMunicipality,
			priorities: data.clusters
				.filter((c) => c.rank !== null)
				.map((c) => ({
					meetingId: data.meeting.id,
					themeTitle: data.meeting.themeTitle,
					rank: c.rank!,
					title: c.title,
					isTop: c.isTop,
					rationale: c.rationale,
					votes: c.votes + c.ideaVotes,
					ideas: c.ideas.map((i) => ({ id: i.id, text: i.text, votes: i.votes }))
				}))
		};
	});
	return {
		threshold: synthesis.suppressionThreshold,
		meetings,
		/** Meetings not held yet: listed once, by name. */
		notHeld: synthesis.notHeld,
		priorities: meetings.flatMap((m) => m.priorities),
		/** Priorities of different themes that are alike (issue 14). */
		related: synthesis.related,
		/** The process's shared categories, each with the groups tagged with it across themes (issue 12). */
		categories: synthesis.categories,
		municipalities: matrix(synthesis.matrix.themes, synthesis.matrix.municipalities),
		sectors: matrix(synthesis.matrix.themes, synthesis.matrix.sectors)
	};
}

/** The priorities whose title, rationale, theme or ideas contain every word of `query` (any case). */
export function filterPriorities(priorities: PriorityView[], query: string): PriorityView[] {
	const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
	if (!words.length) return priorities;
	return priorities.filter((p) => {
		const haystack = [p.themeTitle, p.title, p.rationale, ...p.ideas.map((i) => i.text)].join('\n').toLocaleLowerCase();
		return words.every((w) => haystack.includes(w));
	});
}
