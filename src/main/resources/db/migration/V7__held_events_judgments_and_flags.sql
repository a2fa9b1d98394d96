-- The law on the day of the notice, and reviews that can end in a notice (docs/law.md §2.3, §4, §6).

-- The notice the mayor of a case holds: the last NIEUW or WIJZIGING delivered (a WIJZIGING held for its window
-- does not replace it until it leaves); an INTREKKING delivered ends it. Set from what already stands.
alter table case_file add column held_notice_id varchar(36);
alter table case_file add column held_municipality char(4);
update case_file set held_notice_id = active_notice_id, held_municipality = active_municipality
 where active_notice_id in (select notice_id from notice where status in ('SENDING', 'DELIVERED')
                            and notice_type <> 'INTREKKING');

-- An event whose notice is held for its window: its copy (without aftercare and BSN, as for a review item) and
-- the judgment a person gave it, so that it can be judged again with that day's data when the notice falls due.
-- Personal data: erased when the notice leaves or is cancelled.
create table held_event (
    message_id          varchar(100)     not null primary key,
    document            varchar(1000000) not null,
    judged_route        varchar(40),
    chosen_municipality char(4),
    created_at          timestamp with time zone not null
);

-- A review item judged to qualify by one operator, waiting for a second one's confirmation (four eyes).
alter table review_item add column judged_route varchar(40);
alter table review_item add column chosen_municipality char(4);
alter table review_item add column judged_by varchar(64);
alter table review_item add column judged_at timestamp with time zone;

-- Flags that do not stop a notice (INTENDED_MUNICIPALITY_DIFFERS): the event stands on the review list until an
-- operator acknowledges it.
create table review_flag (
    message_id      varchar(100) not null primary key,
    reasons         varchar(200) not null,
    created_at      timestamp with time zone not null,
    acknowledged_by varchar(64),
    acknowledged_at timestamp with time zone
);
