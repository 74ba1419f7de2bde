-- Millwright SQL ERP adapter: the staging tables in H2, for quick tests and demos only. The same
-- columns as postgresql.sql and mariadb.sql, which document them.
CREATE TABLE IF NOT EXISTS mw_erp_orders (
  id             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  order_number   varchar(64)  NOT NULL,
  operation      varchar(20)  NOT NULL DEFAULT '',
  product        varchar(80)  NOT NULL,
  quantity       bigint       NOT NULL,
  machine        varchar(80)  NULL,
  setpoints      varchar      NULL,
  ideal_cycle_ms bigint       NULL,
  planned_start  timestamp    NULL,
  planned_end    timestamp    NULL,
  priority       int          NOT NULL DEFAULT 0,
  created_at     timestamp    NOT NULL DEFAULT LOCALTIMESTAMP
);

CREATE TABLE IF NOT EXISTS mw_erp_confirmations (
  confirmation_id varchar(80)   PRIMARY KEY,
  order_number    varchar(64)   NOT NULL,
  operation       varchar(20)   NOT NULL DEFAULT '',
  status          varchar(20)   NOT NULL,
  machine         varchar(80)   NULL,
  good            bigint        NOT NULL,
  scrap           bigint        NOT NULL,
  confirmed_at    timestamp     NOT NULL,
  reason          varchar(1000) NULL,
  created_at      timestamp     NOT NULL DEFAULT LOCALTIMESTAMP
);
