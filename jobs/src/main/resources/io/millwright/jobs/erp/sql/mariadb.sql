-- Millwright SQL ERP adapter: the staging tables, MariaDB (10.3 or newer) and MySQL (8.0.13 or newer).
--
-- The tables belong to the ERP middleware, which creates and migrates them; Millwright only reads
-- mw_erp_orders and inserts into mw_erp_confirmations (grant it SELECT and INSERT, nothing more).
-- The names are the adapter's defaults; others can be configured (plain identifiers, optionally
-- database-qualified).
--
-- Timestamps are UTC wall-clock times in DATETIME columns: unlike TIMESTAMP, DATETIME is stored as
-- written, whatever the session's time_zone.

-- Production orders, written by the ERP side. Millwright reads them in id order and remembers the
-- last id read (its watermark), so ids must become visible in increasing order: insert from one
-- writer, or one transaction at a time. Rows are never updated to mean something new: a changed
-- order is a new row.
CREATE TABLE IF NOT EXISTS mw_erp_orders (
  id             bigint       NOT NULL AUTO_INCREMENT PRIMARY KEY,
  order_number   varchar(64)  NOT NULL,
  operation      varchar(20)  NOT NULL DEFAULT '',
  product        varchar(80)  NOT NULL,
  -- Good parts to make; positive.
  quantity       bigint       NOT NULL,
  -- A machine id or machine group; NULL lets the site choose.
  machine        varchar(80)  NULL,
  -- A JSON object, tag path to value, e.g. {"Line1/Oven/SetTemp": 180, "Recipe": "A7"}.
  setpoints      text         NULL,
  ideal_cycle_ms bigint       NULL,
  planned_start  datetime(6)  NULL,
  planned_end    datetime(6)  NULL,
  -- Higher runs first within a machine's queue; 0 is normal.
  priority       int          NOT NULL DEFAULT 0,
  created_at     datetime(6)  NOT NULL DEFAULT (UTC_TIMESTAMP(6))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Confirmations, written by Millwright, one row per confirmation id (a repeat is refused by the key
-- and taken as already delivered). Quantities are totals so far, not increments.
CREATE TABLE IF NOT EXISTS mw_erp_confirmations (
  confirmation_id varchar(80)   NOT NULL PRIMARY KEY,
  order_number    varchar(64)   NOT NULL,
  operation       varchar(20)   NOT NULL DEFAULT '',
  -- RELEASED, DISPATCHED, RUNNING, PAUSED, COMPLETED, ABORTED, PROGRESS or REJECTED.
  status          varchar(20)   NOT NULL,
  machine         varchar(80)   NULL,
  good            bigint        NOT NULL,
  scrap           bigint        NOT NULL,
  confirmed_at    datetime(6)   NOT NULL,
  reason          varchar(1000) NULL,
  created_at      datetime(6)   NOT NULL DEFAULT (UTC_TIMESTAMP(6))
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
