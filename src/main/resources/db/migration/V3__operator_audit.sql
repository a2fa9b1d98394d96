-- Every operator action through the admin API: who, what, on what, when, and how it ended. No personal data:
-- targets are eventIds, noticeIds, municipality codes and rule ids.
create table operator_audit (
    id        bigint generated always as identity primary key,
    at        timestamp with time zone not null,
    operator  varchar(64)  not null,
    action    varchar(40)  not null,
    target    varchar(100) not null,
    outcome   varchar(500) not null
);
create index operator_audit_target on operator_audit (target);
