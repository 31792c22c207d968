import { checkAllowEntry, OutboundBlocked, OutboundPolicy } from './outbound-policy';

describe('OutboundPolicy', () => {
  const strict = new OutboundPolicy([]);

  it.each([['8.8.8.8'], ['93.184.216.34'], ['2606:4700:4700::1111'], ['2a00:1450:4001:80e::200e']])(
    'lets the public address %s through',
    (address) => {
      expect(strict.allowsAddress(address)).toBe(true);
    },
  );

  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.3.2.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata)'],
    ['100.100.100.200', 'carrier-grade NAT (a cloud metadata address too)'],
    ['224.0.0.1', 'multicast'],
    ['255.255.255.255', 'broadcast'],
    ['192.0.2.10', 'reserved'],
    ['::1', 'IPv6 loopback'],
    ['::', 'IPv6 unspecified'],
    ['fe80::1', 'IPv6 link-local'],
    ['fd00:ec2::254', 'IPv6 unique local (EC2 metadata)'],
    ['::ffff:127.0.0.1', 'IPv4-mapped loopback'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped metadata, in hex'],
    ['64:ff9b::7f00:1', 'NAT64 of loopback'],
    ['2002:7f00:1::', '6to4 of loopback'],
  ])('refuses %s (%s)', (address) => {
    expect(strict.allowsAddress(address)).toBe(false);
  });

  it('opens what the allow-list names: addresses, CIDR ranges (v4 and v6) and host names', () => {
    const policy = new OutboundPolicy(['10.0.0.0/8', '127.0.0.1', 'fd00::/8', 'hooks.internal', ' ', '[::1]']);
    expect(policy.allowsAddress('10.200.1.1')).toBe(true);
    expect(policy.allowsAddress('11.0.0.1')).toBe(true); // public anyway
    expect(policy.allowsAddress('172.16.0.1')).toBe(false);
    expect(policy.allowsAddress('127.0.0.1')).toBe(true);
    expect(policy.allowsAddress('127.0.0.2')).toBe(false);
    expect(policy.allowsAddress('::ffff:10.0.0.1')).toBe(true);
    expect(policy.allowsAddress('fd12::1')).toBe(true);
    expect(policy.allowsAddress('::1')).toBe(true);
  });

  it('says what is wrong with an allow-list entry', () => {
    expect(checkAllowEntry('10.0.0.0/8')).toBeNull();
    expect(checkAllowEntry('hooks.internal')).toBeNull();
    expect(checkAllowEntry('10.0.0.0/33')).toContain('not a host name, an address or a CIDR range');
    expect(checkAllowEntry('10.0.0.0/x')).not.toBeNull();
    expect(checkAllowEntry('nope/8')).not.toBeNull();
  });

  describe('checkUrl (when a URL is set)', () => {
    const refused = async (url: string, policy = strict) => {
      try {
        await policy.checkUrl(url);
      } catch (err) {
        if (err instanceof OutboundBlocked) return err.reason;
        throw err;
      }
      return null;
    };

    it.each([
      ['http://127.0.0.1:6379/', 'loopback'],
      ['http://2130706433/', 'loopback'],
      ['http://0x7f000001/', 'loopback'],
      ['http://0177.0.0.1/', 'loopback'],
      ['http://127.1/', 'loopback'],
      ['http://0/', 'unspecified'],
      ['http://0.0.0.0:5432/', 'unspecified'],
      ['http://[::1]:5432/', 'loopback'],
      ['http://[::ffff:127.0.0.1]/', 'loopback'],
      ['http://169.254.169.254/latest/meta-data/', 'linkLocal'],
      ['http://10.0.0.5/hook', 'private'],
      ['http://192.168.0.1/', 'private'],
      ['http://localhost:3000/', 'local host name'],
      ['http://LOCALHOST./', 'local host name'],
      ['http://api.localhost/', 'local host name'],
      ['http://redis:6379/', 'local host name'],
    ])('refuses %s in any spelling', async (url, reason) => {
      expect(await refused(url)).toContain(reason);
    });

    it('accepts a public address, a name that does not resolve now (it is checked again when used), and allow-listed hosts', async () => {
      expect(await refused('https://8.8.8.8/hook')).toBeNull();
      expect(await refused('https://hooks.example.invalid/hook')).toBeNull();
      const open = new OutboundPolicy(['localhost', '10.0.0.0/8']);
      expect(await refused('http://localhost:3000/hook', open)).toBeNull();
      expect(await refused('http://10.1.2.3/hook', open)).toBeNull();
      expect(await refused('http://192.168.1.1/hook', open)).toContain('private');
    });
  });

  describe('checkRequest and lookup (when a request connects)', () => {
    const lookup = (policy: OutboundPolicy, host: string, all: boolean) =>
      new Promise<unknown>((resolve, reject) =>
        policy.lookup(host, { all }, (err, address, family) => (err ? reject(err) : resolve(all ? address : { address, family }))),
      );

    it('refuses a literal address before connecting (Node does not look those up)', () => {
      expect(() => strict.checkRequest(new URL('http://127.0.0.1:6379/'))).toThrow(OutboundBlocked);
      expect(() => strict.checkRequest(new URL('http://[::1]/'))).toThrow(OutboundBlocked);
      expect(() => strict.checkRequest(new URL('https://8.8.8.8/'))).not.toThrow();
      expect(() => new OutboundPolicy(['127.0.0.1']).checkRequest(new URL('http://127.0.0.1/'))).not.toThrow();
    });

    it('refuses a name that resolves to a refused address, with the addresses it connects to being those it checked', async () => {
      await expect(lookup(strict, 'localhost', false)).rejects.toBeInstanceOf(OutboundBlocked);
      await expect(lookup(strict, 'localhost', true)).rejects.toMatchObject({ code: 'EOUTBOUNDBLOCKED' });
      await expect(lookup(new OutboundPolicy(['127.0.0.1']), 'localhost', false)).resolves.toEqual({ address: '127.0.0.1', family: 4 });
      await expect(lookup(new OutboundPolicy(['localhost']), 'localhost', true)).resolves.toEqual(
        expect.arrayContaining([{ address: '127.0.0.1', family: 4 }]),
      );
      await expect(lookup(strict, 'no-such-host.invalid', false)).rejects.toMatchObject({ code: 'ENOTFOUND' });
    });
  });
});
