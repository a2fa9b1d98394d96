-- A notice whose withdrawal has been made (waiting, on its way, or failed and waiting for a replay) is no longer the
-- one a mayor holds for the case's later events: reading a case asks whether such a withdrawal exists.
create index notice_changes_notice on notice (changes_notice_id);
