import type { PEER_TYPES } from '../../shared/contract';

export type PeerType = (typeof PEER_TYPES)[number];
