-- The durable state of the BIJ notification service (H2 and PostgreSQL alike).
--
-- Identifiers and codes only: no names, no addresses, no offences, no aftercare (personal data travels one road
-- only, inside the notice; docs/security.md). The one exception is notice.content, the composed notice waiting to
-- leave; it is emptied the moment the notice is delivered (docs/law.md §7: no notice content kept longer than
-- delivery needs).

-- One row per inbound JMS message: the decision it ended in, as it stands now.
create table decision (
    message_id     varchar(100)  not null primary key,
    event_id       varchar(36),
    case_id        varchar(64),
    decision       varchar(20)   not null,
    reason         varchar(300)  not null,
    detail         varchar(1000) not null,
    municipality   char(4),
    notice_id      varchar(36),
    review_reasons varchar(200)  not null,
    attempts       integer       not null,
    sent_at        timestamp with time zone not null,
    decided_at     timestamp with time zone not null
);
create index decision_event_id on decision (event_id);
create index decision_case_id on decision (case_id);
create index decision_decision on decision (decision, decided_at);

-- Idempotency (docs/contract.md §2, DUPLICATE): the first message of each eventId claims it; any later one cannot.
create table event_receipt (
    event_id    varchar(36)  not null primary key,
    message_id  varchar(100) not null,
    received_at timestamp with time zone not null
);

-- Every change of a decision, in order: the decision trail operators read.
create table decision_trail (
    id          bigint generated always as identity primary key,
    message_id  varchar(100)  not null,
    event_id    varchar(36),
    decision    varchar(20)   not null,
    reason      varchar(300)  not null,
    detail      varchar(1000) not null,
    at          timestamp with time zone not null
);
create index decision_trail_message_id on decision_trail (message_id);
create index decision_trail_event_id on decision_trail (event_id);

-- The case ledger and the transactional outbox in one: every notice made, to which mayor, and its state.
-- A notice is written in the same transaction as its decision; a relay hands it to delivery when due_on comes.
create table notice (
    notice_id         varchar(36)  not null primary key,
    case_id           varchar(64)  not null,
    event_id          varchar(36)  not null,
    message_id        varchar(100) not null,
    municipality      char(4)      not null,
    notice_type       varchar(12)  not null,
    changes_notice_id varchar(36),
    reason            varchar(40)  not null,
    review_reasons    varchar(200) not null,
    sent_at           timestamp with time zone not null,
    due_on            date         not null,
    status            varchar(12)  not null,
    content           varchar(1000000),
    claimed_at        timestamp with time zone,
    dispatched_at     timestamp with time zone,
    delivered_at      timestamp with time zone,
    created_at        timestamp with time zone not null
);
create index notice_case_id on notice (case_id);
create index notice_due on notice (status, due_on);
