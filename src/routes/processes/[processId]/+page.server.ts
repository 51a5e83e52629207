import { error, fail, redirect } from '@sveltejs/kit';
import { categoryInputSchema, categoryPatchSchema } from '$lib/category';
import { fieldProblems } from '$lib/field-problems';
import { processFormValues, processInputSchema, retentionDecisionSchema } from '$lib/process';
import { m } from '$lib/paraglide/messages';
import { createCategory, deleteCategory, listCategories, updateCategory } from '$lib/server/db/categories';
import { duplicateMeeting, getMeeting, listMeetings, setMeetingArchived } from '$lib/server/db/meetings';
import {
	addProcessModerator,
	listProcessModerators,
	removeProcessModerator,
	setProcessArchived,
	setRetentionDecision,
	updateProcess
} from '$lib/server/db/processes';
import { loadProcessRoute } from '$lib/server/meeting-route';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

export const load: PageServerLoad = async (event) => {
	const { moderator, process } = await loadProcessRoute(event);
	const { sql } = event.locals.services;
	const includeArchived = event.url.searchParams.get('archived') === '1';
	return {
		process,
		includeArchived,
		moderators: (await listProcessModerators(sql, moderator.id, process.id)) ?? [],
		meetings: (await listMeetings(sql, moderator.id, process.id, { includeArchived })) ?? [],
		categories: (await listCategories(sql, moderator.id, process.id)) ?? [],
		me: moderator.id
	};
};

/** The meeting a form names (`meetingId`), if it belongs to this process; otherwise 404. */
async function meetingOfProcess(event: RequestEvent, moderatorId: string, processId: string) {
	const meetingId = String((await event.request.formData()).get('meetingId') ?? '');
	const meeting = await getMeeting(event.locals.services.sql, moderatorId, meetingId);
	if (!meeting || meeting.processId !== processId) error(404, { message: 'Not found', code: 'NOT_FOUND' });
	return meeting;
}

/** A category form's fields as typed (kept on a refusal, so nothing typed is lost). */
function categoryValues(form: FormData) {
	return { name: String(form.get('name') ?? ''), description: String(form.get('description') ?? '') };
}

/** Refusals of a category change that belong to its name field rather than to the whole form. */
const nameProblem = (code: string) => (code === 'NAME_TAKEN' ? { name: code } : {});

