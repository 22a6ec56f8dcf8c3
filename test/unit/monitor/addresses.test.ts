import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { freeAddresses } from '../../../main/services/monitor/addresses';

describe('freeAddresses', () => {
  const cases: [string, string, string | null, string[], number][] = [
    ['empty /24: 254 hosts', '10.8.0.0/24', null, [], 254],
    ['the server takes one', '10.8.0.0/24', '10.8.0.1/24', [], 253],
    ['and each peer one', '10.8.0.0/24', '10.8.0.1/24', ['10.8.0.2/32', '10.8.0.3/32'], 251],
    ['duplicates count once', '10.8.0.0/24', null, ['10.8.0.2/32', '10.8.0.2/32'], 253],
    ['addresses elsewhere do not count', '10.8.0.0/24', null, ['10.9.0.2/32', 'fd00::2/128'], 254],
    ['a routed /30 inside takes 4', '10.8.0.0/24', null, ['10.8.0.8/30'], 250],
    ['a full /30', '10.8.0.0/30', '10.8.0.1/30', ['10.8.0.2/32'], 0],
    ['/31 has no network or broadcast', '10.8.0.0/31', null, ['10.8.0.0/32'], 1],
    ['/32', '10.8.0.5/32', null, [], 1],
    ['IPv6 /120 without the anycast address', 'fd00::/120', 'fd00::1/120', ['fd00::2/128'], 253],
    ['IPv6 /64 is rounded but huge', 'fd00::/64', null, [], 2 ** 64],
  ];
  for (const [name, net, own, peers, want] of cases) {
    test(name, () => assert.equal(freeAddresses(net, own, peers), want));
  }
});
