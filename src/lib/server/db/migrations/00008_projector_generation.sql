-- The projector link is derived, not stored: key = HMAC-SHA256(server secret, meeting id and a
-- generation). A moderator can show the same link again at any time; replacing it raises the
-- generation, which ends the previous link. The secret is made here once from PostgreSQL's strong
-- random source (gen_random_uuid) and never leaves the database and the server.
insert into server_secrets (name, value)
values ('projector_key', uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid()));
alter table meetings add column projector_generation integer not null default 0;
-- Links made before this change stop working; the moderator shows the new one.
alter table meetings drop column projector_token_hash;
