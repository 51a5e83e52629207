-- Theme input the strategy team can analyse (issue 12): pseudonymous author and voter keys,
-- merged duplicates kept as ideas, individual ballots, and the stable SQL views theme_input_*
-- that PROTOCOL.md documents as the analysts' interface (the tables beneath may change).

-- One secret per meeting for its pseudonymous keys: HMAC-SHA-256(secret, participant id), so a
-- key is stable within a meeting and unlinkable across meetings. A purge deletes the secret and
-- the keys, so nobody can compute them again.
create table meeting_key_secrets (
	meeting_id uuid primary key references meetings (id) on delete cascade,
	secret bytea not null
);

-- Ideas: the author's key, and for a duplicate a moderator merged, the idea it was merged into.
alter table theme_ideas
	add column author_key text,
	add column merged_into text;

-- Support, the one vote measure (votes on the group + votes on its ideas): what the automatic
-- ranking orders by and what every report shows.
alter table theme_clusters add column support integer not null default 0;

-- Who voted for what: one row per voter and item, with the voter's key and segment.
create table theme_ballots (
	meeting_id uuid not null references meetings (id) on delete cascade,
	item_kind text not null check (item_kind in ('cluster', 'note')),
	item_id text not null,
	-- The group the vote counts for (the item itself, or the idea's group); null: an unclustered idea.
	cluster_id text,
	-- null once the meeting's personal data is purged.
	voter_key text,
	votes integer not null check (votes > 0),
	voter_sector_code text not null,
	voter_municipality_code text not null,
	voter_attendance text not null check (voter_attendance in ('on_site', 'remote'))
);
create index theme_ballots_meeting_idx on theme_ballots (meeting_id, cluster_id);

-- The analysts' interface. Stable: columns are added, never renamed or removed without a new name.
create view theme_input_meetings as
select m.id as meeting_id, m.process_id, p.title as process_title, m.theme_title, m.starts_at, m.phase, m.closed_at,
	case when m.phase = 'closed' then 'final'
		when m.phase = 'draft' or coalesce(pt.participants, 0) = 0 then 'not_held'
		else 'preliminary' end as status,
	coalesce(pt.participants, 0)::int as participants,
	coalesce(pt.voters, 0)::int as voters,
	coalesce(b.votes, 0)::int as votes_cast
from meetings m
join processes p on p.id = m.process_id
left join (select meeting_id, sum(participants) as participants, sum(voters) as voters from theme_participation group by meeting_id) pt on pt.meeting_id = m.id
left join (select meeting_id, sum(votes) as votes from theme_ballots group by meeting_id) b on b.meeting_id = m.id
where m.archived_at is null;

create view theme_input_priorities as
select c.meeting_id, m.process_id, m.theme_title, m.status, c.cluster_id, c.title, c.rank_position, c.is_top,
	-- The top priorities: the ones the moderators marked, else the first three on the list.
	case when exists (select 1 from theme_clusters t where t.meeting_id = c.meeting_id and t.is_top) then c.is_top
		else coalesce(c.rank_position <= 3, false) end as top_priority,
	c.rationale, c.votes, c.idea_votes, c.support,
	case when m.votes_cast > 0 then round(c.support::numeric / m.votes_cast, 4) end as share,
	case when m.voters > 0 then round(c.support::numeric / m.voters, 4) end as votes_per_voter
from theme_clusters c
join theme_input_meetings m on m.meeting_id = c.meeting_id;

create view theme_input_ideas as
select i.meeting_id, m.process_id, m.theme_title, i.note_id, i.text, i.cluster_id, c.title as cluster_title, i.merged_into,
	i.votes, i.author_key, i.author_kind, i.author_sector_code, i.author_municipality_code, i.author_attendance, i.created_at
from theme_ideas i
join theme_input_meetings m on m.meeting_id = i.meeting_id
left join theme_clusters c on c.meeting_id = i.meeting_id and c.cluster_id = i.cluster_id;

create view theme_input_votes as
select b.meeting_id, m.process_id, m.theme_title, b.item_kind, b.item_id, b.cluster_id, b.voter_key, b.votes,
	b.voter_sector_code, b.voter_municipality_code, b.voter_attendance
from theme_ballots b
join theme_input_meetings m on m.meeting_id = b.meeting_id;

create view theme_input_participation as
select tp.meeting_id, m.process_id, m.theme_title, tp.sector_code, s.name_sv as sector_name, tp.municipality_code,
	mu.name as municipality_name, tp.attendance, tp.participants, tp.voters
from theme_participation tp
join theme_input_meetings m on m.meeting_id = tp.meeting_id
left join sectors s on s.code = tp.sector_code
left join municipalities mu on mu.code = tp.municipality_code;
