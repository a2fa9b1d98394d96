-- Nothing stuck in a transient state: when a notice on its way was last touched (handed over, taken by a delivery
-- attempt, or the moment its scheduled retry is due). A notice DISPATCHED or SENDING that nothing touches for
-- longer than bij.outbox.stranded-after-ms past that moment is taken again by the relay, with its own noticeId.
alter table notice add column touched_at timestamp with time zone;
update notice set touched_at = coalesce(dispatched_at, created_at) where status in ('DISPATCHED', 'SENDING');
create index notice_touched on notice (status, touched_at);

-- Alerts are raised once per key per period across all instances and restarts: the last time each was raised.
create table alert_raised (
    alert_key  varchar(100) not null primary key,
    raised_at  timestamp with time zone not null
);
