-- Theme input: each meeting's board projected into relational tables that the strategy team can
-- query with SQL (documented in PROTOCOL.md, "Theme input (SQL)"). The projection replaces a
-- meeting's rows in one transaction, a few seconds behind the board and definitively at close;
-- these tables are derived data and can always be rebuilt from the board, the votes and the
-- priority list.

-- One row per projected meeting: when and from what it was last projected.
create table theme_projections (
	meeting_id uuid primary key references meetings (id) on delete cascade,
	projected_at timestamptz not null,
	-- true when the meeting was closed at projection time: this is its definitive theme input.
	final boolean not null,
	board_schema_version integer not null,
	-- SHA-256 of the projected rows: a projection that would change nothing writes nothing.
	content_hash text not null
);

-- Clusters (themes within the theme) in board order, with their place on the ranked priority list.
create table theme_clusters (
	meeting_id uuid not null references meetings (id) on delete cascade,
	cluster_id text not null,
	title text not null,
	board_order integer not null check (board_order >= 1),
	rank_position integer check (rank_position >= 1),
	rationale text not null default '',
	is_top boolean not null default false,
	-- Votes placed on the cluster itself, and on its ideas.
	votes integer not null default 0,
	idea_votes integer not null default 0,
	primary key (meeting_id, cluster_id)
);

-- Ideas: the notes on the board (moderated notes are not ideas), with their author's segment.
create table theme_ideas (
	meeting_id uuid not null references meetings (id) on delete cascade,
	note_id text not null,
	text text not null,
	cluster_id text,
	position integer not null check (position >= 1),
	created_at timestamptz not null,
	votes integer not null default 0,
	author_kind text not null check (author_kind in ('participant', 'moderator', 'unknown')),
	author_sector_code text,
	author_municipality_code text,
	author_attendance text check (author_attendance in ('on_site', 'remote')),
	-- Only when the meeting shows authors (not anonymous) and its personal data is not purged.
	author_name text,
	primary key (meeting_id, note_id)
);
create index theme_ideas_cluster_idx on theme_ideas (meeting_id, cluster_id, position);

-- Vote totals per item on the board that received votes (removed participants' votes excluded).
create table theme_votes (
	meeting_id uuid not null references meetings (id) on delete cascade,
	item_kind text not null check (item_kind in ('cluster', 'note')),
	item_id text not null,
	votes integer not null check (votes > 0),
	voters integer not null check (voters > 0),
	primary key (meeting_id, item_kind, item_id)
);

-- Votes per cluster and segment: on the cluster itself (votes) and on its ideas (idea_votes).
-- segment_code '' means the voters did not give a sector / municipality.
create table theme_segment_votes (
	meeting_id uuid not null references meetings (id) on delete cascade,
	cluster_id text not null,
	segment_kind text not null check (segment_kind in ('sector', 'municipality')),
	segment_code text not null,
	votes integer not null default 0,
	idea_votes integer not null default 0,
	voters integer not null default 0,
	primary key (meeting_id, cluster_id, segment_kind, segment_code)
);

-- Who took part: participants (not removed) per sector × municipality × attendance.
-- segment codes '' mean not given.
create table theme_participation (
	meeting_id uuid not null references meetings (id) on delete cascade,
	sector_code text not null,
	municipality_code text not null,
	attendance text not null check (attendance in ('on_site', 'remote')),
	participants integer not null check (participants > 0),
	voters integer not null default 0,
	primary key (meeting_id, sector_code, municipality_code, attendance)
);

-- Privacy: a closed meeting's personal data can be purged; after that it cannot be reopened.
alter table meetings add column purged_at timestamptz;
