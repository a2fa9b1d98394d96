-- Suppression rules that operators add and lift through the admin API (beside those in config/suppressions.csv).
-- A lifted rule stays, with who lifted it and when, for the record.
create table suppression_rule (
    id           bigint generated always as identity primary key,
    municipality char(4)      not null,
    valid_from   date,
    valid_until  date,
    reason       varchar(200) not null,
    added_by     varchar(64)  not null,
    added_at     timestamp with time zone not null,
    lifted_by    varchar(64),
    lifted_at    timestamp with time zone
);
create index suppression_rule_municipality on suppression_rule (municipality);
