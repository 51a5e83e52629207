import WebSocket from 'ws';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { awarenessFrame, type AwarenessEntry, MESSAGE_AWARENESS, MESSAGE_QUERY_AWARENESS, MESSAGE_SYNC } from '../src/lib/protocol/board-messages';

/**
 * Which y-websocket client a simulated participant uses:
 * - `stock`: the stock `y-websocket` WebsocketProvider with its own Y.Doc, as a browser runs it;
 * - `lean`: a raw client speaking the same protocol (sync step 1/2, updates, awareness with the
 *   provider's 15 s renewal and its echo of every newer remote state) without a Y.Doc, so that
 *   hundreds of them in one Node process do not measure the load generator instead of the server.
 */
export type ClientKind = 'stock' | 'lean';

/** Where a client reports what arrives; `index` identifies the client. */
export interface ArrivalSink {
	/** An update message arrived (after the initial sync). Lean clients pass the raw update, stock clients null. */
	update(index: number, update: Buffer | null): void;
	/** Stock clients: ids of notes that appeared in the client's document. */
	notesAdded(index: number, ids: string[]): void;
	/** An awareness (presence) message arrived. */
	awareness(index: number): void;
}

export interface BoardClient {
	/** Resolves when the client has received sync step 2 (the provider's `sync` event). */
	synced: Promise<void>;
	close(): void;
}

const AWARENESS_RENEW_MS = 15_000;

export function boardClient(kind: ClientKind, baseUrl: string, meetingId: string, token: string, index: number, sink: ArrivalSink): BoardClient {
	return kind === 'stock' ? stockClient(baseUrl, meetingId, token, index, sink) : leanClient(baseUrl, meetingId, token, index, sink);
}

/** The stock provider, configured as in the integration tests (no BroadcastChannel shortcut). */
export function stockClient(baseUrl: string, meetingId: string, token: string, index: number, sink: ArrivalSink): BoardClient & { doc: Y.Doc } {
	const doc = new Y.Doc();
	const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/yjs`, meetingId, doc, {
		WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
		params: { meeting: meetingId, token },
		disableBc: true
	});
	const synced = new Promise<void>((resolve, reject) => {
		provider.once('sync', () => resolve());
		provider.once('connection-close', (event) => reject(new Error(`board connection closed: ${event?.code} ${event?.reason}`)));
	});
	void synced.catch(() => {});
	doc.getMap('notes').observe((event) => {
		if (!provider.synced) return;
		const added: string[] = [];
		for (const [key, change] of event.changes.keys) if (change.action === 'add') added.push(key);
		if (added.length) sink.notesAdded(index, added);
	});
	doc.on('update', (_update: Uint8Array, origin: unknown) => {
		if (origin === provider && provider.synced) sink.update(index, null);
	});
	provider.awareness.on('update', (_change: unknown, origin: unknown) => {
		if (origin === provider) sink.awareness(index);
	});
	return {
		doc,
		synced,
		close() {
			provider.destroy();
			doc.destroy();
		}
	};
}

const EMPTY_STATE_VECTOR = Y.encodeStateVector(new Y.Doc());
const EMPTY_UPDATE = Y.encodeStateAsUpdate(new Y.Doc());

/** The y-websocket protocol by hand, message for message as the provider sends it, minus the Y.Doc. */
/**
 * `presence: false` makes a client without presence: it sends no awareness state and echoes none
 * (the floor comparison of issue 15 measures the board's updates alone, as the relay carries).
 */
export function leanClient(baseUrl: string, meetingId: string, token: string, index: number, sink: ArrivalSink, presence = true): BoardClient {
	const ws = new WebSocket(`${baseUrl.replace(/^http/, 'ws')}/yjs/${meetingId}?meeting=${meetingId}&token=${encodeURIComponent(token)}`, { perMessageDeflate: false });
	ws.binaryType = 'nodebuffer';
	const clientId = Math.floor(Math.random() * 0xffffffff);
	let clock = 0;
	let isSynced = false;
	const knownClocks = new Map<number, number>();
	let resolveSynced!: () => void;
	let rejectSynced!: (error: Error) => void;
	const synced = new Promise<void>((resolve, reject) => ((resolveSynced = resolve), (rejectSynced = reject)));
	void synced.catch(() => {});

	const sendFrame = (frame: Uint8Array) => {
		if (ws.readyState === WebSocket.OPEN) ws.send(frame);
	};
	const send = (build: (encoder: encoding.Encoder) => void) => {
		const encoder = encoding.createEncoder();
		build(encoder);
		sendFrame(encoding.toUint8Array(encoder));
	};
	const sendOwnAwareness = () =>
		presence &&
		sendFrame(awarenessFrame([[clientId, clock, '{}']]));
	// The provider's Awareness renews the local state every 15 s (checked every 3 s).
	const renew = setInterval(() => {
		clock++;
		sendOwnAwareness();
	}, AWARENESS_RENEW_MS + Math.floor(Math.random() * 3000));

	ws.on('open', () => {
		send((e) => {
			encoding.writeVarUint(e, MESSAGE_SYNC);
			encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep1);
			encoding.writeVarUint8Array(e, EMPTY_STATE_VECTOR);
		});
		clock = 1; // new Awareness(doc) sets the local state {} once
		sendOwnAwareness();
	});
	ws.on('message', (data: Buffer) => {
		const decoder = decoding.createDecoder(data);
		const type = decoding.readVarUint(decoder);
		if (type === MESSAGE_SYNC) {
			const step = decoding.readVarUint(decoder);
			const payload = decoding.readVarUint8Array(decoder);
			if (step === syncProtocol.messageYjsSyncStep1) {
				send((e) => {
					encoding.writeVarUint(e, MESSAGE_SYNC);
					encoding.writeVarUint(e, syncProtocol.messageYjsSyncStep2);
					encoding.writeVarUint8Array(e, EMPTY_UPDATE);
				});
			} else if (step === syncProtocol.messageYjsSyncStep2) {
				if (!isSynced) {
					isSynced = true;
					resolveSynced();
				}
			} else if (step === syncProtocol.messageYjsUpdate && isSynced) {
				sink.update(index, Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength));
			}
		} else if (type === MESSAGE_AWARENESS) {
			sink.awareness(index);
			echoNewerAwareness(decoding.readVarUint8Array(decoder));
		} else if (type === MESSAGE_QUERY_AWARENESS) {
			sendOwnAwareness();
		}
	});
	ws.on('close', (code, reason) => {
		clearInterval(renew);
		if (!isSynced) rejectSynced(new Error(`board connection closed: ${code} ${reason.toString()}`));
	});
	ws.on('error', (error) => {
		if (!isSynced) rejectSynced(error);
	});

	// The provider re-broadcasts every awareness change it applies (its 'update' handler), so
	// each newer remote state comes back to the server once per client.
	function echoNewerAwareness(update: Uint8Array) {
		const decoder = decoding.createDecoder(update);
		const count = decoding.readVarUint(decoder);
		const newer: AwarenessEntry[] = [];
		for (let i = 0; i < count; i++) {
			const id = decoding.readVarUint(decoder);
			const itsClock = decoding.readVarUint(decoder);
			const json = decoding.readVarString(decoder);
			if (id === clientId) continue;
			if ((knownClocks.get(id) ?? 0) < itsClock) {
				knownClocks.set(id, itsClock);
				newer.push([id, itsClock, json]);
			}
		}
		if (!newer.length || !presence) return;
		sendFrame(awarenessFrame(newer));
	}

	return {
		synced,
		close() {
			clearInterval(renew);
			ws.close();
		}
	};
}
