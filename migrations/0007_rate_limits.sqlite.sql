-- Abuse-limit counters (sign-in, sign-up, password reset), kept in the database so that they survive
-- a restart and hold across instances. The columns are the ones rate-limiter-flexible's
-- RateLimiterSQLite reads and writes; expire is epoch milliseconds.
CREATE TABLE rate_limits (
  key TEXT NOT NULL PRIMARY KEY,
  points INTEGER NOT NULL DEFAULT 0,
  expire INTEGER
);
CREATE INDEX rate_limits_expire ON rate_limits (expire);
