import { describe, expect, it } from 'vitest';
import { NewNoteAnnouncer } from './new-note-announcer';

function harness() {
	let now = 0;
	const timers: { at: number; run: () => void }[] = [];
	const said: string[] = [];
	const announcer = new NewNoteAnnouncer({
		say: (message) => said.push(message),
		one: (text) => `New idea: ${text}`,
		many: (count) => `${count} new ideas`,
		intervalMs: 4000,
		now: () => now,
		schedule: (run, ms) => timers.push({ at: now + ms, run }),
		cancel: () => {}
	});
	const advance = (ms: number) => {
		now += ms;
		for (const timer of timers.splice(0).sort((a, b) => a.at - b.at)) {
			if (timer.at <= now) timer.run();
			else timers.push(timer);
		}
	};
	return { announcer, said, advance };
}

const note = (id: string, _author = 'other', text = `text ${id}`) => ({ id, text });
const mine = new Set(['a']);

describe('NewNoteAnnouncer', () => {
	it('says nothing about the notes already on the board, nor before it is synced', () => {
		const { announcer, said, advance } = harness();
		announcer.observe([note('a')], new Set());
		announcer.baseline(['a', 'b']);
		announcer.observe([note('a'), note('b')], new Set());
		advance(10_000);
		expect(said).toEqual([]);
	});

	it('announces a note from someone else, but not one of my own', () => {
		const { announcer, said, advance } = harness();
		announcer.baseline([]);
		announcer.observe([note('a', 'me'), note('b', 'other', 'Bike lanes')], mine);
		advance(0);
		expect(said).toEqual(['New idea: Bike lanes']);
	});

	it('sums up notes arriving in a burst instead of reading each one', () => {
		const { announcer, said, advance } = harness();
		announcer.baseline([]);
		announcer.observe([note('a')], new Set());
		advance(0);
		announcer.observe([note('a'), note('b')], new Set());
		announcer.observe([note('a'), note('b'), note('c')], new Set());
		advance(1000);
		expect(said).toHaveLength(1);
		advance(3000);
		expect(said).toEqual(['New idea: text a', '2 new ideas']);
	});
});
