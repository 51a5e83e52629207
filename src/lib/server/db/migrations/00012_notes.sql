-- Every idea of a meeting, private or on the board, with its author (issue 9, defects 5 and 8).
-- Authorship is kept here, server-side, and no longer in the shared board document, so that in a
-- meeting with anonymous authors no client can link two ideas to one person. The per-participant
-- limit and the board's limit are judged on these rows, in one transaction per new idea.
-- A private idea (a private brainstorm before the reveal) keeps its text and colour here; the
-- reveal puts it into the board document and makes the row `board`: a change of visibility.
create table notes (
	meeting_id uuid not null references meetings (id) on delete cascade,
	id text not null,
	author_id uuid not null,
	created_at timestamptz not null default now(),
	visibility text not null check (visibility in ('private', 'board')),
	text text check (text is null or length(text) between 1 and 500),
	colour text,
	primary key (meeting_id, id),
	check ((visibility = 'private') = (text is not null))
);
create index notes_author_idx on notes (meeting_id, author_id);

insert into notes (meeting_id, id, author_id, created_at, visibility, text, colour)
select meeting_id, id, author_id, created_at, 'private', text, colour from private_notes;

drop table private_notes;
