-- Who archived a process or a meeting, so that a process's moderators can see who hid it.
alter table processes add column archived_by uuid references moderators (id) on delete set null;
alter table meetings add column archived_by uuid references moderators (id) on delete set null;

-- A process page lists its meetings in date order.
create index meetings_process_starts_idx on meetings (process_id, starts_at);
