-- Shared categories across themes (issue 12, point 4): the process owner defines a small list of
-- categories per process (e.g. the strategy's focus areas); moderators, or the strategy team
-- afterwards, tag a meeting's groups with them, so that "the same concern" can be found across
-- themes in the synthesis and in SQL (theme_input_categories, theme_input_priority_categories).

create table process_categories (
	id uuid primary key default gen_random_uuid(),
	process_id uuid not null references processes (id) on delete cascade,
	name text not null check (length(name) between 1 and 100),
	description text not null default '' check (length(description) <= 500),
	-- Order in which the owner lists them (1, 2, …).
	position integer not null check (position >= 1),
	created_at timestamptz not null default now()
);
create unique index process_categories_name_key on process_categories (process_id, lower(name));
create index process_categories_process_idx on process_categories (process_id, position);

-- A group (a cluster of a meeting's board) tagged with a category of the meeting's process. Kept
-- apart from the board and its projection: a tag survives re-projection, and a group that leaves
-- the board simply no longer appears in the views (they join the projected clusters).
create table cluster_categories (
	meeting_id uuid not null references meetings (id) on delete cascade,
	cluster_id text not null,
	category_id uuid not null references process_categories (id) on delete cascade,
	tagged_at timestamptz not null default now(),
	tagged_by uuid references moderators (id) on delete set null,
	primary key (meeting_id, cluster_id, category_id)
);
create index cluster_categories_category_idx on cluster_categories (category_id);

-- The analysts' interface (stable, like the other theme_input_* views).
create view theme_input_categories as
select c.id as category_id, c.process_id, c.name, c.description, c.position
from process_categories c;

-- One row per priority (projected group) and category it is tagged with.
create view theme_input_priority_categories as
select p.meeting_id, p.process_id, p.theme_title, p.status, p.cluster_id, p.title, p.rank_position, p.top_priority,
	p.support, p.share, p.votes_per_voter, c.id as category_id, c.name as category_name, c.position as category_position
from cluster_categories cc
join process_categories c on c.id = cc.category_id
join theme_input_priorities p on p.meeting_id = cc.meeting_id and p.cluster_id = cc.cluster_id;
