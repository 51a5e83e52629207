-- Samla's first schema: moderators and their sessions, processes, themed meetings,
-- and the reference lists (municipalities, sectors) a deployment can replace.

create table moderators (
	id uuid primary key default gen_random_uuid(),
	email text not null,
	name text not null,
	password_hash text not null,
	created_at timestamptz not null default now()
);
create unique index moderators_email_key on moderators (lower(email));

-- Sessions as in lucia-auth.com's guide: the token is "<id>.<secret>"; only the SHA-256 of
-- the secret is stored. Expiry is by inactivity (last_verified_at), renewed while in use.
create table sessions (
	id text primary key,
	secret_hash bytea not null,
	moderator_id uuid not null references moderators (id) on delete cascade,
	created_at timestamptz not null default now(),
	last_verified_at timestamptz not null default now()
);
create index sessions_moderator_idx on sessions (moderator_id);

-- Failed sign-ins per account key (normalised e-mail, also for unknown e-mails, so that the
-- throttle itself does not reveal which accounts exist).
create table login_throttle (
	account_key text primary key,
	failures integer not null default 0,
	locked_until timestamptz,
	last_failure_at timestamptz not null default now()
);

-- One-time links that let the first moderator create their account in the browser.
create table setup_tokens (
	token_hash bytea primary key,
	created_at timestamptz not null default now(),
	expires_at timestamptz not null,
	used_at timestamptz
);

create table processes (
	id uuid primary key default gen_random_uuid(),
	title text not null check (length(title) between 1 and 200),
	description text not null default '' check (length(description) <= 5000),
	owner_organisation text not null default '' check (length(owner_organisation) <= 200),
	demo_key text unique,
	created_by uuid references moderators (id) on delete set null,
	created_at timestamptz not null default now(),
	archived_at timestamptz
);

create table process_moderators (
	process_id uuid not null references processes (id) on delete cascade,
	moderator_id uuid not null references moderators (id) on delete cascade,
	role text not null default 'moderator' check (role in ('owner', 'moderator')),
	added_at timestamptz not null default now(),
	primary key (process_id, moderator_id)
);
create index process_moderators_moderator_idx on process_moderators (moderator_id);

create table meetings (
	id uuid primary key default gen_random_uuid(),
	process_id uuid not null references processes (id) on delete cascade,
	theme_title text not null check (length(theme_title) between 1 and 200),
	guiding_questions text[] not null default '{}',
	starts_at timestamptz,
	ends_at timestamptz,
	location text not null default '' check (length(location) <= 300),
	remote_only boolean not null default false,
	votes_per_participant integer not null default 5 check (votes_per_participant between 1 and 50),
	max_votes_per_item integer not null default 3 check (max_votes_per_item between 1 and 50),
	notes_private_until_reveal boolean not null default true,
	who_may_group text not null default 'moderators' check (who_may_group in ('moderators', 'everyone')),
	anonymous_authors boolean not null default false,
	join_code text not null unique check (join_code ~ '^[2-9ABCDEFGHJKMNPQRSTVWXYZ]{9}$'),
	phase text not null default 'draft'
		check (phase in ('draft', 'brainstorm', 'group', 'vote', 'rank', 'closed')),
	demo_key text,
	created_at timestamptz not null default now(),
	updated_at timestamptz not null default now(),
	archived_at timestamptz,
	check (ends_at is null or starts_at is null or ends_at >= starts_at),
	check (max_votes_per_item <= votes_per_participant),
	unique (process_id, demo_key)
);
create index meetings_process_idx on meetings (process_id);

-- Reference lists: data, not code. A deployment for another region loads its own.
create table municipalities (
	code text primary key,
	name text not null,
	sort_order integer not null
);

create table sectors (
	code text primary key,
	name_sv text not null,
	name_en text not null,
	sort_order integer not null
);
