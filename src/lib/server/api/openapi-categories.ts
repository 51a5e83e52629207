import { CATEGORIES_PER_PROCESS_MAX, CATEGORY_DESCRIPTION_MAX, CATEGORY_NAME_MAX } from '../../category';
import type { OpenApiPart } from './openapi';

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: unknown) => ({ content: { 'application/json': { schema } } });
const error = (description: string) => ({ description, ...jsonBody(ref('Error')) });
const validation = { description: 'VALIDATION: the body is not a JSON object, or fields are invalid (see `fields`)', ...jsonBody(ref('ValidationError')) };
const unauthenticated = error('UNAUTHENTICATED: no valid moderator token');
const security = [{ bearer: [] }];
const uuidParam = (name: string, description: string) => ({ name, in: 'path', required: true, description, schema: { type: 'string', format: 'uuid' } });
const categoryResponse = (description: string) => ({
	description,
	...jsonBody({ type: 'object', required: ['category'], properties: { category: ref('Category') } })
});
const notOwner = error('NOT_OWNER: only an owner of the process defines its categories');
const fields = {
	name: { type: 'string', minLength: 1, maxLength: CATEGORY_NAME_MAX, description: 'Unique in the process (case is ignored)' },
	description: { type: 'string', maxLength: CATEGORY_DESCRIPTION_MAX }
};

/** Shared categories across themes: a process's list, and the tags on its meetings' groups. */
export const categoriesOpenApi: OpenApiPart = {
	paths: {
		'/processes/{id}/categories': {
			get: {
				operationId: 'listCategories',
				tags: ['categories'],
				summary: "The process's shared categories (e.g. the strategy's focus areas), in order",
				security,
				parameters: [uuidParam('id', 'Process id')],
				responses: {
					'200': {
						description: 'Categories',
						...jsonBody({ type: 'object', required: ['categories'], properties: { categories: { type: 'array', items: ref('Category') } } })
					},
					'401': unauthenticated,
					'404': error('NOT_FOUND: no such process, or you are not one of its moderators')
				}
			},
			post: {
				operationId: 'createCategory',
				tags: ['categories'],
				summary: `Add a category at the end of the list (owners only; at most ${CATEGORIES_PER_PROCESS_MAX} per process)`,
				security,
				parameters: [uuidParam('id', 'Process id')],
				requestBody: { required: true, ...jsonBody(ref('CategoryInput')) },
				responses: {
					'201': categoryResponse('Created'),
					'400': validation,
					'401': unauthenticated,
					'403': notOwner,
					'404': error('NOT_FOUND: no such process, or you are not one of its moderators'),
					'409': error('NAME_TAKEN: the process has a category by this name; TOO_MANY_CATEGORIES: the list is full')
				}
			}
		},
		'/processes/{id}/categories/{categoryId}': {
			patch: {
				operationId: 'updateCategory',
				tags: ['categories'],
				summary: 'Rename a category or change its description (owners only); its tags stay',
				security,
				parameters: [uuidParam('id', 'Process id'), uuidParam('categoryId', 'Category id')],
				requestBody: { required: true, ...jsonBody(ref('CategoryPatch')) },
				responses: {
					'200': categoryResponse('The changed category'),
					'400': validation,
					'401': unauthenticated,
					'403': notOwner,
					'404': error('NOT_FOUND: no such process or category'),
					'409': error('NAME_TAKEN: another category of the process has this name')
				}
			},
			delete: {
				operationId: 'deleteCategory',
				tags: ['categories'],
				summary: 'Remove a category (owners only); the groups tagged with it lose the tag',
				security,
				parameters: [uuidParam('id', 'Process id'), uuidParam('categoryId', 'Category id')],
				responses: { '204': { description: 'Removed' }, '401': unauthenticated, '403': notOwner, '404': error('NOT_FOUND: no such process or category') }
			}
		},
		'/meetings/{id}/clusters/{clusterId}/categories': {
			put: {
				operationId: 'setGroupCategories',
				tags: ['categories'],
				summary: "Tag a group of the meeting with categories of its process (replaces the group's tags; [] removes them)",
				description:
					'Any moderator of the process, in any phase, also after the meeting closed and while it is archived (the synthesis leaves archived meetings out until they are restored). The group must be on the board. Every change is in the audit log. The theme input (clusters[].categories), the synthesis (categories) and the SQL view theme_input_priority_categories show the tags.',
				security,
				parameters: [uuidParam('id', 'Meeting id'), { name: 'clusterId', in: 'path', required: true, description: 'Group (cluster) id on the board', schema: { type: 'string' } }],
				requestBody: { required: true, ...jsonBody(ref('GroupCategoriesInput')) },
				responses: {
					'200': {
						description: "The group's categories now",
						...jsonBody({
							type: 'object',
							required: ['clusterId', 'categories'],
							properties: { clusterId: { type: 'string' }, categories: { type: 'array', items: ref('Category') } }
						})
					},
					'400': { ...validation, description: 'VALIDATION: invalid body; `fields.categoryIds` UNKNOWN_CATEGORY when an id is not a category of the process' },
					'401': unauthenticated,
					'404': error('NOT_FOUND: no such meeting (or not yours); NO_SUCH_GROUP: the meeting has no such group')
				}
			}
		}
	},
	schemas: {
		Category: {
			type: 'object',
			required: ['id', 'name', 'description', 'position'],
			properties: { id: { type: 'string', format: 'uuid' }, ...fields, position: { type: 'integer', minimum: 1 } }
		},
		CategoryInput: { type: 'object', additionalProperties: false, required: ['name'], properties: { ...fields, description: { ...fields.description, default: '' } } },
		CategoryPatch: { type: 'object', additionalProperties: false, properties: fields },
		GroupCategoriesInput: {
			type: 'object',
			additionalProperties: false,
			required: ['categoryIds'],
			properties: { categoryIds: { type: 'array', maxItems: CATEGORIES_PER_PROCESS_MAX, items: { type: 'string', format: 'uuid' } } }
		}
	}
};
