// The bulk tests' parts: a real host that refuses one kernel call when told to (their
// way to make `wg addconf` or a `wg set` fail at a chosen point, on real wireguard-go
// otherwise), and the bulk create they all ask for.
import { AppError } from '../../../shared/errors';
import { unwrap } from '../../../shared/result';
import { parseConfText } from '../../../shared/validate';
import type { Host } from '../../../main/host/host';
import type { Services } from '../../../main/services';
import type { InterfaceId } from '../../../main/store';
import { ADMIN } from '../services/setup';

/** `count` hub clients named after `pattern`, each with a PSK, as the bulk form makes them. */
export function bulkCreate(
  services: Services,
  interfaceId: InterfaceId,
  count: number,
  pattern: string,
) {
  return services.bulk.create(
    {
      interfaceId,
      count,
      namePattern: unwrap(parseConfText(pattern)),
      type: 'client',
      tunnelMode: 'hub',
      presharedKey: true,
      keepPrivateKey: true,
    },
    ADMIN,
  );
}

/**
 * `nth`: which of the next `configure` / `setPeer` calls fails (1: the very
 * next one), or 0 for none. It counts down with each call and is 0 again
 * once it has refused. `configure` refuses once its command would have
 * started; `calls` counts every `configure` that was asked for.
 */
export interface Refusal {
  nth: number;
  calls: number;
}

export function refusal(): Refusal {
  return { nth: 0, calls: 0 };
}

/** `host`, with its configure and setPeer refusing as `refuse` says. */
export function refusing(refuse: Refusal) {
  const refuseNow = (): boolean => {
    if (refuse.nth === 0) return false;
    refuse.nth -= 1;
    return refuse.nth === 0;
  };
  return (host: Host): Host =>
    new Proxy(host, {
      get: (target, prop, receiver) => {
        const value = Reflect.get(target, prop, receiver) as unknown;
        if (prop === 'setPeer') {
          const setPeer = target.setPeer.bind(target);
          return async (...args: Parameters<Host['setPeer']>) => {
            if (!refuseNow()) return setPeer(...args);
            throw new AppError('CommandFailed', 'wg set failed: refused by the test');
          };
        }
        if (prop !== 'configure' || typeof value !== 'function') {
          // Bound to the real host: its methods read its private fields.
          return typeof value === 'function' ? (value.bind(target) as unknown) : value;
        }
        const configure = target.configure.bind(target);
        return async (...args: Parameters<Host['configure']>) => {
          refuse.calls += 1;
          if (!refuseNow()) return configure(...args);
          args[3]?.();
          throw new AppError('CommandFailed', 'wg addconf failed: refused by the test');
        };
      },
    });
}
