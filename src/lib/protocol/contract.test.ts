import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MEETING_COMMAND_NAMES, MEETING_EVENT_NAMES } from './contract';
import { ERROR_CODES } from './errors';

// PROTOCOL.md is what clients outside this repository rely on: its socket.io section must name
// exactly the commands and events of the contract, and its error table every code a command can
// be answered with.

const protocol = readFileSync(new URL('../../../PROTOCOL.md', import.meta.url), 'utf8');

/** The level-3 sections under `## socket.io`, by heading. */
function socketSections(): Map<string, string> {
	const start = protocol.indexOf('\n## socket.io');
	const end = protocol.indexOf('\n## ', start + 1);
	const part = protocol.slice(start, end === -1 ? undefined : end);
	const sections = new Map<string, string>();
	for (const chunk of part.split('\n### ').slice(1)) {
		const newline = chunk.indexOf('\n');
		sections.set(chunk.slice(0, newline).trim(), chunk.slice(newline + 1));
	}
	return sections;
}

/** The backticked names in the first cell of every table row of `text` (`a` / `b` counts both). */
function firstCellNames(text: string): string[] {
	const names: string[] = [];
	for (const line of text.split('\n')) {
		if (!line.startsWith('|') || /^\|\s*-/.test(line)) continue;
		const cell = line.split('|')[1];
		for (const match of cell.matchAll(/`([^`]+)`/g)) names.push(match[1]);
	}
	return names;
}

function documented(headings: RegExp): string[] {
	const names = [...socketSections()].filter(([heading]) => headings.test(heading)).flatMap(([, text]) => firstCellNames(text));
	return [...new Set(names)].sort();
}

describe('PROTOCOL.md against the wire contract', () => {
	it('documents every command of the contract in a command table, and no command the contract lacks', () => {
		const commands = documented(/^(Board commands|Dot voting|Meeting control)/);
		expect(commands).toEqual([...MEETING_COMMAND_NAMES].sort());
	});

	it('documents every server event of the contract, and no event the contract lacks', () => {
		expect(documented(/^Events/)).toEqual([...MEETING_EVENT_NAMES].sort());
	});

	it('documents every error code a command or handshake can be refused with, and no other', () => {
		expect(documented(/^Error codes/)).toEqual([...ERROR_CODES].sort());
	});
});
