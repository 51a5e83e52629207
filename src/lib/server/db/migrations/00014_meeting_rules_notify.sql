-- A live meeting's rules (phase, settings, lock, reveals, timer) are held in memory by the room
-- that owns the meeting (issue 15): commands are judged without reading them every time. Every
-- change of a meeting row is announced on this channel when it commits, whoever made it (the
-- realtime server itself, a page, the CLI, another instance), and the owning room reads the
-- rules afresh. The payload is the meeting's id.
create function samla_meeting_rules_changed() returns trigger language plpgsql as $$
begin
	perform pg_notify('samla_meeting_rules', coalesce(new.id, old.id)::text);
	return null;
end
$$;

create trigger meetings_rules_changed
	after insert or update or delete on meetings
	for each row execute function samla_meeting_rules_changed();
