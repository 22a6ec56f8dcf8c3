// Speed limits (issue 12, point 5). Registered in migrations/index.ts.
//  - peers.bandwidth_down_kbps / bandwidth_up_kbps: the peer's own limits in
//    kbit/s, down = server → peer, up = peer → server (the original data
//    model's names); NULL = none of its own.
//  - users.bandwidth_*_kbps: the default for each of the user's peers that has
//    no limit of its own in that direction; NULL = unlimited.
// The kernel side is `tc` on the WireGuard link (main/host/shaping.ts).
export const sql = `
ALTER TABLE peers ADD COLUMN bandwidth_down_kbps INTEGER
  CHECK (bandwidth_down_kbps IS NULL OR bandwidth_down_kbps > 0);
ALTER TABLE peers ADD COLUMN bandwidth_up_kbps INTEGER
  CHECK (bandwidth_up_kbps IS NULL OR bandwidth_up_kbps > 0);
ALTER TABLE users ADD COLUMN bandwidth_down_kbps INTEGER
  CHECK (bandwidth_down_kbps IS NULL OR bandwidth_down_kbps > 0);
ALTER TABLE users ADD COLUMN bandwidth_up_kbps INTEGER
  CHECK (bandwidth_up_kbps IS NULL OR bandwidth_up_kbps > 0);
`;
