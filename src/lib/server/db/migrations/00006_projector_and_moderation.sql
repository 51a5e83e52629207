-- The projector link of a meeting (only the SHA-256 of its secret is stored), and the content of
-- a moderated note so that a hidden note can be restored and its author told what happened.
alter table meetings add column projector_token_hash bytea;
alter table note_moderation add column note jsonb not null default '{}';
alter table note_moderation add column author_id uuid;
alter table note_moderation drop constraint note_moderation_status_check;
alter table note_moderation add constraint note_moderation_status_check check (status in ('hidden', 'removed', 'merged'));
