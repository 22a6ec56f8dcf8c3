import { AppError } from '../../../shared/errors';
import type { Host, LinkState } from '../../../main/host/host';

/**
 * FAKE: a machine on which no WireGuard interface exists. Unit tests of the
 * services' database side use it for servers that are down, where no kernel
 * step should run at all; any operation other than looking at a link fails
 * the test loudly. Real kernels are exercised in test/integration/services.
 */
export function absentKernelHost(calls: string[] = []): Host {
  const absent: LinkState = { exists: false, up: false, mtu: null, addresses: [] };
  return new Proxy({} as Host, {
    get(_target, prop) {
      // Not a thenable: `await host` must not call into the proxy.
      if (prop === 'then' || typeof prop !== 'string') return undefined;
      return async () => {
        calls.push(prop);
        if (prop === 'linkState') return absent;
        throw new AppError('Internal', `fake host: ${prop} must not run in this test`);
      };
    },
  });
}

/**
 * FAKE: a machine whose interface exists but whose every WireGuard change is
 * refused, to inject the failure a real kernel gives only in rare states
 * (wireguard-go at its peer limit, a vanished UAPI socket). Proves that a
 * refused change leaves the database telling the truth.
 */
export function refusingKernelHost(): Host {
  const present: LinkState = { exists: true, up: true, mtu: 1420, addresses: [] };
  return new Proxy({} as Host, {
    get(_target, prop) {
      if (prop === 'then' || typeof prop !== 'string') return undefined;
      return async () => {
        if (prop === 'linkState') return present;
        throw new AppError('CommandFailed', `wg ${prop} failed: Unable to modify interface (fake)`);
      };
    },
  });
}
