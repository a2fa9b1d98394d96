-- The state of each case (docs/law.md §4): the newest event seen for it (events may arrive out of order), and the
-- notice that currently stands with a mayor or waits for its day. Codes and identifiers only.
create table case_file (
    case_id             varchar(64)  not null primary key,
    newest_created_at   timestamp with time zone not null,
    newest_event_id     varchar(36)  not null,
    active_notice_id    varchar(36),
    active_municipality char(4),
    version             bigint       not null
);

-- What the delivery of a notice decides for its event: NOTIFIED, UPDATED or WITHDRAWN, or NONE for the
-- withdrawal to a former mayor that accompanies a new notice to the new one.
alter table notice add column on_delivered varchar(12) not null default 'NOTIFIED';
