import { z } from 'zod';

// Shared categories across themes (issue 12): a process's small list of categories (e.g. the
// strategy's focus areas) that a meeting's groups are tagged with.

/** A category of a process, as moderators and the API see it. */
export interface Category {
	id: string;
	processId: string;
	name: string;
	description: string;
	position: number;
}

export const CATEGORY_NAME_MAX = 100;
export const CATEGORY_DESCRIPTION_MAX = 500;
/** A small list: the strategy's focus areas, not a taxonomy. */
export const CATEGORIES_PER_PROCESS_MAX = 20;

const text = () => z.string({ error: 'INVALID' }).refine((s) => !s.includes('\u0000'), { error: 'INVALID' });

const fields = {
	name: text().trim().min(1, { error: 'REQUIRED' }).max(CATEGORY_NAME_MAX, { error: 'TOO_LONG' }),
	description: text().trim().max(CATEGORY_DESCRIPTION_MAX, { error: 'TOO_LONG' })
};

/** A new category (API body and form). */
export const categoryInputSchema = z.strictObject({ name: fields.name, description: fields.description.default('') });
export type CategoryInput = z.output<typeof categoryInputSchema>;

/** A change of a category: any of its fields. */
export const categoryPatchSchema = z.strictObject({ name: fields.name.optional(), description: fields.description.optional() });
export type CategoryPatch = z.output<typeof categoryPatchSchema>;

/** The categories a group is tagged with, replacing its earlier ones (an empty list removes them all). */
export const clusterCategoriesInputSchema = z.strictObject({
	categoryIds: z
		.array(z.uuid({ error: 'INVALID' }), { error: 'INVALID' })
		.max(CATEGORIES_PER_PROCESS_MAX, { error: 'TOO_MANY' })
		.transform((ids) => [...new Set(ids)])
});
