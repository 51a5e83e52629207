/**
 * What the bench must undo whatever happens (server, PostgreSQL, temp directories), run in reverse
 * order on success, on error and on Ctrl-C.
 */
export class Cleanup {
	#steps: { name: string; run: () => Promise<void> | void }[] = [];
	#running: Promise<void> | null = null;

	/** Registers a step; returns a function that runs it now (and only once) instead of at the end. */
	add(name: string, run: () => Promise<void> | void): () => Promise<void> {
		const step = { name, run };
		this.#steps.push(step);
		return async () => {
			const index = this.#steps.indexOf(step);
			if (index === -1) return;
			this.#steps.splice(index, 1);
			await run();
		};
	}

	runAll(): Promise<void> {
		this.#running ??= (async () => {
			while (this.#steps.length) {
				const step = this.#steps.pop()!;
				try {
					await step.run();
				} catch (error) {
					console.error(`Cleanup "${step.name}" failed:`, error);
				}
			}
		})();
		return this.#running;
	}
}
