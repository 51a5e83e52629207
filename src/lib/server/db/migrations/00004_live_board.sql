-- The live board: participants (no account; a session bound to one meeting) and the board's
-- Yjs document as an append-only update log plus a compacted snapshot.

create table participants (
	id uuid primary key default gen_random_uuid(),
	meeting_id uuid not null references meetings (id) on delete cascade,
	display_name text not null check (length(display_name) between 1 and 60),
	organisation text not null default '' check (length(organisation) <= 120),
	sector_code text references sectors (code) on delete set null,
	municipality_code text references municipalities (code) on delete set null,
	attendance text not null check (attendance in ('on_site', 'remote')),
	created_at timestamptz not null default now(),
	removed_at timestamptz,
	removed_by uuid references moderators (id) on delete set null
);
create index participants_meeting_idx on participants (meeting_id);

-- A session belongs to a moderator or to a participant, never both.
alter table sessions alter column moderator_id drop not null;
alter table sessions add column participant_id uuid references participants (id) on delete cascade;
alter table sessions add constraint sessions_one_subject check ((moderator_id is null) <> (participant_id is null));
create index sessions_participant_idx on sessions (participant_id);

-- Board rules beyond issue 2's settings: a lock that freezes the board at any phase, and
-- whether participants may keep posting after brainstorm.
alter table meetings add column locked boolean not null default false;
alter table meetings add column late_notes_allowed boolean not null default false;

create table board_updates (
	id bigserial primary key,
	meeting_id uuid not null references meetings (id) on delete cascade,
	update bytea not null,
	created_at timestamptz not null default now()
);
create index board_updates_meeting_idx on board_updates (meeting_id, id);

create table board_snapshots (
	meeting_id uuid primary key references meetings (id) on delete cascade,
	state bytea not null,
	through_id bigint not null,
	updated_at timestamptz not null default now()
);
