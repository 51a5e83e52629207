import { describe, expect, it } from 'vitest';
import { LIMITS, readClusterValue, readNoteValue } from './records';
import { clusterSchema, noteSchema } from './schema';

const note = {
	id: 'note-0001',
	text: 'Fler lärlingsplatser\ni hela länet',
	createdAt: 1_700_000_000_000,
	clusterId: 'cluster-01',
	order: 1.5,
	colour: 'green'
};
const cluster = { id: 'cluster-01', title: 'Kompetens', order: 2 };

// What the browser reads with the guards must be exactly what the server's zod schemas accept.
const notes: [string, unknown][] = [
	['a valid note', note],
	['an unclustered note', { ...note, clusterId: null }],
	['a note at the text limit', { ...note, text: 'x'.repeat(LIMITS.noteText) }],
	['a note with extra fields', { ...note, html: '<b>x</b>' }],
	['an empty text', { ...note, text: '' }],
	['an overlong text', { ...note, text: 'x'.repeat(LIMITS.noteText + 1) }],
	['a control character', { ...note, text: 'a\u0007b' }],
	['a bad id', { ...note, id: 'a b' }],
	['a short id', { ...note, id: 'short' }],
	['a version 2 note with its author', { ...note, authorId: 'p1' }],
	['a fractional time', { ...note, createdAt: 1.5 }],
	['a negative time', { ...note, createdAt: -1 }],
	['an infinite order', { ...note, order: Infinity }],
	['an unknown colour', { ...note, colour: 'red' }],
	['a bad cluster id', { ...note, clusterId: 7 }],
	['a missing field', { ...note, colour: undefined }],
	['an array', [note]],
	['a string', 'note'],
	['null', null]
];
const clusters: [string, unknown][] = [
	['a valid cluster', cluster],
	['a title at the limit', { ...cluster, title: 'x'.repeat(LIMITS.clusterTitle) }],
	['an overlong title', { ...cluster, title: 'x'.repeat(LIMITS.clusterTitle + 1) }],
	['an empty title', { ...cluster, title: '' }],
	['a bad id', { ...cluster, id: '../../x' }],
	['a NaN order', { ...cluster, order: NaN }],
	['a number', 3]
];

describe('board record guards', () => {
	it.each(notes)('reading %s agrees with the server’s note schema', (_, value) => {
		const parsed = noteSchema.safeParse(value);
		expect(readNoteValue(value)).toEqual(parsed.success ? parsed.data : null);
	});

	it.each(clusters)('reading %s agrees with the server’s cluster schema', (_, value) => {
		const parsed = clusterSchema.safeParse(value);
		expect(readClusterValue(value)).toEqual(parsed.success ? parsed.data : null);
	});

	it('a note read from the document is a copy: changing it does not change the stored value', () => {
		const stored = { ...note };
		const read = readNoteValue(stored)!;
		read.text = 'ändrad';
		expect(stored.text).toBe(note.text);
	});
});
