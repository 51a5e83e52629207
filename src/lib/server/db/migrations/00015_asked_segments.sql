-- Joining in seconds (issue 8): a participant must give only a display name and whether they are
-- on site or remote. Each meeting chooses which optional details its join form asks on a second,
-- skippable step. Meetings that exist go on asking all three, as before.
alter table meetings
	add column asked_segments text[] not null default '{organisation,sector,municipality}'
		check (asked_segments <@ '{organisation,sector,municipality}'::text[]);
