import type { ReadStream } from 'node:tty';

/**
 * Reads a password for the CLI: in a terminal it asks twice without echo; otherwise the first line
 * of standard input is the password (so scripts can pipe it in, and it never appears in argv).
 */
export async function readPassword(
	stdin: NodeJS.ReadStream = process.stdin
): Promise<{ ok: true; password: string } | { ok: false; message: string }> {
	if (!stdin.isTTY) {
		const password = await readFirstLine(stdin);
		if (!password) return { ok: false, message: 'No password on standard input: pipe it in as the first line.' };
		return { ok: true, password };
	}
	const tty = stdin as ReadStream;
	const first = await promptHidden(tty, 'Password: ');
	if (first === null) return { ok: false, message: 'Cancelled.' };
	const second = await promptHidden(tty, 'Repeat the password: ');
	if (second === null) return { ok: false, message: 'Cancelled.' };
	if (first !== second) return { ok: false, message: 'The passwords are not the same.' };
	return { ok: true, password: first };
}

async function readFirstLine(stdin: NodeJS.ReadStream): Promise<string> {
	let text = '';
	stdin.setEncoding('utf8');
	for await (const chunk of stdin) {
		text += chunk as string;
		if (text.includes('\n')) break;
	}
	return text.split('\n')[0].replace(/\r$/, '');
}

/** Reads one line in raw mode, echoing nothing; null when the user presses Ctrl-C. */
function promptHidden(tty: ReadStream, question: string): Promise<string | null> {
	return new Promise((resolve) => {
		process.stderr.write(question);
		tty.setRawMode(true);
		tty.setEncoding('utf8');
		tty.resume();
		let value: string[] = [];
		const finish = (result: string | null) => {
			tty.off('data', onData);
			tty.setRawMode(false);
			tty.pause();
			process.stderr.write('\n');
			resolve(result);
		};
		const onData = (chunk: string) => {
			if (chunk.startsWith('\u001b')) return; // arrow keys and other escape sequences
			for (const char of chunk) {
				if (char === '\r' || char === '\n' || char === '\u0004') return finish(value.join(''));
				if (char === '\u0003') return finish(null);
				if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
				else if (char >= ' ') value.push(char);
			}
		};
		tty.on('data', onData);
	});
}
