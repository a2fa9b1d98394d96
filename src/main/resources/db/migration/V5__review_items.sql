-- A valid event that waits for a person (MANUAL_REVIEW): its document without aftercare and BSN, so that the
-- person can see whom it concerns and, by choosing a municipality, still have it notified. Personal data: erased
-- the moment the item is resolved or closed, and with its decision by retention.
create table review_item (
    message_id varchar(100)     not null primary key,
    document   varchar(1000000) not null,
    created_at timestamp with time zone not null
);
