import { Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import type { ReportLabels } from '../../theme-input/labels';
import type { Segment, ThemeInputExport } from '../../theme-input/schema';
import type { Synthesis } from '../../theme-input/synthesis';

// Meeting minutes as a Word document (issue 13): everything the Markdown report has, with real
// headings, tables with header rows, the document's language set, and small groups suppressed
// (the caller passes the publication variant). Figures are tables, so they need no text alternative.

const heading = (text: string, level: 1 | 2 | 3) =>
	new Paragraph({ text, heading: level === 1 ? HeadingLevel.HEADING_1 : level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3 });
const para = (text: string) => new Paragraph({ children: [new TextRun(text)] });
const labelled = (label: string, text: string) => new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(text)] });
const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } });

function table(headers: string[], rows: string[][]): Table {
	const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
	return new Table({
		width: { size: 100, type: WidthType.PERCENTAGE },
		rows: [new TableRow({ tableHeader: true, children: headers.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))]
	});
}

function segmentTable(title: string, segments: Segment[], labels: ReportLabels): (Paragraph | Table)[] {
	if (!segments.length) return [];
	return [heading(title, 3), table([labels.colGroup, labels.colParticipants], segments.map((s) => [s.name, s.participants === null ? labels.suppressed : String(s.participants)]))];
}

/** The children of one meeting's minutes, its title at `level`. */
function meetingContent(data: ThemeInputExport, labels: ReportLabels, level: 1 | 2): (Paragraph | Table)[] {
	const sub = (level + 1) as 2 | 3;
	const out: (Paragraph | Table)[] = [heading(data.meeting.themeTitle, level)];
	out.push(para([data.process.title, data.meeting.startsAt?.slice(0, 10)].filter(Boolean).join(' · ')));
	if (!data.projection.final) out.push(para(labels.notFinal));
	if (data.meeting.guidingQuestions.length) out.push(heading(labels.guidingQuestions, sub), ...data.meeting.guidingQuestions.map(bullet));
	const p = data.participation;
	out.push(heading(labels.participation, sub), para(labels.participants(p.participants, p.voters)));
	out.push(...segmentTable(labels.attendanceHeading, p.byAttendance, labels));
	out.push(...segmentTable(labels.bySector, p.bySector, labels));
	out.push(...segmentTable(labels.byMunicipality, p.byMunicipality, labels));
	if (data.publication) out.push(para(labels.suppressionNote));

	const ranked = data.clusters.filter((c) => c.rank !== null);
	out.push(heading(labels.priorities, sub));
	if (!ranked.length) out.push(para(labels.noPriorities));
	else {
		out.push(
			table(
				[labels.colRank, labels.colPriority, labels.colVotes, labels.status],
				ranked.map((c) => [String(c.rank), `${c.title}${c.isTop ? ` (${labels.topMark})` : ''}`, String(c.votes + c.ideaVotes), c.followUp ? labels.statusName(c.followUp.status) : '—'])
			)
		);
	}
	const clusterBlock = (c: ThemeInputExport['clusters'][number], ranked: boolean) => {
		const blocks: (Paragraph | Table)[] = [heading(`${ranked && c.rank !== null ? `${c.rank}. ` : ''}${c.title}${c.isTop ? ` (${labels.topMark})` : ''}`, 3)];
		blocks.push(para(labels.votes(c.votes, c.ideaVotes)));
		if (c.rationale) blocks.push(labelled(labels.rationale, c.rationale));
		if (c.categories.length) blocks.push(labelled(labels.categories.clusterLabel, c.categories.map((t) => t.name).join(', ')));
		if (c.followUp) {
			blocks.push(labelled(labels.status, `${labels.statusName(c.followUp.status)} — ${c.followUp.reason}`));
			if (c.followUp.link) blocks.push(para(c.followUp.link));
		}
		if (c.ideas.length) blocks.push(labelled(labels.ideas, ''), ...c.ideas.map((i) => bullet(`${i.text} (${labels.ideaVotes(i.votes)})`)));
		return blocks;
	};
	for (const c of ranked) out.push(...clusterBlock(c, true));
	const unranked = data.clusters.filter((c) => c.rank === null);
	if (unranked.length) {
		out.push(heading(labels.unranked, sub));
		for (const c of unranked) out.push(...clusterBlock(c, false));
	}
	if (data.unclusteredIdeas.length) out.push(heading(labels.unclustered, sub), ...data.unclusteredIdeas.map((i) => bullet(`${i.text} (${labels.ideaVotes(i.votes)})`)));
	return out;
}

