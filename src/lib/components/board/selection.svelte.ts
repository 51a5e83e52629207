import { SvelteSet } from 'svelte/reactivity';

/**
 * The notes a person has selected for grouping. A plain toggle adds or removes one note; a range
 * selects every note from the last one toggled to this one, in the order the board shows them.
 */
export class NoteSelection {
	readonly ids = new SvelteSet<string>();
	#anchor: string | null = null;

	get size(): number {
		return this.ids.size;
	}

	has(id: string): boolean {
		return this.ids.has(id);
	}

	/** Toggles `id`, or with `range` selects from the anchor to `id` within `order`. */
	pick(id: string, range: boolean, order: readonly string[]): void {
		const from = this.#anchor === null ? -1 : order.indexOf(this.#anchor);
		const to = order.indexOf(id);
		if (range && from !== -1 && to !== -1) {
			const [a, b] = from < to ? [from, to] : [to, from];
			for (const each of order.slice(a, b + 1)) this.ids.add(each);
		} else if (this.ids.has(id)) this.ids.delete(id);
		else this.ids.add(id);
		this.#anchor = id;
	}

	selectAll(ids: readonly string[]): void {
		for (const id of ids) this.ids.add(id);
	}

	/** Forgets notes that are no longer shown (moved away by others, removed). */
	keepOnly(present: ReadonlySet<string>): void {
		for (const id of this.ids) if (!present.has(id)) this.ids.delete(id);
	}

	clear(): void {
		this.ids.clear();
		this.#anchor = null;
	}

	/** The selected ids in board order. */
	ordered(order: readonly string[]): string[] {
		return order.filter((id) => this.ids.has(id));
	}
}
