import type { ReportLabels } from './labels';
import type { ExportCluster, Segment, ThemeInputExport } from './schema';
import type { Synthesis } from './synthesis';

// Markdown reports ready to paste into the strategy draft. They are meant for publication: the
// caller passes data exported with `publication: true` (no names, small groups suppressed).

/** Text from participants, safe inside Markdown: no markup, no raw HTML, one line. */
export function mdText(text: string): string {
	return text
		.replace(/\s*\n\s*/g, ' ')
		.replace(/([\\`*_[\]{}<>#|!~])/g, '\\$1')
		.replace(/^(\d+)\./, '$1\\.')
		.replace(/^([-+])/, '\\$1');
}

const heading = (level: number, text: string) => `${'#'.repeat(Math.min(level, 6))} ${text}`;

function segmentTable(title: string, segments: Segment[], labels: ReportLabels, level: number): string[] {
	if (!segments.length) return [];
	return [
		heading(level, title),
		'',
		`| ${labels.colGroup} | ${labels.colParticipants} |`,
		'| --- | ---: |',
		...segments.map((s) => `| ${mdText(s.name)} | ${s.participants === null ? labels.suppressed : s.participants} |`),
		''
	];
}

function clusterLines(cluster: ExportCluster, labels: ReportLabels, level: number, ranked: boolean): string[] {
	const title = `${ranked && cluster.rank !== null ? `${cluster.rank}. ` : ''}${mdText(cluster.title)}${cluster.isTop ? ` (${labels.topMark})` : ''}`;
	const lines = [heading(level, title), '', labels.votes(cluster.votes, cluster.ideaVotes), ''];
	if (cluster.rationale) lines.push(`**${labels.rationale}:** ${mdText(cluster.rationale)}`, '');
	if (cluster.followUp) {
		const link = cluster.followUp.link ? ` <${cluster.followUp.link.replace(/[<>\s]/g, encodeURIComponent)}>` : '';
		lines.push(`**${labels.status}:** ${labels.statusName(cluster.followUp.status)} — ${mdText(cluster.followUp.reason)}${link}`, '');
	}
	if (cluster.ideas.length) {
		lines.push(`**${labels.ideas}:**`, '');
		for (const idea of cluster.ideas) lines.push(`- ${mdText(idea.text)} (${labels.ideaVotes(idea.votes)})`);
		lines.push('');
	}
	return lines;
}

/** The report of one meeting, its title at `level` (1 for a document of its own). */
export function themeInputMarkdown(data: ThemeInputExport, labels: ReportLabels, level = 1): string {
	const lines: string[] = [heading(level, mdText(data.meeting.themeTitle)), ''];
	const date = data.meeting.startsAt ? data.meeting.startsAt.slice(0, 10) : null;
	lines.push([mdText(data.process.title), date].filter(Boolean).join(' · '), '');
	if (!data.projection.final) lines.push(`*${labels.notFinal}*`, '');
	if (data.meeting.guidingQuestions.length) {
		lines.push(heading(level + 1, labels.guidingQuestions), '', ...data.meeting.guidingQuestions.map((q) => `- ${mdText(q)}`), '');
	}
	const p = data.participation;
	lines.push(heading(level + 1, labels.participation), '', labels.participants(p.participants, p.voters), '');
	lines.push(...segmentTable(labels.attendanceHeading, p.byAttendance, labels, level + 2));
	lines.push(...segmentTable(labels.bySector, p.bySector, labels, level + 2));
	lines.push(...segmentTable(labels.byMunicipality, p.byMunicipality, labels, level + 2));
	if (data.publication) lines.push(`*${labels.suppressionNote}*`, '');

	const ranked = data.clusters.filter((c) => c.rank !== null);
	const unranked = data.clusters.filter((c) => c.rank === null);
	lines.push(heading(level + 1, labels.priorities), '');
	if (!ranked.length) lines.push(labels.noPriorities, '');
	for (const cluster of ranked) lines.push(...clusterLines(cluster, labels, level + 2, true));
	if (unranked.length) {
		lines.push(heading(level + 1, labels.unranked), '');
		for (const cluster of unranked) lines.push(...clusterLines(cluster, labels, level + 2, false));
	}
	if (data.unclusteredIdeas.length) {
		lines.push(heading(level + 1, labels.unclustered), '');
		for (const idea of data.unclusteredIdeas) lines.push(`- ${mdText(idea.text)} (${labels.ideaVotes(idea.votes)})`);
		lines.push('');
	}
	return lines.join('\n');
}

/** The whole process: the top priorities of every theme side by side, then each theme's report. */
export function synthesisMarkdown(synthesis: Synthesis, labels: ReportLabels): string {
	const lines = [heading(1, labels.reportTitle(mdText(synthesis.process.title))), ''];
	if (synthesis.process.ownerOrganisation) lines.push(mdText(synthesis.process.ownerOrganisation), '');
	lines.push(labels.generated(synthesis.generatedAt.slice(0, 10)), '');
	lines.push(heading(2, labels.topPriorities), '');
	lines.push(`| ${labels.colTheme} | ${labels.colRank} | ${labels.colPriority} | ${labels.colVotes} |`, '| --- | ---: | --- | ---: |');
	for (const meeting of synthesis.meetings) {
		for (const cluster of meeting.clusters.filter((c) => c.rank !== null)) {
			const title = `${mdText(cluster.title)}${cluster.isTop ? ` (${labels.topMark})` : ''}`;
			lines.push(`| ${mdText(meeting.meeting.themeTitle)} | ${cluster.rank} | ${title} | ${cluster.votes + cluster.ideaVotes} |`);
		}
	}
	lines.push('');
	for (const meeting of synthesis.meetings) lines.push(themeInputMarkdown(meeting, labels, 2));
	return lines.join('\n');
}
