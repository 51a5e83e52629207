import type * as Y from 'yjs';
import { notesMap } from '../../src/lib/board/read';
import { readNoteValue } from '../../src/lib/board/records';
import { DUPLICATE_THRESHOLD, duplicateSimilarity, fingerprint, type Fingerprint } from '../../src/lib/suggest/duplicates.js';
import type { DuplicateHint } from '../../src/lib/suggest/suggester';

// Duplicate hints while ideas arrive (issue 14): each live board keeps a fingerprint of every
// note in its document and compares a new or edited note with the notes before it, the moment it
// arrives. The same measure and threshold as board:suggest's duplicates, but the work is bounded
// per note instead of all pairs per request. The document holds public notes only: a private
// brainstorm's notes enter it at the reveal, and are compared then. Authors are never seen.

/** A new note is compared with at most this many notes before it (the latest). */
export const MAX_COMPARED = 2000;
/** Notes fingerprinted and compared per turn of the event loop, so a reveal of hundreds waits on nothing. */
const PER_TURN = 50;
/**
 * A turn also ends after this long: comparing a note costs up to MAX_COMPARED comparisons, and a
 * loaded board's notes all at once held the event loop for seconds (12 s for 1 500 alike notes
 * under load, issue 15) while every meeting of the process waited.
 */
const TURN_MS = 8;

interface Entry {
	text: string;
	createdAt: number;
	print: Fingerprint;
}

/** The hints of one board document, kept up to date as its notes change. */
export class DuplicateWatch {
	readonly #doc: Y.Doc;
	readonly #onHints: (hints: DuplicateHint[]) => void;
	readonly #trigrams = new Map<string, number>();
	readonly #notes = new Map<string, Entry>();
	readonly #hints = new Map<string, DuplicateHint>();
	readonly #pending = new Set<string>();
	/** Notes that were on the board when it was loaded: indexed without telling anyone. */
	readonly #quiet = new Set<string>();
	#scheduled: ReturnType<typeof setImmediate> | null = null;
	#stopped = false;

	/** `onHints` receives the hints that new or edited notes gave, once per batch. */
	constructor(doc: Y.Doc, onHints: (hints: DuplicateHint[]) => void) {
		this.#doc = doc;
		this.#onHints = onHints;
		const notes = notesMap(doc);
		notes.forEach((_, id) => (this.#pending.add(id), this.#quiet.add(id)));
		notes.observe(this.#observe);
		doc.on('destroy', () => this.stop());
		// The notes already on the board are indexed a turn at a time (as new ones), without telling anyone.
		if (this.#pending.size) this.#scheduled = setImmediate(this.#turn);
	}

	readonly #observe = (event: Y.YMapEvent<unknown>) => {
		const notes = notesMap(this.#doc);
		for (const id of event.keysChanged) {
			// Moved, not edited: its text and time are those indexed, and nothing is to be compared. (A
			// move is most changes of a grouping phase; a turn of the event loop for each cost CPU, issue 15.)
			const known = this.#notes.get(id);
			const value = known && (notes.get(id) as { text?: unknown; createdAt?: unknown } | undefined);
			if (known && value && value.text === known.text && value.createdAt === known.createdAt && !this.#pending.has(id)) continue;
			this.#pending.add(id);
			this.#quiet.delete(id);
		}
		this.#scheduled ??= setImmediate(this.#turn);
	};

	readonly #turn = () => {
		this.#scheduled = null;
		if (this.#stopped) return;
		this.#process(PER_TURN, true);
		if (this.#pending.size) this.#scheduled = setImmediate(this.#turn);
	};

	/** Every hint now: an idea and the earlier one it (nearly) repeats. */
	list(): DuplicateHint[] {
		this.#process(Infinity, false);
		return [...this.#hints.values()];
	}

	stop(): void {
		this.#stopped = true;
		notesMap(this.#doc).unobserve(this.#observe);
		if (this.#scheduled) clearImmediate(this.#scheduled);
	}

	#process(limit: number, tell: boolean): void {
		const found: DuplicateHint[] = [];
		const until = limit === Infinity ? Infinity : performance.now() + TURN_MS;
		let done = 0;
		for (const id of this.#pending) {
			if (done++ >= limit || (done > 1 && performance.now() > until)) break;
			this.#pending.delete(id);
			const quiet = this.#quiet.delete(id);
			const hint = this.#update(id);
			if (hint && !quiet) found.push(hint);
		}
		if (tell && found.length) this.#onHints(found);
	}

	/** Re-reads one note; returns its new hint, if it has one it did not have. */
	#update(id: string): DuplicateHint | null {
		const note = readNoteValue(notesMap(this.#doc).get(id));
		const before = this.#notes.get(id);
		if (!note) {
			if (!before) return null;
			this.#notes.delete(id);
			this.#hints.delete(id);
			// Ideas hinted at this one are compared again with those left.
			for (const hint of [...this.#hints.values()]) {
				if (hint.duplicateOfId === id) {
					this.#hints.delete(hint.noteId);
					this.#pending.add(hint.noteId);
				}
			}
			return null;
		}
		if (before && before.text === note.text) return null;
		const entry: Entry = { text: note.text, createdAt: note.createdAt, print: fingerprint(note.text, this.#trigrams) };
		this.#notes.set(id, entry);
		const previous = this.#hints.get(id);
		const hint = this.#compare(id, entry);
		if (hint) this.#hints.set(id, hint);
		else this.#hints.delete(id);
		return hint && (!previous || previous.duplicateOfId !== hint.duplicateOfId) ? hint : null;
	}

	/** The earlier note most like this one, at or above the threshold. */
	#compare(id: string, entry: Entry): DuplicateHint | null {
		const earlier: [string, Entry][] = [];
		for (const [otherId, other] of this.#notes) {
			if (otherId !== id && (other.createdAt < entry.createdAt || (other.createdAt === entry.createdAt && otherId < id))) earlier.push([otherId, other]);
		}
		if (earlier.length > MAX_COMPARED) {
			earlier.sort((a, b) => b[1].createdAt - a[1].createdAt);
			earlier.length = MAX_COMPARED;
		}
		let best: DuplicateHint | null = null;
		for (const [otherId, other] of earlier) {
			const similarity = duplicateSimilarity(entry.print, other.print);
			if (similarity >= DUPLICATE_THRESHOLD && (!best || similarity > best.similarity)) {
				best = { noteId: id, duplicateOfId: otherId, similarity: Math.round(similarity * 1000) / 1000 };
			}
		}
		return best;
	}
}
