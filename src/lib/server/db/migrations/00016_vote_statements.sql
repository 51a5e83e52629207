-- Placing or taking back a vote as one statement (issue 15): the same three conditional writes as
-- before, in the same order, judged by PostgreSQL alone — now one round trip instead of five
-- (BEGIN, three writes, COMMIT), with no transaction held open across them. A refusal raises, and
-- the raise undoes the statement's earlier writes: the vote row and the budget count go together.
--   SV001 VOTE_BUDGET: the participant has used every vote of their budget
--   SV002 VOTE_ITEM_CAP: the participant has put the most votes allowed on this item
-- A retry (the same idempotency key) finds its vote row and changes nothing.
create function samla_place_vote(
	p_meeting uuid, p_participant uuid, p_item_kind text, p_item_id text, p_key text, p_budget integer, p_cap integer
) returns void language plpgsql as $$
begin
	insert into votes (meeting_id, participant_id, item_kind, item_id, idempotency_key)
	values (p_meeting, p_participant, p_item_kind, p_item_id, p_key)
	on conflict (participant_id, idempotency_key) do nothing;
	if not found then
		return;
	end if;
	update participants set votes_used = votes_used + 1
	where id = p_participant and votes_used < p_budget;
	if not found then
		raise exception 'VOTE_BUDGET' using errcode = 'SV001';
	end if;
	insert into vote_tallies as t (participant_id, item_kind, item_id, n, cap)
	values (p_participant, p_item_kind, p_item_id, 1, p_cap)
	on conflict (participant_id, item_kind, item_id) do update set n = t.n + 1 where t.n < t.cap;
	if not found then
		raise exception 'VOTE_ITEM_CAP' using errcode = 'SV002';
	end if;
end
$$;

-- Taking a vote back: already taken back (or never placed) changes nothing.
create function samla_remove_vote(p_participant uuid, p_key text) returns void language plpgsql as $$
declare
	removed record;
begin
	delete from votes where participant_id = p_participant and idempotency_key = p_key
	returning item_kind, item_id into removed;
	if not found then
		return;
	end if;
	update participants set votes_used = votes_used - 1 where id = p_participant and votes_used > 0;
	update vote_tallies set n = n - 1
	where participant_id = p_participant and item_kind = removed.item_kind and item_id = removed.item_id and n > 0;
end
$$;
