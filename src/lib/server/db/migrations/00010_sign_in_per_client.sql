-- Sign-in locks per (e-mail, client) instead of per e-mail: one stranger's wrong passwords lock
-- only the stranger's browser or address, not the moderator. A client is a browser's samla_client
-- id or, without that cookie, its address, both stored as HMAC (see client-keys.ts).
delete from login_throttle;
alter table login_throttle add column client_key text not null;
alter table login_throttle drop constraint login_throttle_pkey;
alter table login_throttle add primary key (account_key, client_key);

-- The much higher ceiling per e-mail, for all clients that never signed in to it together:
-- attempts in the current clock hour.
create table login_ceiling (
	account_key text not null,
	window_start timestamptz not null,
	attempts integer not null,
	primary key (account_key, window_start)
);

-- Browsers that have signed in to an account (HMAC of their samla_client id): the ceiling does not
-- hold them up, so that a stranger who exhausts it cannot keep the moderator out.
create table login_devices (
	account_key text not null,
	client_key text not null,
	signed_in_at timestamptz not null default now(),
	primary key (account_key, client_key)
);
