import { describe, expect, it } from 'vitest';
import { formatMeetingTime, instantToLocal, isLocalDate, isLocalTime, localToInstant } from './meeting-time';

describe('meeting times in Europe/Stockholm', () => {
	it('a winter time is one hour ahead of UTC', () => {
		expect(localToInstant('2018-11-07', '09:00').toISOString()).toBe('2018-11-07T08:00:00.000Z');
	});

	it('a summer time is two hours ahead of UTC', () => {
		expect(localToInstant('2025-06-12', '13:30').toISOString()).toBe('2025-06-12T11:30:00.000Z');
	});

	it('a time just after midnight belongs to the local day, not the UTC one', () => {
		expect(localToInstant('2025-01-01', '00:30').toISOString()).toBe('2024-12-31T23:30:00.000Z');
		expect(instantToLocal(new Date('2024-12-31T23:30:00Z'))).toEqual({ date: '2025-01-01', time: '00:30' });
	});

	it('round-trips around the changes to and from summer time', () => {
		for (const [date, time] of [
			['2025-03-30', '01:59'],
			['2025-03-30', '03:00'],
			['2025-10-26', '01:30'],
			['2025-10-26', '03:00']
		]) {
			expect(instantToLocal(localToInstant(date, time))).toEqual({ date, time });
		}
	});

	it('the hour skipped in spring moves forward, the hour repeated in autumn is the first one', () => {
		expect(instantToLocal(localToInstant('2025-03-30', '02:30'))).toEqual({ date: '2025-03-30', time: '03:30' });
		expect(localToInstant('2025-10-26', '02:30').toISOString()).toBe('2025-10-26T00:30:00.000Z');
	});

	it('accepts real dates and 24-hour times only', () => {
		expect(isLocalDate('2018-11-07')).toBe(true);
		expect(isLocalDate('2018-02-30')).toBe(false);
		expect(isLocalDate('7/11/2018')).toBe(false);
		expect(isLocalTime('09:00')).toBe(true);
		expect(isLocalTime('23:59')).toBe(true);
		expect(isLocalTime('24:00')).toBe(false);
		expect(isLocalTime('9:00')).toBe(false);
	});

	it('shows a meeting in Swedish with the local time and an end on the same day', () => {
		const start = localToInstant('2018-11-07', '09:00');
		const end = localToInstant('2018-11-07', '12:00');
		expect(formatMeetingTime(start, end, 'sv')).toBe('onsdag 7 november 2018 kl. 09:00–12:00');
		expect(formatMeetingTime(start, null, 'en')).toMatch(/^Wednesday,? 7 November 2018 at 09:00$/);
	});
});
