import type { Namespace, Server, Socket } from 'socket.io';
import type { ClientToServerEvents, ServerToClientEvents } from '../../src/lib/protocol/contract';
import type { MeetingRules, Principal } from '../board/access';
import type { ControlMessage } from '../fleet/fleet';
import type { CommandGroup } from './commands';

// The /meeting namespace and its sockets, typed by the wire contract (src/lib/protocol/contract.ts):
// every `emit` of the server is checked against the event map, every command against the command map.

/** Between instances of a fleet (socket.io's Redis adapter): the control channel. */
export interface InterServerEvents {
	'samla:control': (message: ControlMessage) => void;
}

/** What the server keeps on each meeting socket. */
export interface SocketData {
	meetingId: string;
	principal: Principal;
	/** The rules read while authenticating, for the greeting only (cleared after it). */
	rules?: MeetingRules;
	/** The command groups registered on the socket (onCommands). */
	commandGroups?: CommandGroup[];
}

export type MeetingNamespace = Namespace<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type MeetingSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
export type MeetingServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
