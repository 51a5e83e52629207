import { runMeetingScript, type MeetingScript, type ScriptedMeeting } from './meeting-script';
import { signedInModerator } from './moderator-fixtures';
import type { Sql } from '../../src/lib/server/db/sql';

// A process owner with one closed meeting (two ranked priorities, one unranked cluster), for the
// follow-up tests (issue 13).

/** 6 people: 5 from Umeå's business sector, 1 civil society from Bjurholm (a group under 5). */
export const followUpScript: MeetingScript = {
	participants: [
		...['Anna', 'Bertil', 'Cilla', 'Dan', 'Eva'].map((displayName) => ({ displayName, sectorCode: 'business', municipalityCode: '2480', attendance: 'on_site' as const })),
		{ displayName: 'Fredrik', sectorCode: 'civil_society', municipalityCode: '2403', attendance: 'remote' as const }
	],
	clusters: [
		{ title: 'Snabbare tåg', ideas: [{ by: 0, text: 'Norrbotniabanan hela vägen' }, { by: 5, text: 'Nattåg till Stockholm' }] },
		{ title: 'Fiber i byarna', ideas: [{ by: 1, text: 'Fiber till alla byar' }] },
		{ title: 'Övrigt', ideas: [{ by: 2, text: 'Fler cykelvägar' }] }
	],
	votes: [
		{ by: 0, on: 0 },
		{ by: 1, on: 0 },
		{ by: 2, on: 1 },
		{ by: 5, on: 'Nattåg till Stockholm' }
	],
	ranking: [0, 1],
	rationales: { 0: 'Pendling och gods' },
	top: [0]
};

export interface ClosedMeeting {
	token: string;
	moderatorId: string;
	processId: string;
	meeting: { id: string; joinCode: string };
	run: ScriptedMeeting;
}

/** Signs in a moderator, creates a process and a meeting, and runs `followUpScript` to the close. */
export async function arrangeClosedMeeting(
	app: { url: string; sql: Sql },
	{ email = 'agare@region.example', themeTitle = 'Mobilitet', script = followUpScript }: { email?: string; themeTitle?: string; script?: MeetingScript } = {}
): Promise<ClosedMeeting> {
	const { id: moderatorId, token } = await signedInModerator(app, { email, name: 'Ägare Ägarsson', password: 'a long passphrase for follow-up' });
	const post = async (path: string, body: unknown) => {
		const response = await fetch(`${app.url}/api/v1${path}`, {
			method: 'POST',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: JSON.stringify(body)
		});
		if (response.status !== 201) throw new Error(`${path}: ${response.status} ${await response.text()}`);
		return response.json();
	};
	const { process } = (await post('/processes', { title: 'RUS-dialogen', ownerOrganisation: 'Region Västerbotten' })) as { process: { id: string } };
	const { meeting } = (await post(`/processes/${process.id}/meetings`, {
		themeTitle,
		guidingQuestions: ['Hur reser vi 2040?'],
		startsAt: '2026-03-10T09:00:00+01:00',
		notesPrivateUntilReveal: false
	})) as { meeting: { id: string; joinCode: string } };
	const run = await runMeetingScript(app.url, { ...meeting, moderatorToken: token }, script);
	return { token, moderatorId, processId: process.id, meeting, run };
}

/** An /api/v1 request with a bearer token and a JSON body. */
export function apiRequest(app: { url: string }, method: string, path: string, token: string | null, body?: unknown): Promise<Response> {
	return fetch(`${app.url}/api/v1${path}`, {
		method,
		headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
		body: body === undefined ? undefined : JSON.stringify(body)
	});
}
