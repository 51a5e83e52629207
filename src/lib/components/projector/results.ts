import type { BoardSnapshot } from '$lib/board/read';
import type { Priority, VoteTallies } from '$lib/protocol/commands';

/** One bar of the results: a cluster, or a note that got votes of its own. */
export interface ResultItem {
	id: string;
	kind: 'cluster' | 'note';
	label: string;
	votes: number;
}

/** A priority of the final list with what the room reads. */
export interface PriorityItem extends Priority {
	title: string;
}

/**
 * The results after the reveal, most votes first: every cluster (also those without votes), and
 * the notes voted on directly. Ties keep the board's order.
 */
export function rankResults(board: BoardSnapshot, tallies: VoteTallies): ResultItem[] {
	const items: ResultItem[] = board.clusters.map((c) => ({ id: c.id, kind: 'cluster', label: c.title, votes: tallies.clusters[c.id] ?? 0 }));
	const notes = [...board.clusters.flatMap((c) => c.notes), ...board.unclustered];
	for (const note of notes) {
		const votes = tallies.notes[note.id] ?? 0;
		if (votes > 0) items.push({ id: note.id, kind: 'note', label: note.text, votes });
	}
	return items.map((item, index) => ({ item, index })).sort((a, b) => b.item.votes - a.item.votes || a.index - b.index).map(({ item }) => item);
}

/** The priority list in its order, with each cluster's title (a cluster gone from the board is left out). */
export function priorityItems(board: BoardSnapshot, priorities: readonly Priority[]): PriorityItem[] {
	const titles = new Map(board.clusters.map((c) => [c.id, c.title]));
	return [...priorities]
		.sort((a, b) => a.position - b.position)
		.flatMap((p) => {
			const title = titles.get(p.clusterId);
			return title === undefined ? [] : [{ ...p, title }];
		});
}
