import { lookup } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Where a webhook may not go unless the host allows it (`webhooks.allowPrivateTargets`):
 * a subscription must not turn the plugin into a way to reach the restaurant's own network
 * (SSRF). Checked on the URL's literal address when subscribing, and on every address its
 * name resolves to when delivering — the connection then goes to exactly the addresses
 * checked, so a name cannot resolve to a public address for the check and a private one for
 * the request.
 */

/** Each kind of address refused, with the ranges it covers. */
const REFUSED: [kind: string, ranges: [network: string, prefix: number, family: 'ipv4' | 'ipv6'][]][] = [
  ['an unspecified', [['0.0.0.0', 8, 'ipv4'], ['::', 128, 'ipv6']]],
  ['a loopback', [['127.0.0.0', 8, 'ipv4'], ['::1', 128, 'ipv6']]],
  ['a private', [['10.0.0.0', 8, 'ipv4'], ['172.16.0.0', 12, 'ipv4'], ['192.168.0.0', 16, 'ipv4'], ['100.64.0.0', 10, 'ipv4']]],
  ['a link-local', [['169.254.0.0', 16, 'ipv4'], ['fe80::', 10, 'ipv6']]],
  ['a unique-local', [['fc00::', 7, 'ipv6'], ['fec0::', 10, 'ipv6']]],
  ['a broadcast or multicast', [['224.0.0.0', 3, 'ipv4'], ['ff00::', 8, 'ipv6']]],
];

const BLOCKS = REFUSED.map(([kind, ranges]) => {
  const block = new BlockList();
  for (const [network, prefix, family] of ranges) block.addSubnet(network, prefix, family);
  return { kind, block };
});

/** What kind of refused address an IP address is ("a loopback address"), or null for a public one; an IPv4-mapped IPv6 address counts as its IPv4. */
function refusedKind(address: string): string | null {
  const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
  const refused = BLOCKS.find(({ block }) => block.check(address, family));
  return refused ? `${refused.kind} address` : null;
}

/** The URL's host as the connection sees it: no brackets around IPv6, no trailing dot, lower case. */
function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
}

/** Why a subscription's URL is refused before any DNS is asked: localhost, or a refused literal address. */
export function urlProblem(url: URL): string | null {
  const host = hostOf(url);
  if (host === 'localhost' || host.endsWith('.localhost')) return `${host} is this machine`;
  const kind = isIP(host) ? refusedKind(host) : null;
  return kind ? `${host} is ${kind}` : null;
}

/** A target refused at delivery, by its literal address or what its name resolves to; the message becomes the attempt’s last error. */
export class RefusedTarget extends Error {
  constructor(problem: string) {
    super(`refused: ${problem}; webhooks go to public addresses unless webhooks.allowPrivateTargets is set`);
    this.name = 'RefusedTarget';
  }
}

/**
 * A DNS lookup for http.request that resolves every address of the name and refuses the
 * connection when any of them is refused, answering in whichever form Node asks for.
 */
export const checkedLookup: LookupFunction = (hostname, options, callback) => {
  lookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) return callback(error, '', 4);
    for (const { address } of addresses) {
      const kind = refusedKind(address);
      if (kind) return callback(new RefusedTarget(`${hostname} resolves to ${address}, ${kind}`), '', 4);
    }
    if ((options as { all?: boolean }).all) return (callback as unknown as (error: null, all: typeof addresses) => void)(null, addresses);
    callback(null, addresses[0].address, addresses[0].family);
  });
};
