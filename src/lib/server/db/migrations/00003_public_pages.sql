-- What the public pages need: a throttle on guessing join codes, and the accessibility
-- statement's feedback form.

-- Wrong join codes, counted in 5-minute buckets (window_start) for two kinds of key: the anonymous
-- samla_client cookie ("client:…") and the network address ("ip:…"). Both are stored only as
-- HMAC-SHA-256 with a server secret, so no IP address (and no cookie value) is ever stored.
-- In the database rather than in memory, so that several Samla instances share the count.
create table join_attempts (
	key text not null,
	window_start timestamptz not null,
	failures integer not null default 0,
	primary key (key, window_start)
);
create index join_attempts_window_idx on join_attempts (window_start);

-- Secrets every Samla instance on this database shares, created once here.
create table server_secrets (
	name text primary key,
	value bytea not null,
	created_at timestamptz not null default now()
);
insert into server_secrets (name, value)
values ('join_attempt_key', uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));

-- Problems reported through the accessibility statement. Name and e-mail are optional.
create table accessibility_reports (
	id uuid primary key default gen_random_uuid(),
	name text not null default '' check (length(name) <= 200),
	email text not null default '' check (length(email) <= 320),
	description text not null check (length(description) between 1 and 5000),
	page text not null default '' check (length(page) <= 500),
	created_at timestamptz not null default now(),
	handled_at timestamptz
);
create index accessibility_reports_created_idx on accessibility_reports (created_at desc);
