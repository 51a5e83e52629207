import type { Category } from '../../category';
import { notFound } from './processes-json';
import { apiError } from './respond';

/** A category in /api/v1. */
export function categoryJson(category: Category) {
	return { id: category.id, name: category.name, description: category.description, position: category.position };
}

/** The response to a refused category change. */
export function categoryRefusal(code: 'NOT_FOUND' | 'NOT_OWNER' | 'NAME_TAKEN' | 'TOO_MANY_CATEGORIES', what: 'process' | 'category'): Response {
	switch (code) {
		case 'NOT_FOUND':
			return what === 'process' ? notFound('process') : apiError(404, 'NOT_FOUND', 'No such category in this process.');
		case 'NOT_OWNER':
			return apiError(403, 'NOT_OWNER', 'Only an owner of the process defines its categories.');
		case 'NAME_TAKEN':
			return apiError(409, 'NAME_TAKEN', 'The process already has a category by this name.');
		case 'TOO_MANY_CATEGORIES':
			return apiError(409, 'TOO_MANY_CATEGORIES', 'The process has as many categories as it may have.');
	}
}
