// Message types of the y-websocket protocol on /yjs/<meetingId> (PROTOCOL.md): the first varuint
// of every frame. The one place they are defined for the server, the bench and the tests.

/** Sync: step 1 (state vector), step 2 (missing updates) and updates (y-protocols/sync). */
export const MESSAGE_SYNC = 0;
/** Presence: an awareness update. */
export const MESSAGE_AWARENESS = 1;
/** A request for everyone's current presence. */
export const MESSAGE_QUERY_AWARENESS = 3;
