import { SUPPRESSION_THRESHOLD } from './schema';

// The publication rule for what is said about an idea's author (issue 9, defect 10): an author's
// attributes are published only at a level where the COMBINATION of the published attributes is
// shared by at least k participants of the meeting. A person who is the only municipal employee
// from Malå is then published as "Malå" (if at least k came from Malå) or not at all, never as
// "Kommun, Malå". Pure: the same rule for JSON, CSV, XLSX, Markdown, the synthesis and the API.

export const AUTHOR_ATTRIBUTES = ['sector', 'municipality', 'attendance'] as const;
export type AuthorAttribute = (typeof AUTHOR_ATTRIBUTES)[number];

/** An author's attributes; '' where the participant did not say. */
export type AuthorAttributes = Record<AuthorAttribute, string>;

/** A group of participants with the same attributes, and how many they are. */
export interface AttributeGroup {
	attributes: AuthorAttributes;
	participants: number;
}

/**
 * The levels tried in order, most specific first: all three, then pairs, then one attribute,
 * then none. Municipality comes before sector in a tie: a regional strategy weighs where input
 * came from most (PROTOCOL.md, "Small groups").
 */
export const GENERALISATION_LEVELS: readonly (readonly AuthorAttribute[])[] = [
	['sector', 'municipality', 'attendance'],
	['sector', 'municipality'],
	['municipality', 'attendance'],
	['sector', 'attendance'],
	['municipality'],
	['sector'],
	['attendance'],
	[]
];

/**
 * What may be published of one author: the attributes of the first level whose combination is
 * shared by at least `k` participants. An attribute the author did not give, or whose group is
 * suppressed in the meeting's own breakdown (`hidden`), is never published. The result lists
 * only published attributes.
 */
export function publishableAttributes(
	author: AuthorAttributes,
	population: AttributeGroup[],
	hidden: Record<AuthorAttribute, ReadonlySet<string>> = { sector: new Set(), municipality: new Set(), attendance: new Set() },
	k = SUPPRESSION_THRESHOLD
): Partial<AuthorAttributes> {
	const usable = (a: AuthorAttribute) => author[a] !== '' && !hidden[a].has(author[a]);
	for (const level of GENERALISATION_LEVELS) {
		const keys = level.filter(usable);
		if (!keys.length) return {};
		const size = population.filter((g) => keys.every((a) => g.attributes[a] === author[a])).reduce((sum, g) => sum + g.participants, 0);
		if (size >= k) return Object.fromEntries(keys.map((a) => [a, author[a]]));
	}
	return {};
}
