-- Fleet mode (issue 10): the fencing epoch of a meeting's board. The instance that takes a live
-- meeting over bumps it before loading the board; every board write is conditioned on it, so a
-- former owner (paused, partitioned) can never write or compact away the new owner's work.
alter table meetings add column owner_epoch bigint not null default 0;
