import { scratchDatabaseBefore } from './support/scratch-migration';

const CHANNEL_TYPE = '20261206100000_conversation_channel_type';

/**
 * The migration that tells Conversations-made conversations (`conversation`) from Chat private
 * channels, on a database whose private rows did not record where they were made: Flex channels and
 * channels with an open invite (both only Chat makes) stay private, the other private rows keep the
 * Conversations rules they were under, public ones stay public; new rows default to `conversation`.
 */
describe('Migration to the conversation channel type (e2e, scratch database)', () => {
  const scratch = scratchDatabaseBefore('channel_type_migration', CHANNEL_TYPE);

  const sid = (prefix: string, n: number) => `${prefix}${String(n).padStart(32, '0')}`;
  const [account, service] = [sid('AC', 7), sid('IS', 7)];

  async function conversation(n: number, type?: string): Promise<string> {
    const conversationSid = sid('CH', n);
    if (type === undefined) {
      await scratch.db.query(`INSERT INTO conversations (sid, account_sid, service_sid) VALUES ($1, $2, $3)`, [
        conversationSid,
        account,
        service,
      ]);
    } else {
      await scratch.db.query(`INSERT INTO conversations (sid, account_sid, service_sid, channel_type) VALUES ($1, $2, $3, $4)`, [
        conversationSid,
        account,
        service,
        type,
      ]);
    }
    return conversationSid;
  }

  it('keeps Flex channels and invited-to channels private, makes the other private rows Conversations-made, and defaults new rows to conversation', async () => {
    await scratch.db.query(`INSERT INTO accounts (sid, friendly_name, auth_token) VALUES ($1, 'a', 'token')`, [account]);
    await scratch.db.query(`INSERT INTO services (sid, account_sid, friendly_name) VALUES ($1, $2, 'default')`, [service, account]);
    const made = await conversation(1);
    const open = await conversation(2, 'public');
    const invitedTo = await conversation(3, 'private');
    const flex = await conversation(4, 'private');
    const openWithInvite = await conversation(5, 'public');
    await scratch.db.query(
      `INSERT INTO invites (sid, account_sid, service_sid, conversation_sid, identity) VALUES ($1, $2, $3, $4, 'ann')`,
      [sid('IN', 1), account, service, invitedTo],
    );
    await scratch.db.query(
      `INSERT INTO invites (sid, account_sid, service_sid, conversation_sid, identity) VALUES ($1, $2, $3, $4, 'ann')`,
      [sid('IN', 2), account, service, openWithInvite],
    );
    await scratch.db.query(`INSERT INTO users (sid, account_sid, service_sid, identity) VALUES ($1, $2, $3, 'customer')`, [
      sid('US', 1),
      account,
      service,
    ]);
    await scratch.db.query(
      `INSERT INTO flex_flows (sid, account_sid, friendly_name, chat_service_sid, channel_type, integration_type)
       VALUES ($1, $2, 'flow', $3, 'web', 'studio')`,
      [sid('FO', 1), account, service],
    );
    await scratch.db.query(
      `INSERT INTO flex_channels (sid, account_sid, flex_flow_sid, identity, user_sid, webhook_sid) VALUES ($1, $2, $3, 'customer', $4, $5)`,
      [flex, account, sid('FO', 1), sid('US', 1), sid('WH', 1)],
    );

    scratch.migrateAll();

    const types = await scratch.db.query<{ sid: string; channel_type: string }>(`SELECT sid, channel_type FROM conversations ORDER BY sid`);
    expect(types.rows).toEqual([
      { sid: made, channel_type: 'conversation' },
      { sid: open, channel_type: 'public' },
      { sid: invitedTo, channel_type: 'private' },
      { sid: flex, channel_type: 'private' },
      { sid: openWithInvite, channel_type: 'public' },
    ]);
    const added = await conversation(6);
    const [row] = (await scratch.db.query<{ channel_type: string }>(`SELECT channel_type FROM conversations WHERE sid = $1`, [added])).rows;
    expect(row.channel_type).toBe('conversation');
  });
});
