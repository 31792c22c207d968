import ipaddr from 'ipaddr.js';
import dns, { type LookupAddress, type LookupAllOptions, type LookupOptions } from 'node:dns';
import net from 'node:net';

/** Thrown (and passed to request callbacks) when a destination is not allowed; code EOUTBOUNDBLOCKED. */
export class OutboundBlocked extends Error {
  readonly code = 'EOUTBOUNDBLOCKED';

  constructor(
    readonly host: string,
    readonly reason: string,
  ) {
    super(`${host} is not an allowed destination: ${reason}`);
    this.name = 'OutboundBlocked';
  }
}

/** How long a URL's host name may take to resolve when the URL is set (it is checked again when used). */
const SET_TIME_LOOKUP_MS = 2_000;

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/**
 * Where requests on behalf of accounts (event and pre-event webhooks, Address Configuration webhooks,
 * carrier media) may go: public unicast addresses only, plus what OUTBOUND_ALLOW_HOSTS opens (host
 * names, addresses, CIDR ranges). Loopback, private, link-local (cloud metadata), unspecified,
 * carrier-grade NAT, multicast and reserved ranges are refused, in every spelling (`2130706433`,
 * `0x7f.1`, `::ffff:127.0.0.1`, NAT64 and 6to4 forms), when a URL is set and again when the request
 * connects: `lookup` checks the addresses a host name resolves to at that moment and the socket
 * connects to exactly those, so DNS cannot point elsewhere in between (no rebinding window).
 * Address classification is ipaddr.js's.
 */
export class OutboundPolicy {
  private readonly hosts: ReadonlySet<string>;
  private readonly ranges: readonly [ipaddr.IPv4 | ipaddr.IPv6, number][];

  constructor(allow: readonly string[] = []) {
    const hosts = new Set<string>();
    const ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][] = [];
    for (const entry of allow.map((e) => e.trim()).filter(Boolean)) {
      const range = parseRange(entry);
      if (range) ranges.push(range);
      else hosts.add(normalizeHost(entry));
    }
    this.hosts = hosts;
    this.ranges = ranges;
  }

  /** Whether an IP address may be connected to. */
  allowsAddress(address: string): boolean {
    if (!ipaddr.isValid(address)) return false;
    const ip = ipaddr.process(address); // ::ffff:a.b.c.d is a.b.c.d
    if (this.ranges.some(([net, bits]) => net.kind() === ip.kind() && ip.match(net, bits))) return true;
    return ip.range() === 'unicast';
  }

  /** Why an address is refused, for messages ("loopback", "private", "linkLocal", ...). */
  private why(address: string): string {
    return `${address} is a ${ipaddr.isValid(address) ? ipaddr.process(address).range() : 'invalid'} address`;
  }

  /**
   * The check when a URL is set: a literal address, a local name (localhost, a name without a dot)
   * or a name resolving to a refused address now is refused. A name that does not resolve is let
   * through: it is checked again whenever it is used.
   */
  async checkUrl(url: string): Promise<void> {
    const host = hostOf(new URL(url));
    if (this.hosts.has(host)) return;
    if (net.isIP(host)) {
      if (!this.allowsAddress(host)) throw new OutboundBlocked(host, this.why(host));
      return;
    }
    if (host === 'localhost' || host.endsWith('.localhost') || !host.includes('.')) {
      throw new OutboundBlocked(host, 'a local host name');
    }
    let addresses: LookupAddress[];
    try {
      addresses = await withTimeout(dns.promises.lookup(host, { all: true, verbatim: true }), SET_TIME_LOOKUP_MS);
    } catch {
      return;
    }
    const refused = addresses.find((a) => !this.allowsAddress(a.address));
    if (refused) throw new OutboundBlocked(host, `it resolves to ${this.why(refused.address)}`);
  }

  /**
   * The check when a request starts, for URLs whose host is an address (Node connects to those
   * without a lookup); names are checked by `lookup` as they are resolved.
   */
  checkRequest(url: URL): void {
    const host = hostOf(url);
    if (net.isIP(host) && !this.hosts.has(host) && !this.allowsAddress(host)) throw new OutboundBlocked(host, this.why(host));
  }

  /** A `dns.lookup` for sockets: resolves, then fails with OutboundBlocked if any address is refused. */
  readonly lookup = (hostname: string, options: LookupOptions | number | LookupCallback, callback?: LookupCallback): void => {
    const cb = (typeof options === 'function' ? options : callback) as LookupCallback;
    const opts: LookupOptions = typeof options === 'object' ? options : typeof options === 'number' ? { family: options } : {};
    const host = normalizeHost(hostname);
    dns.lookup(hostname, { ...opts, all: true } as LookupAllOptions, (err, addresses) => {
      if (err) return cb(err, []);
      if (!this.hosts.has(host)) {
        const refused = addresses.find((a) => !this.allowsAddress(a.address));
        if (refused) return cb(Object.assign(new OutboundBlocked(host, `it resolves to ${this.why(refused.address)}`), { errno: 0 }), []);
      }
      if (opts.all) return cb(null, addresses);
      if (!addresses.length) return cb(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      cb(null, addresses[0].address, addresses[0].family);
    });
  };
}

/** An address or a CIDR range of the allow-list; null for a host name. */
function parseRange(entry: string): [ipaddr.IPv4 | ipaddr.IPv6, number] | null {
  const text = entry.replace(/^\[(.*)\]$/, '$1');
  if (text.includes('/')) {
    const [address, bits] = text.split('/');
    if (!net.isIP(address) || !/^\d+$/.test(bits)) throw new Error(`not a CIDR range: ${entry}`);
    return ipaddr.parseCIDR(text);
  }
  if (!net.isIP(text)) return null;
  const ip = ipaddr.process(text);
  return [ip, ip.kind() === 'ipv4' ? 32 : 128];
}

/** Checks an OUTBOUND_ALLOW_HOSTS entry at start: a CIDR range with a bad prefix is a configuration error. */
export function checkAllowEntry(entry: string): string | null {
  try {
    parseRange(entry.trim());
    return null;
  } catch {
    return `'${entry}' is not a host name, an address or a CIDR range`;
  }
}

const normalizeHost = (host: string) => host.trim().toLowerCase().replace(/\.$/, '');

/** The URL's host as the socket will see it: brackets of IPv6 literals removed. */
const hostOf = (url: URL) => normalizeHost(url.hostname.replace(/^\[(.*)\]$/, '$1'));

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timeout')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
