import { describe, expect, it } from 'vitest';
import { formatWait } from './format-wait';

describe('formatWait', () => {
	it('says seconds below a minute, in Swedish and English', () => {
		expect(formatWait(30, 'sv')).toBe('30 sekunder');
		expect(formatWait(1, 'en')).toBe('1 second');
	});

	it('rounds up to whole minutes from a minute on', () => {
		expect(formatWait(60, 'sv')).toBe('1 minut');
		expect(formatWait(61, 'sv')).toBe('2 minuter');
		expect(formatWait(900, 'en')).toBe('15 minutes');
	});

	it('never says zero', () => {
		expect(formatWait(0, 'sv')).toBe('1 sekund');
	});
});
