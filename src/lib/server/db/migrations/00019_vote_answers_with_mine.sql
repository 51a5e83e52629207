-- Placing or taking back a vote answers with the voter's votes afterwards (issue 15): the voter's
-- `votes:mine` comes from the same statement instead of a second query that the vote's
-- acknowledgement waited for (half of its time in a vote storm). The writes are those of
-- migration 16, unchanged; only the result is new. A refusal still raises (SV001, SV002).
drop function samla_place_vote(uuid, uuid, text, text, text, integer, integer);
drop function samla_remove_vote(uuid, text);

-- The participant's votes as votes:mine lists them: oldest first.
create function samla_votes_of(p_participant uuid) returns jsonb language sql stable as $$
	select coalesce(jsonb_agg(jsonb_build_object('key', idempotency_key, 'itemKind', item_kind, 'itemId', item_id) order by id), '[]'::jsonb)
	from votes where participant_id = p_participant
$$;

create function samla_place_vote(
	p_meeting uuid, p_participant uuid, p_item_kind text, p_item_id text, p_key text, p_budget integer, p_cap integer
) returns jsonb language plpgsql as $$
begin
	insert into votes (meeting_id, participant_id, item_kind, item_id, idempotency_key)
	values (p_meeting, p_participant, p_item_kind, p_item_id, p_key)
	on conflict (participant_id, idempotency_key) do nothing;
	if not found then
		return samla_votes_of(p_participant);
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
	return samla_votes_of(p_participant);
end
$$;

create function samla_remove_vote(p_participant uuid, p_key text) returns jsonb language plpgsql as $$
declare
	removed record;
begin
	delete from votes where participant_id = p_participant and idempotency_key = p_key
	returning item_kind, item_id into removed;
	if found then
		update participants set votes_used = votes_used - 1 where id = p_participant and votes_used > 0;
		update vote_tallies set n = n - 1
		where participant_id = p_participant and item_kind = removed.item_kind and item_id = removed.item_id and n > 0;
	end if;
	return samla_votes_of(p_participant);
end
$$;
