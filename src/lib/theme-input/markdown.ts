import type { ReportLabels } from './labels';
import type { ExportCluster, Segment, ThemeInputExport } from './schema';
import type { Synthesis } from './synthesis';

// Markdown reports ready to paste into the strategy draft. They are meant for publication: the
// caller passes data exported with `publication: true` (no names, small groups suppressed).

/**
 * Text from participants, safe inside Markdown and still readable when the Markdown is pasted as
 * plain text: one line, and a backslash only where Markdown would otherwise act on the character
 * (markup anywhere, a list or heading marker at the start, `|` inside a table cell).
 */
export function mdText(text: string, { inTable = false }: { inTable?: boolean } = {}): string {
	let out = text
		.replace(/\s*\n\s*/g, ' ')
		.replace(/([\\`*[\]<>])/g, '\\$1')
		.replace(/(^|[^\p{L}\p{N}])_|_(?=[^\p{L}\p{N}]|$)/gu, (match) => match.replace('_', '\\_'))
		.replace(/~~/g, '\\~\\~')
		.replace(/!(?=\\\[)/g, '\\!')
		.replace(/^(\d+)([.)])/, '$1\\$2')
		.replace(/^([-+#>])/, '\\$1');
	if (inTable) out = out.replace(/\|/g, '\\|');
	return out;
}

const heading = (level: number, text: string) => `${'#'.repeat(Math.min(level, 6))} ${text}`;

function segmentTable(title: string, segments: Segment[], labels: ReportLabels, level: number): string[] {
	if (!segments.length) return [];
	return [
		heading(level, title),
		'',
		`| ${labels.colGroup} | ${labels.colParticipants} |`,
		'| --- | ---: |',
		...segments.map((s) => `| ${mdText(s.name, { inTable: true })} | ${s.participants === null ? labels.suppressed : s.participants} |`),
		''
	];
}

function clusterLines(cluster: ExportCluster, labels: ReportLabels, level: number, ranked: boolean): string[] {
	const title = `${ranked && cluster.rank !== null ? `${cluster.rank}. ` : ''}${mdText(cluster.title)}${cluster.isTop ? ` (${labels.topMark})` : ''}`;
	const lines = [
		heading(level, title),
		'',
		labels.support({
			support: cluster.support,
			votes: cluster.votes,
			ideaVotes: cluster.ideaVotes,
			share: labels.percent(cluster.share),
			perVoter: labels.decimal(cluster.votesPerVoter)
		}),
		''
	];
	if (cluster.support > 0) lines.push(labels.breadth(cluster.breadth.municipalities, cluster.breadth.sectors), '');
	if (cluster.rationale) lines.push(`**${labels.rationale}:** ${mdText(cluster.rationale)}`, '');
	if (cluster.categories.length) lines.push(`**${labels.categories.clusterLabel}:** ${cluster.categories.map((c) => mdText(c.name)).join(', ')}`, '');
	if (cluster.followUp) {
		const link = cluster.followUp.link ? ` <${cluster.followUp.link.replace(/[<>\s]/g, encodeURIComponent)}>` : '';
		lines.push(`**${labels.status}:** ${labels.statusName(cluster.followUp.status)} — ${mdText(cluster.followUp.reason)}${link}`, '');
	}
	if (cluster.ideas.length) {
		lines.push(`**${labels.ideas}:**`, '');
		for (const idea of cluster.ideas) lines.push(`- ${mdText(idea.text)} (${labels.voteCount(idea.votes)})`);
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
		for (const idea of data.unclusteredIdeas) lines.push(`- ${mdText(idea.text)} (${labels.voteCount(idea.votes)})`);
		lines.push('');
	}
	return lines.join('\n');
}

function matrixLines(title: string, synthesis: Synthesis, rows: Synthesis['matrix']['municipalities'], labels: ReportLabels): string[] {
	const themes = synthesis.matrix.themes;
	if (!themes.length) return [];
	return [
		heading(3, title),
		'',
		`| ${labels.colGroup} | ${themes.map((t) => mdText(t.themeTitle, { inTable: true })).join(' | ')} |`,
		`| --- | ${themes.map(() => '---:').join(' | ')} |`,
		...rows.map((r) => `| ${mdText(r.name, { inTable: true })} | ${r.cells.map((c) => (c.suppressed || c.participants === null ? labels.suppressed : String(c.participants))).join(' | ')} |`),
		''
	];
}

/** Priorities of different themes that are alike (issue 14), most alike first. */
function relatedLines(synthesis: Synthesis, labels: ReportLabels): string[] {
	const r = labels.related;
	const lines = [heading(2, r.heading), '', r.note, ''];
	if (!synthesis.related.length) return [...lines, r.none, ''];
	const priority = (p: Synthesis['related'][number]['priorities'][number]) => mdText(`${p.themeTitle}: ${p.title} (${p.rank})`, { inTable: true });
	lines.push(`| ${r.priority} | ${r.alike} | ${r.terms} | ${r.categories} | ${r.similarity} |`, '| --- | --- | --- | --- | ---: |');
	for (const pair of synthesis.related) {
		const terms = mdText(pair.terms.join(', '), { inTable: true });
		const categories = mdText(pair.sharedCategories.map((c) => c.name).join(', '), { inTable: true });
		lines.push(`| ${priority(pair.priorities[0])} | ${priority(pair.priorities[1])} | ${terms} | ${categories} | ${labels.percent(pair.similarity)} |`);
	}
	return [...lines, ''];
}

/** The same concern across themes: each shared category with the groups tagged with it. */
function categoryLines(synthesis: Synthesis, labels: ReportLabels): string[] {
	if (!synthesis.categories.length) return [];
	const c = labels.col;
	const lines = [heading(2, labels.categories.heading), '', labels.categories.note, ''];
	for (const category of synthesis.categories) {
		lines.push(heading(3, `${mdText(category.name)} (${labels.categories.themes(category.themes)})`), '');
		if (category.description) lines.push(mdText(category.description), '');
		if (!category.priorities.length) {
			lines.push(labels.categories.none, '');
			continue;
		}
		lines.push(`| ${labels.colTheme} | ${labels.colRank} | ${labels.colPriority} | ${c.support} | ${c.share} |`, '| --- | ---: | --- | ---: | ---: |');
		for (const p of category.priorities) {
			const theme = `${mdText(p.themeTitle, { inTable: true })}${p.status === 'preliminary' ? ` (${labels.preliminary})` : ''}`;
			const title = `${mdText(p.title, { inTable: true })}${p.topPriority ? ` (${labels.topMark})` : ''}`;
			lines.push(`| ${theme} | ${p.rank ?? ''} | ${title} | ${p.support} | ${labels.percent(p.share)} |`);
		}
		lines.push('');
	}
	return lines;
}

/**
 * The whole process: the top priorities of every held theme side by side (support, share, votes
 * per voter, breadth; unclosed themes marked preliminary), who took part (every municipality and
 * sector of the reference lists, 0 where unheard), the meetings not held once, then each held
 * theme's report.
 */
export function synthesisMarkdown(synthesis: Synthesis, labels: ReportLabels): string {
	const lines = [heading(1, labels.reportTitle(mdText(synthesis.process.title))), ''];
	if (synthesis.process.ownerOrganisation) lines.push(mdText(synthesis.process.ownerOrganisation), '');
	lines.push(labels.generated(synthesis.generatedAt.slice(0, 10)), '');
	lines.push(heading(2, labels.topPriorities), '', labels.topNote, '');
	const c = labels.col;
	lines.push(
		`| ${labels.colTheme} | ${labels.colRank} | ${labels.colPriority} | ${c.support} | ${c.share} | ${c.perVoter} | ${c.municipalities} | ${c.sectors} |`,
		'| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: |'
	);
	for (const p of synthesis.topPriorities) {
		const theme = `${mdText(p.themeTitle, { inTable: true })}${p.status === 'preliminary' ? ` (${labels.preliminary})` : ''}`;
		const title = `${mdText(p.title, { inTable: true })}${p.isTop ? ` (${labels.topMark})` : ''}`;
		lines.push(
			`| ${theme} | ${p.rank ?? ''} | ${title} | ${p.support} | ${labels.percent(p.share)} | ${labels.decimal(p.votesPerVoter)} | ${p.breadth.municipalities} | ${p.breadth.sectors} |`
		);
	}
	lines.push('');
	lines.push(...categoryLines(synthesis, labels));
	lines.push(...relatedLines(synthesis, labels));
	lines.push(heading(2, labels.participation), '');
	lines.push(...matrixLines(labels.matrixMunicipalities, synthesis, synthesis.matrix.municipalities, labels));
	lines.push(...matrixLines(labels.matrixSectors, synthesis, synthesis.matrix.sectors, labels));
	if (synthesis.publication) lines.push(`*${labels.suppressionNote}*`, '');
	if (synthesis.notHeld.length) {
		lines.push(heading(2, labels.notHeldHeading), '');
		for (const m of synthesis.notHeld) lines.push(`- ${mdText(m.themeTitle)}${m.startsAt ? ` (${m.startsAt.slice(0, 10)})` : ''}`);
		lines.push('');
	}
	for (const meeting of synthesis.meetings) lines.push(themeInputMarkdown(meeting, labels, 2));
	return lines.join('\n');
}
