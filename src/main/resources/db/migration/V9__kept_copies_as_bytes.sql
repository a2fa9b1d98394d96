-- A kept copy is stored as bytes in the message's own encoding (issue 17): a UTF-16 message holds NUL bytes, which
-- a text column refuses. Rows kept before this version stay in "document" (one character per byte) and are read
-- from there until they end.
alter table review_item add column content bytea;
alter table review_item alter column document drop not null;
alter table held_event add column content bytea;
alter table held_event alter column document drop not null;
