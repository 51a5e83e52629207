-- A moderator may vote as a participant (DESIGN's authority table; issue 11). Votes belong to a
-- participant, so a moderator who votes gets a participant identity in that meeting, made on their
-- first vote and linked to them here: the same budget, cap and conditional writes as everyone's.
alter table participants add column moderator_id uuid references moderators (id) on delete set null;
create unique index participants_moderator_idx on participants (meeting_id, moderator_id) where moderator_id is not null;
