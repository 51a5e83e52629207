-- Follow-up after a meeting (issue 13, "Så använde vi er input"): what became of each priority,
-- its publication to the participants, their opt-in e-mail addresses, the mails sent, and the
-- retention (gallring) decision a purge follows.

-- The process owner's status of one priority (a cluster on the meeting's ranked list).
create table priority_statuses (
	meeting_id uuid not null references meetings (id) on delete cascade,
	cluster_id text not null,
	status text not null check (status in ('in_strategy', 'partly', 'further_study', 'not_relevant')),
	reason text not null check (length(reason) between 1 and 2000),
	link text not null default '' check (length(link) <= 500),
	updated_at timestamptz not null default now(),
	updated_by uuid references moderators (id) on delete set null,
	primary key (meeting_id, cluster_id)
);

-- Each time the statuses of a meeting are published: the public follow-up page shows them from
-- the first publication on, and every publication notifies the addresses given for the meeting once.
create table follow_up_publications (
	id bigserial primary key,
	meeting_id uuid not null references meetings (id) on delete cascade,
	published_at timestamptz not null default now(),
	published_by uuid references moderators (id) on delete set null
);
create index follow_up_publications_meeting_idx on follow_up_publications (meeting_id, id);

-- Addresses participants left to be told when statuses are published. Apart from the ideas and
-- from the participants (no link to who wrote what), used for nothing else, deleted by purge.
create table follow_up_subscriptions (
	id uuid primary key default gen_random_uuid(),
	meeting_id uuid not null references meetings (id) on delete cascade,
	email text not null check (length(email) between 3 and 320),
	created_at timestamptz not null default now()
);
create unique index follow_up_subscriptions_email_key on follow_up_subscriptions (meeting_id, lower(email));

-- Mail to send: one row per publication and address (the primary key makes it exactly one).
-- Without SMTP_URL nothing is sent and the rows stay as the dry-run outbox the operator reads.
-- Deleted with the address.
create table mail_outbox (
	publication_id bigint not null references follow_up_publications (id) on delete cascade,
	subscription_id uuid not null references follow_up_subscriptions (id) on delete cascade,
	recipient text not null,
	subject text not null,
	body text not null,
	status text not null default 'pending' check (status in ('pending', 'sent', 'dry_run', 'failed')),
	attempts integer not null default 0,
	last_error text,
	created_at timestamptz not null default now(),
	sent_at timestamptz,
	primary key (publication_id, subscription_id)
);
create index mail_outbox_pending_idx on mail_outbox (status) where status = 'pending';

-- The registrar's retention (gallring) decision a process's personal data is purged under, e.g.
-- "RS 2026/123 § 4"; a purge records the decision it followed.
alter table processes add column retention_decision text not null default '' check (length(retention_decision) <= 300);
alter table meetings add column purged_under text;

-- Theme input with follow-up, for SQL: every cluster with its status (null when none yet) and
-- whether the meeting's statuses have been published.
create view theme_input_priority_statuses as
select c.meeting_id, c.cluster_id, c.title, c.rank_position, c.is_top, c.votes, c.idea_votes,
       s.status, s.reason, nullif(s.link, '') as link, s.updated_at as status_updated_at,
       (select max(p.published_at) from follow_up_publications p where p.meeting_id = c.meeting_id) as published_at
from theme_clusters c
left join priority_statuses s on s.meeting_id = c.meeting_id and s.cluster_id = c.cluster_id;
