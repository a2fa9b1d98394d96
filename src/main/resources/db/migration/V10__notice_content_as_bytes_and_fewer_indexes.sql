-- Less written per commit (issue 19). The embedded H2 copies every B-tree page a transaction changed, whole, to its
-- file at each commit, and a text value is written character by character: H2 was 40% of the Java samples in the
-- profile of a drain, most of it writing pages. (The drain measured no faster for this alone: bench/results.)
--
-- 1. A notice's content is stored as its UTF-8 bytes ("body"). Rows written before this version keep theirs in
--    "content" and are read from there until they end (at most bij.notice.resend-days).
alter table notice_content add column body bytea;
alter table notice_content alter column content drop not null;

-- 2. One index for the notice's state instead of two: every change of status rewrote both. Finding due notices
--    (status, due_on) and stranded ones (status, then touched_at among the few in flight) both use its prefix.
drop index notice_due;
drop index notice_touched;
create index notice_status on notice (status, due_on, touched_at);

-- 3. No query looks up the trail by eventId (the trail is read through the decision, by message_id).
drop index decision_trail_event_id;
