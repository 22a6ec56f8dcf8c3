/**
 * The tests read QR codes with zbarimg through one decodeQr. This config, from a CI run
 * that failed, is one whose QR code zbarimg's linear-barcode readers also "read" (as
 * 287929); decodeQr must give back exactly the config and nothing else.
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import QRCode from 'qrcode';
import { QR_OPTIONS, QR_PNG_SCALE } from '../../../shared/qr';
import { decodeQr, sh, useRig } from '../rig';

const rig = useRig();

const CONF =
  '[Interface]\nPrivateKey = gFyhMqW4hwBKnxLOQr6UxgbF0e1QKsUFUa2n8xjn408=\n' +
  'Address = 10.66.0.3/32, fd66::3/128\n\n[Peer]\n' +
  'PublicKey = kkttff5xFs3yJ5yFwxqN1dnqTPaW9GyuXvv5SlnvNRs=\n' +
  'PresharedKey = lh+rfflViUsYJx+Ntk9in93n1VnyLkvGlNcaY3re3zw=\n' +
  'AllowedIPs = 10.66.0.0/24, fd66::/64, 10.77.0.0/24\n' +
  'Endpoint = 192.0.2.1:51820\nPersistentKeepalive = 1\n';

test('a QR code in which zbar also sees a linear barcode decodes to exactly its config', async () => {
  const file = join(rig.dir, 'linear-lookalike.png');
  writeFileSync(
    file,
    await QRCode.toBuffer(CONF, { ...QR_OPTIONS, type: 'png', scale: QR_PNG_SCALE }),
  );
  // The trap is still there: with every reader on, zbarimg prints a second symbol.
  assert.match(await sh('zbarimg', ['--raw', '-q', file]), /\n287929\n$/);
  assert.equal(await decodeQr(file), CONF);
});
