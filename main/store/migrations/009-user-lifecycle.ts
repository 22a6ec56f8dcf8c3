// Lifecycle per user (issue 12): a data quota on a user, which is the sum of
// their peers' use in the period, and defaults for the user's new peers.
// Registered in migrations/index.ts.
//  - users.quota_*: the user's quota per period. quota_period_start is the
//    period last accounted and quota_used the bytes their peers moved in it
//    (the monitor adds each poll's bytes of every peer the user owns then, so
//    a peer moved to another user or deleted keeps the bytes where they were
//    counted); quota_warned the last warning in that period (0, 80, 90);
//    quota_exceeded_at when the quota ran out, and quota_until when that
//    period ends (NULL with 'total': only an admin lets them back). Every peer
//    of the user stays out until then (services/access/why-out.ts).
//  - users.peer_*: what a new peer of the user gets when its creator says
//    nothing: an expiry that many days after creation, and a quota.
export const sql = `
ALTER TABLE users ADD COLUMN quota_bytes INTEGER CHECK (quota_bytes IS NULL OR quota_bytes > 0);
ALTER TABLE users ADD COLUMN quota_period TEXT NOT NULL DEFAULT 'month'
  CHECK (quota_period IN ('day', 'week', 'month', 'total'));
ALTER TABLE users ADD COLUMN quota_reset_day INTEGER NOT NULL DEFAULT 1
  CHECK (quota_reset_day BETWEEN 1 AND 28);
ALTER TABLE users ADD COLUMN quota_period_start INTEGER;
ALTER TABLE users ADD COLUMN quota_used INTEGER NOT NULL DEFAULT 0 CHECK (quota_used >= 0);
ALTER TABLE users ADD COLUMN quota_warned INTEGER NOT NULL DEFAULT 0
  CHECK (quota_warned IN (0, 80, 90));
ALTER TABLE users ADD COLUMN quota_exceeded_at INTEGER;
ALTER TABLE users ADD COLUMN quota_until INTEGER;
ALTER TABLE users ADD COLUMN peer_expiry_days INTEGER
  CHECK (peer_expiry_days IS NULL OR peer_expiry_days BETWEEN 1 AND 36500);
ALTER TABLE users ADD COLUMN peer_quota_bytes INTEGER
  CHECK (peer_quota_bytes IS NULL OR peer_quota_bytes > 0);
ALTER TABLE users ADD COLUMN peer_quota_period TEXT NOT NULL DEFAULT 'month'
  CHECK (peer_quota_period IN ('day', 'week', 'month', 'total'));
ALTER TABLE users ADD COLUMN peer_quota_reset_day INTEGER NOT NULL DEFAULT 1
  CHECK (peer_quota_reset_day BETWEEN 1 AND 28);
`;
