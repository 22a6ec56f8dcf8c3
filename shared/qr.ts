/**
 * How a client config becomes a QR code, for main (peers.qr) and for the
 * window (the one-time config, whose key main no longer has): byte mode with
 * medium error correction, so a config with a PSK (~350 bytes) stays a
 * version a phone camera reads at a glance.
 */
export const QR_OPTIONS = { errorCorrectionLevel: 'M', margin: 4 } as const;

/** Pixels per module of the PNG: 6 keeps a ~60-module code near 400 px. */
export const QR_PNG_SCALE = 6;
