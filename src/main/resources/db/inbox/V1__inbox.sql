-- The mayor's-office inbox (bij-service inbox): the notices it received, as received (signed), with what the law
-- asks of each (destroy-by, measures taken, archive), and an audit list of every view, mark and erasure.
create table inbox_notice (
    notice_id          varchar(36)  not null primary key,
    notice_type        varchar(12)  not null,
    changes_notice_id  varchar(36),
    case_id            varchar(64)  not null,
    urgent             boolean      not null,
    provided_at        timestamp with time zone not null,
    destroy_by         date         not null,
    received_at        timestamp with time zone not null,
    content            bytea        not null,
    measures_taken_at  timestamp with time zone,
    measures_taken_by  varchar(60),
    stage              varchar(10)  not null,
    archived_on        date,
    reminded_days      integer
);
create index inbox_notice_destroy_by on inbox_notice (stage, destroy_by);

create table inbox_audit (
    id         bigint generated always as identity primary key,
    at         timestamp with time zone not null,
    who        varchar(60)  not null,
    action     varchar(30)  not null,
    notice_id  varchar(36)  not null,
    detail     varchar(300) not null
);
