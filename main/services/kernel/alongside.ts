// Issue 17: a bulk create wrote its 10,000 rows (~1 s) and then waited for
// `wg addconf` (~1.2 s), one after the other, on a machine with a core idle
// each time. Here the rows are written while the kernel takes the peers: the
// command is started, the (synchronous) database write runs while it works,
// then its end is awaited. The write always ends before this returns, so the
// steps that read the rows afterwards (routes, speed limits) see them.

/**
 * Runs `op`, and `write` once `op` has started its command (or, with a host
 * that cannot say so, once `op` has ended). `write` must not throw: it keeps
 * its own failure for its caller, who then knows the kernel may hold peers
 * the database does not.
 */
export async function alongside(
  op: (started: () => void) => Promise<void>,
  write: () => void,
): Promise<void> {
  let signal: () => void = () => undefined;
  const started = new Promise<void>((resolve) => {
    signal = resolve;
  });
  const running = op(signal);
  await Promise.race([started, running.then(noop, noop)]);
  write();
  await running;
}

function noop(): void {}