function document(title: string, labels: ReportLabels, children: (Paragraph | Table)[]): Document {
	const language = labels.locale === 'en' ? 'en-GB' : 'sv-SE';
	return new Document({
		title,
		creator: 'Samla',
		styles: { default: { document: { run: { language: { value: language } } } } },
		sections: [{ children }]
	});
}

/** The minutes of one meeting as a DOCX file. */
export function meetingMinutesDocx(data: ThemeInputExport, labels: ReportLabels): Promise<Buffer> {
	return Packer.toBuffer(document(data.meeting.themeTitle, labels, meetingContent(data, labels, 1)));
}

/**
 * The synthesis of a process as a document: the top priorities of every held theme side by side,
 * the same concern across themes (shared categories), the meetings not held, then every held
 * meeting's minutes. The caller passes the publication variant.
 */
export function synthesisMinutesDocx(synthesis: Synthesis, labels: ReportLabels): Promise<Buffer> {
	const title = labels.reportTitle(synthesis.process.title);
	const c = labels.col;
	const theme = (p: { themeTitle: string; status: 'final' | 'preliminary' }) => `${p.themeTitle}${p.status === 'preliminary' ? ` (${labels.preliminary})` : ''}`;
	const children: (Paragraph | Table)[] = [heading(title, 1)];
	if (synthesis.process.ownerOrganisation) children.push(para(synthesis.process.ownerOrganisation));
	children.push(para(labels.generated(synthesis.generatedAt.slice(0, 10))));
	children.push(heading(labels.topPriorities, 2), para(labels.topNote));
	children.push(
		table(
			[labels.colTheme, labels.colRank, labels.colPriority, c.support, c.share, c.perVoter, c.municipalities, c.sectors],
			synthesis.topPriorities.map((p) => [
				theme(p),
				p.rank === null ? '' : String(p.rank),
				`${p.title}${p.isTop ? ` (${labels.topMark})` : ''}`,
				String(p.support),
				labels.percent(p.share),
				labels.decimal(p.votesPerVoter),
				String(p.breadth.municipalities),
				String(p.breadth.sectors)
			])
		)
	);
	if (synthesis.categories.length) {
		children.push(heading(labels.categories.heading, 2), para(labels.categories.note));
		for (const category of synthesis.categories) {
			children.push(heading(`${category.name} (${labels.categories.themes(category.themes)})`, 3));
			if (category.description) children.push(para(category.description));
			if (!category.priorities.length) children.push(para(labels.categories.none));
			else {
				children.push(
					table(
						[labels.colTheme, labels.colRank, labels.colPriority, c.support, c.share],
						category.priorities.map((p) => [theme(p), p.rank === null ? '' : String(p.rank), `${p.title}${p.topPriority ? ` (${labels.topMark})` : ''}`, String(p.support), labels.percent(p.share)])
					)
				);
			}
		}
	}
	if (synthesis.notHeld.length) {
		children.push(heading(labels.notHeldHeading, 2), ...synthesis.notHeld.map((m) => bullet(`${m.themeTitle}${m.startsAt ? ` (${m.startsAt.slice(0, 10)})` : ''}`)));
	}
	for (const meeting of synthesis.meetings) children.push(...meetingContent(meeting, labels, 2));
	return Packer.toBuffer(document(title, labels, children));
}