export const actions: Actions = {
	/** An owner adds a shared category (issue 12); the server refuses anyone else. */
	addCategory: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const values = categoryValues(await event.request.formData());
		const parsed = categoryInputSchema.safeParse(values);
		if (!parsed.success) return fail(400, { action: 'addCategory' as const, values, problems: fieldProblems(parsed.error) });
		const result = await createCategory(event.locals.services.sql, moderator.id, process.id, parsed.data);
		if (!result.ok) {
			const status = result.code === 'NOT_OWNER' ? 403 : result.code === 'NOT_FOUND' ? 404 : 409;
			return fail(status, { action: 'addCategory' as const, values, problems: nameProblem(result.code), refused: result.code });
		}
		return { action: 'addCategory' as const, added: result.category.name };
	},

	/** An owner renames a category or changes its description; its tags stay. */
	updateCategory: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const form = await event.request.formData();
		const categoryId = String(form.get('categoryId') ?? '');
		const values = categoryValues(form);
		const parsed = categoryPatchSchema.safeParse(values);
		if (!parsed.success) return fail(400, { action: 'updateCategory' as const, categoryId, values, problems: fieldProblems(parsed.error) });
		const result = await updateCategory(event.locals.services.sql, moderator.id, process.id, categoryId, parsed.data);
		if (!result.ok) {
			const status = result.code === 'NOT_OWNER' ? 403 : result.code === 'NOT_FOUND' ? 404 : 409;
			return fail(status, { action: 'updateCategory' as const, categoryId, values, problems: nameProblem(result.code), refused: result.code });
		}
		return { action: 'updateCategory' as const, categoryId, saved: true };
	},

	/** An owner removes a category; the groups tagged with it lose the tag. */
	deleteCategory: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const categoryId = String((await event.request.formData()).get('categoryId') ?? '');
		const result = await deleteCategory(event.locals.services.sql, moderator.id, process.id, categoryId);
		if (!result.ok) return fail(result.code === 'NOT_OWNER' ? 403 : 404, { action: 'deleteCategory' as const, categoryId, refused: result.code });
		return { action: 'deleteCategory' as const, deleted: true };
	},

	update: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const values = processFormValues(await event.request.formData());
		const parsed = processInputSchema.safeParse(values);
		if (!parsed.success) return fail(400, { action: 'update' as const, values, problems: fieldProblems(parsed.error) });
		await updateProcess(event.locals.services.sql, moderator.id, process.id, parsed.data);
		return { action: 'update' as const, saved: true };
	},

	retention: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const decision = String((await event.request.formData()).get('retentionDecision') ?? '');
		const parsed = retentionDecisionSchema.safeParse(decision);
		if (!parsed.success) return fail(400, { action: 'retention' as const, decision, problem: 'TOO_LONG' as const });
		const result = await setRetentionDecision(event.locals.services.sql, moderator.id, process.id, parsed.data);
		if (!result.ok) return fail(result.code === 'NOT_OWNER' ? 403 : 404, { action: 'retention' as const, decision, problem: result.code });
		return { action: 'retention' as const, saved: true };
	},

	archive: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		await setProcessArchived(event.locals.services.sql, moderator.id, process.id, true);
		return { action: 'archive' as const, done: true };
	},

	unarchive: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		await setProcessArchived(event.locals.services.sql, moderator.id, process.id, false);
		return { action: 'unarchive' as const, done: true };
	},

	addModerator: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const email = String((await event.request.formData()).get('email') ?? '').trim();
		if (!email) return fail(400, { action: 'addModerator' as const, email, problem: 'EMAIL_REQUIRED' });
		const result = await addProcessModerator(event.locals.services.sql, moderator.id, process.id, email);
		if (!result.ok) return fail(result.code === 'NOT_OWNER' ? 403 : 400, { action: 'addModerator' as const, email, problem: result.code });
		return { action: 'addModerator' as const, added: result.moderator.name };
	},

	removeModerator: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const removedId = String((await event.request.formData()).get('moderatorId') ?? '');
		const result = await removeProcessModerator(event.locals.services.sql, moderator.id, process.id, removedId);
		if (!result.ok) return fail(result.code === 'NOT_OWNER' ? 403 : 400, { action: 'removeModerator' as const, problem: result.code });
		return { action: 'removeModerator' as const, removed: true };
	},

	duplicateMeeting: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const source = await meetingOfProcess(event, moderator.id, process.id);
		const copy = await duplicateMeeting(event.locals.services.sql, moderator.id, source.id, m.meet_copy_suffix());
		if (!copy) error(404, { message: 'Not found', code: 'NOT_FOUND' });
		redirect(303, `/processes/${process.id}/meetings/${copy.id}?copied=1`);
	},

	archiveMeeting: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const source = await meetingOfProcess(event, moderator.id, process.id);
		const meeting = await setMeetingArchived(event.locals.services.sql, moderator.id, source.id, true);
		if (!meeting) error(404, { message: 'Not found', code: 'NOT_FOUND' });
		return { action: 'archiveMeeting' as const, theme: meeting.themeTitle };
	},

	unarchiveMeeting: async (event) => {
		const { moderator, process } = await loadProcessRoute(event);
		const source = await meetingOfProcess(event, moderator.id, process.id);
		const meeting = await setMeetingArchived(event.locals.services.sql, moderator.id, source.id, false);
		if (!meeting) error(404, { message: 'Not found', code: 'NOT_FOUND' });
		return { action: 'unarchiveMeeting' as const, theme: meeting.themeTitle };
	}
};
