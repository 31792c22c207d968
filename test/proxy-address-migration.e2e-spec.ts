import { scratchDatabaseBefore } from './support/scratch-migration';

const OWNERSHIP = '20261204120000_proxy_address_ownership';

/**
 * The migration that gives every proxy address one owner, run on a database whose numbers several
 * accounts shared (as the router allowed before): each gets the owner the rules name, the others
 * are reported, and routing is deterministic afterwards.
 */
describe('Migration to proxy address ownership (e2e, scratch database)', () => {
  const scratch = scratchDatabaseBefore('ownership_migration', OWNERSHIP);

  const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, '0')}`;
  const [A, B, C] = [sid('AC', 1), sid('AC', 2), sid('AC', 3)];

  async function account(accountSid: string, n: number): Promise<string> {
    const service = sid('IS', n);
    await scratch.db.query(`INSERT INTO accounts (sid, friendly_name, auth_token) VALUES ($1, $2, 'token')`, [accountSid, accountSid]);
    await scratch.db.query(`INSERT INTO services (sid, account_sid, friendly_name) VALUES ($1, $2, 'default')`, [service, accountSid]);
    return service;
  }

  let n = 100;
  /** A conversation of the account, created at `at`, with a participant bound to (address, proxy). */
  async function bound(accountSid: string, service: string, address: string, proxy: string, at: string, state = 'active') {
    const [conversation, participant] = [sid('CH', ++n), sid('MB', n)];
    await scratch.db.query(
      `INSERT INTO conversations (sid, account_sid, service_sid, state, date_created, date_updated) VALUES ($1, $2, $3, $4, $5, $5)`,
      [conversation, accountSid, service, state, at],
    );
    await scratch.db.query(
      `INSERT INTO participants (sid, account_sid, service_sid, conversation_sid, binding_type, address, proxy_address, date_created, date_updated)
       VALUES ($1, $2, $3, $4, 'sms', $5, $6, $7, $7)`,
      [participant, accountSid, service, conversation, address, proxy, at],
    );
    if (state !== 'closed') {
      await scratch.db.query(
        `INSERT INTO messaging_bindings (account_sid, address, proxy_address, conversation_sid, participant_sid) VALUES ($1, $2, $3, $4, $5)`,
        [accountSid, address, proxy, conversation, participant],
      );
    }
    return conversation;
  }

  it('gives each shared number one owner (configuration, then settings, then the oldest binding), reports the others, and keeps routing deterministic', async () => {
    const [serviceA, serviceB, serviceC] = [await account(A, 1), await account(B, 2), await account(C, 3)];
    const phone = '+15550000001';
    // 1. Configured by B, bound by A earlier: B's (it asked for the number's inbound messages).
    const configured = '+16000000001';
    await bound(A, serviceA, phone, configured, '2026-01-01T00:00:00Z');
    await scratch.db.query(
      `INSERT INTO address_configurations (sid, account_sid, type, address, auto_creation_enabled) VALUES ($1, $2, 'sms', $3, true)`,
      [sid('IG', 1), B, configured],
    );
    // 2. Router settings by C, bound by A: C's.
    const settled = '+16000000002';
    await bound(A, serviceA, phone, settled, '2026-01-01T00:00:00Z');
    await scratch.db.query(`INSERT INTO proxy_addresses (address, account_sid, send_rate_per_second) VALUES ($1, $2, 5)`, [settled, C]);
    // 3. Bound by B, then by A, then by C: B's, whose conversation is the oldest (it got the inbound messages).
    const shared = '+16000000003';
    const bConversation = await bound(B, serviceB, phone, shared, '2026-01-02T00:00:00Z');
    await bound(A, serviceA, phone, shared, '2026-01-03T00:00:00Z');
    await bound(C, serviceC, '+15550000002', shared, '2026-01-01T00:00:00Z', 'closed');
    // 4. Used by one account only: its own, no conflict.
    const alone = '+16000000004';
    await bound(A, serviceA, phone, alone, '2026-01-04T00:00:00Z');

    scratch.migrateAll();

    const owners = await scratch.db.query<{ address: string; account_sid: string; send_rate_per_second: number | null }>(
      `SELECT address, account_sid, send_rate_per_second FROM proxy_addresses ORDER BY address`,
    );
    expect(owners.rows).toEqual([
      { address: configured, account_sid: B, send_rate_per_second: null },
      { address: settled, account_sid: C, send_rate_per_second: 5 },
      { address: shared, account_sid: B, send_rate_per_second: null },
      { address: alone, account_sid: A, send_rate_per_second: null },
    ]);
    const conflicts = await scratch.db.query(
      `SELECT address, account_sid, owner_account_sid, open_bindings, participants, had_address_configuration, had_settings
         FROM proxy_address_conflicts ORDER BY address, account_sid`,
    );
    expect(conflicts.rows).toEqual([
      {
        address: configured,
        account_sid: A,
        owner_account_sid: B,
        open_bindings: 1,
        participants: 1,
        had_address_configuration: false,
        had_settings: false,
      },
      {
        address: settled,
        account_sid: A,
        owner_account_sid: C,
        open_bindings: 1,
        participants: 1,
        had_address_configuration: false,
        had_settings: false,
      },
      {
        address: shared,
        account_sid: A,
        owner_account_sid: B,
        open_bindings: 1,
        participants: 1,
        had_address_configuration: false,
        had_settings: false,
      },
      {
        address: shared,
        account_sid: C,
        owner_account_sid: B,
        open_bindings: 0,
        participants: 1,
        had_address_configuration: false,
        had_settings: false,
      },
    ]);
    // Inbound routing (the insert's lookup) now finds exactly the owner's conversation.
    const target = await scratch.db.query(
      `SELECT c.sid FROM proxy_addresses pa
         JOIN messaging_bindings b ON b.account_sid = pa.account_sid AND b.address = $1 AND b.proxy_address = pa.address
         JOIN conversations c ON c.sid = b.conversation_sid
        WHERE pa.address = $2`,
      [phone, shared],
    );
    expect(target.rows).toEqual([{ sid: bConversation }]);
    // Nothing else was touched: every binding is still stored.
    expect((await scratch.db.query(`SELECT count(*)::int AS n FROM messaging_bindings`)).rows[0].n).toBe(5);
  });
});
