-- Facilitating a meeting: private brainstorm and reveal, the phase timer, dot voting,
-- the ranked priority list, closing, moderation and its audit log.

alter table meetings
	add column notes_revealed_at timestamptz,
	add column votes_revealed_at timestamptz,
	-- The timer: running when timer_ends_at is set; paused when timer_remaining_ms is set.
	add column timer_ends_at timestamptz,
	add column timer_remaining_ms integer check (timer_remaining_ms >= 0),
	add column timer_auto_advance boolean not null default false,
	add column closed_at timestamptz,
	add column closed_by uuid references moderators (id) on delete set null,
	add check (timer_ends_at is null or timer_remaining_ms is null);

-- Notes written during a private brainstorm stay here, out of the shared board document, until
-- the moderator reveals them; other participants' browsers never receive their text before that.
create table private_notes (
	meeting_id uuid not null references meetings (id) on delete cascade,
	id text not null,
	author_id uuid not null,
	text text not null check (length(text) between 1 and 500),
	colour text not null,
	created_at timestamptz not null default now(),
	primary key (meeting_id, id)
);
create index private_notes_author_idx on private_notes (meeting_id, author_id);

-- Dot voting. The budget is enforced by a conditional UPDATE of participants.votes_used and the
-- per-item cap by the check on vote_tallies.n, so concurrent votes can never exceed either.
alter table participants add column votes_used integer not null default 0 check (votes_used >= 0);

create table votes (
	id bigserial primary key,
	meeting_id uuid not null references meetings (id) on delete cascade,
	participant_id uuid not null references participants (id) on delete cascade,
	item_kind text not null check (item_kind in ('cluster', 'note')),
	item_id text not null,
	idempotency_key text not null check (length(idempotency_key) between 8 and 64),
	created_at timestamptz not null default now(),
	unique (participant_id, idempotency_key)
);
create index votes_meeting_idx on votes (meeting_id, item_kind, item_id);

create table vote_tallies (
	participant_id uuid not null references participants (id) on delete cascade,
	item_kind text not null check (item_kind in ('cluster', 'note')),
	item_id text not null,
	n integer not null,
	cap integer not null,
	primary key (participant_id, item_kind, item_id),
	check (n >= 0 and n <= cap)
);

-- The ranked priority list made in the rank phase, frozen at close.
create table priorities (
	meeting_id uuid not null references meetings (id) on delete cascade,
	cluster_id text not null,
	position integer not null check (position >= 1),
	rationale text not null default '' check (length(rationale) <= 1000),
	is_top boolean not null default false,
	primary key (meeting_id, cluster_id)
);

-- Moderation of single notes: hidden or removed, with a reason the author sees.
create table note_moderation (
	meeting_id uuid not null references meetings (id) on delete cascade,
	note_id text not null,
	status text not null check (status in ('hidden', 'removed')),
	reason text not null default '' check (length(reason) <= 300),
	moderator_id uuid references moderators (id) on delete set null,
	created_at timestamptz not null default now(),
	primary key (meeting_id, note_id)
);

-- Every phase change and moderation action, for the moderators to review.
create table audit_log (
	id bigserial primary key,
	meeting_id uuid not null references meetings (id) on delete cascade,
	moderator_id uuid references moderators (id) on delete set null,
	action text not null,
	details jsonb not null default '{}',
	created_at timestamptz not null default now()
);
create index audit_log_meeting_idx on audit_log (meeting_id, id);
