/** The drag data type of a note card, so that only notes can be dropped on clusters. */
export const NOTE_DRAG_TYPE = 'application/x-samla-note';
