-- Abuse-limit counters (sign-in, sign-up, password reset) shared by every app instance: in process
-- memory, N instances would allow N times the limit. The columns are the ones rate-limiter-flexible's
-- RateLimiterMySQL reads and writes; expire is epoch milliseconds.
CREATE TABLE rate_limits (
  `key` VARCHAR(255) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL,
  points INT NOT NULL DEFAULT 0,
  expire BIGINT UNSIGNED NULL,
  PRIMARY KEY (`key`),
  KEY rate_limits_expire (expire)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
