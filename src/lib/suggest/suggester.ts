// The contract of every suggestion method (issue 14). A method sees idea texts and ids only, never
// who wrote them; the server passes public ideas only.

/** One idea: its note id and text. */
export interface SuggestIdea {
	id: string;
	text: string;
	/** When it was written (ms): the later of two duplicates is the one hinted at. */
	createdAt?: number;
}

/** A group that already exists on the board, with the ideas in it. */
export interface ExistingGroup {
	id: string;
	title: string;
	ideas: SuggestIdea[];
}

export interface SuggestInput {
	/** Ideas in no group yet, oldest first: these are grouped or assigned. */
	ideas: SuggestIdea[];
	/** Existing groups: ideas may be assigned to them. */
	groups: ExistingGroup[];
}

/** A new group proposed for some of the unclustered ideas. */
export interface SuggestedGroup {
	noteIds: string[];
	title: string;
	/** Its characteristic words, most characteristic first. */
	terms: string[];
	/** The idea most like the others of the group. */
	centralNoteId: string;
	/** The ideas like no group: offered together so that every idea can end in a group. */
	leftover: boolean;
}

/** An unclustered idea that fits an existing group. */
export interface Assignment {
	noteId: string;
	clusterId: string;
	similarity: number;
}

/** An idea that (nearly) repeats an earlier one. */
export interface DuplicateHint {
	noteId: string;
	duplicateOfId: string;
	similarity: number;
}

export interface Suggestions {
	/** Which method produced the groups: 'lexical', or 'semantic' when a local embedding model is configured and loaded. */
	method: string;
	groups: SuggestedGroup[];
	assignments: Assignment[];
	duplicates: DuplicateHint[];
}

/** A suggestion method: the lexical one works out of the box; a better one can replace it. */
export interface Suggester {
	readonly name: string;
	suggest(input: SuggestInput): Promise<Suggestions>;
}
