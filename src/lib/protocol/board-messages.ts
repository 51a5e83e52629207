// Message types of the y-websocket protocol on /yjs/<meetingId> (PROTOCOL.md): the first varuint
// of every frame. The one place they are defined for the server, the bench and the tests.
import * as encoding from 'lib0/encoding';

/** Sync: step 1 (state vector), step 2 (missing updates) and updates (y-protocols/sync). */
export const MESSAGE_SYNC = 0;
/** Presence: an awareness update. */
export const MESSAGE_AWARENESS = 1;
/** A request for everyone's current presence. */
export const MESSAGE_QUERY_AWARENESS = 3;

/** One presence entry as y-protocols encodes it: a client's id, its clock and its state as JSON. */
export type AwarenessEntry = [clientId: number, clock: number, json: string];

/** A presence frame carrying `entries`, byte for byte what y-protocols' encodeAwarenessUpdate writes. */
export function awarenessFrame(entries: readonly AwarenessEntry[]): Uint8Array {
	const inner = encoding.createEncoder();
	encoding.writeVarUint(inner, entries.length);
	for (const [clientId, clock, json] of entries) {
		encoding.writeVarUint(inner, clientId);
		encoding.writeVarUint(inner, clock);
		encoding.writeVarString(inner, json);
	}
	const encoder = encoding.createEncoder();
	encoding.writeVarUint(encoder, MESSAGE_AWARENESS);
	encoding.writeVarUint8Array(encoder, encoding.toUint8Array(inner));
	return encoding.toUint8Array(encoder);
}
