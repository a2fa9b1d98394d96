-- A withdrawal that goes with its event's own decision (review, suppressed) carries that decision, to give it back
-- if the withdrawal failed and a replay delivered it: MANUAL_REVIEW does not fit the 12 characters the column had.
-- SET DATA TYPE keeps the column's default and NOT NULL, in H2 and in PostgreSQL alike.
alter table notice alter column on_delivered set data type varchar(16);
