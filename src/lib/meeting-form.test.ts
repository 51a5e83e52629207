import { describe, expect, it } from 'vitest';
import { parseMeetingForm } from './meeting-form';

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
}

const complete = {
	themeTitle: '  Framtidens kulturliv ',
	guidingQuestions: 'Vad ska kulturen ge?\r\n\r\n  Vem saknas i dag?  \n',
	date: '2018-12-06',
	startTime: '09:00',
	endTime: '12:00',
	location: 'Umeå',
	votesPerParticipant: '6',
	maxVotesPerItem: '2',
	notesPrivateUntilReveal: 'on',
	whoMayGroup: 'everyone',
	anonymousAuthors: 'on'
};

describe('the meeting form', () => {
	it('turns a complete form into a meeting with Stockholm times and one question per line', () => {
		const result = parseMeetingForm(form(complete));
		expect(result.ok).toBe(true);
		if (!result.ok) return;
		expect(result.input).toEqual({
			themeTitle: 'Framtidens kulturliv',
			guidingQuestions: ['Vad ska kulturen ge?', 'Vem saknas i dag?'],
			startsAt: new Date('2018-12-06T08:00:00Z'),
			endsAt: new Date('2018-12-06T11:00:00Z'),
			location: 'Umeå',
			remoteOnly: false,
			votesPerParticipant: 6,
			maxVotesPerItem: 2,
			notesPrivateUntilReveal: true,
			whoMayGroup: 'everyone',
			anonymousAuthors: true,
			askedSegments: []
		});
	});

	it('asks the ticked optional details, each once and in the join form\'s order', () => {
		const data = form(complete);
		for (const segment of ['municipality', 'organisation', 'municipality']) data.append('askedSegments', segment);
		const result = parseMeetingForm(data);
		expect(result.ok && result.input.askedSegments).toEqual(['organisation', 'municipality']);
		data.append('askedSegments', 'shoe_size');
		const refused = parseMeetingForm(data);
		expect(refused.ok).toBe(false);
		if (!refused.ok) expect(refused.problems.askedSegments).toBe('INVALID');
	});

	it('an unticked checkbox is false, and a remote-only meeting has no place', () => {
		const { notesPrivateUntilReveal: _, ...withoutPrivate } = complete;
		const again = parseMeetingForm(form({ ...withoutPrivate, remoteOnly: 'on' }));
		expect(again.ok).toBe(true);
		if (!again.ok) return;
		expect(again.input.notesPrivateUntilReveal).toBe(false);
		expect(again.input.remoteOnly).toBe(true);
		expect(again.input.location).toBe('');
	});

	it('reads 9:00, 9.00 and 0900 as 09:00', () => {
		for (const startTime of ['9:00', '9.00', '0900', ' 09:00 ']) {
			const result = parseMeetingForm(form({ ...complete, startTime }));
			expect(result.ok && result.input.startsAt?.toISOString()).toBe('2018-12-06T08:00:00.000Z');
		}
	});

	it('a meeting without a date is allowed (a template)', () => {
		const result = parseMeetingForm(form({ ...complete, date: '', startTime: '', endTime: '' }));
		expect(result.ok && result.input.startsAt === null && result.input.endsAt === null).toBe(true);
	});

	it('reports each problem next to its field', () => {
		const result = parseMeetingForm(
			form({ ...complete, themeTitle: ' ', date: '2018-02-30', votesPerParticipant: '3', maxVotesPerItem: '4' })
		);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems).toEqual({ themeTitle: 'REQUIRED', date: 'INVALID', maxVotesPerItem: 'ABOVE_VOTE_BUDGET' });
		expect(result.values.themeTitle).toBe(' ');
	});

	it('an end before the start, a missing start time and votes out of range are refused', () => {
		expect(parseMeetingForm(form({ ...complete, endTime: '08:00' }))).toMatchObject({ ok: false, problems: { endTime: 'ENDS_BEFORE_START' } });
		expect(parseMeetingForm(form({ ...complete, startTime: '' }))).toMatchObject({ ok: false, problems: { startTime: 'REQUIRED' } });
		expect(parseMeetingForm(form({ ...complete, date: '', startTime: '' }))).toMatchObject({ ok: false, problems: { date: 'REQUIRED' } });
		expect(parseMeetingForm(form({ ...complete, votesPerParticipant: '51' }))).toMatchObject({
			ok: false,
			problems: { votesPerParticipant: 'OUT_OF_RANGE' }
		});
		expect(parseMeetingForm(form({ ...complete, votesPerParticipant: 'fem' }))).toMatchObject({
			ok: false,
			problems: { votesPerParticipant: 'INVALID' }
		});
		expect(parseMeetingForm(form({ ...complete, whoMayGroup: 'all' }))).toMatchObject({ ok: false, problems: { whoMayGroup: 'INVALID' } });
	});
});
