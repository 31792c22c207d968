import { PrismaService } from '../src/prisma/prisma.service';
import { newAccount, startRouter, uniqueNumber, type RunningRouter } from './support';

const ADDRESS = '+15558675310';

interface Rejection {
  status: number;
  code: number;
  message: string;
}

/** Splits settled calls into their values and their Twilio errors. */
function outcomes<T>(settled: PromiseSettledResult<T>[]): { won: T[]; lost: Rejection[] } {
  const won = settled.filter((r): r is PromiseFulfilledResult<T> => r.status === 'fulfilled').map((r) => r.value);
  const lost = settled.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason as Rejection);
  return { won, lost };
}

/**
 * Races decided by the database, not by a read before the write: pairs and identities are taken by
 * unique keys, message indexes under the conversation's row lock.
 */
/** Proxy numbers of each test's own: a number belongs to the first account that uses it. */
let PROXY = '';
beforeEach(() => {
  PROXY = uniqueNumber();
});

describe('Concurrency (e2e)', () => {
  let router: RunningRouter;

  beforeAll(async () => {
    router = await startRouter();
  });

  afterAll(async () => {
    await router?.close();
  });

  it('20 parallel adds of one pair into 20 conversations: one wins, nineteen get 50416 naming the winner', async () => {
    const { client } = await newAccount(router, 'race pair');
    const conversations = await Promise.all(
      Array.from({ length: 20 }, (_, i) => client.conversations.v1.conversations.create({ friendlyName: `race ${i}` })),
    );
    const settled = await Promise.allSettled(
      conversations.map((c) =>
        client.conversations.v1
          .conversations(c.sid)
          .participants.create({ 'messagingBinding.address': ADDRESS, 'messagingBinding.proxyAddress': PROXY }),
      ),
    );
    const { won, lost } = outcomes(settled);
    expect(won).toHaveLength(1);
    const winner = won[0].conversationSid;
    expect(lost).toHaveLength(19);
    for (const err of lost) {
      expect({ status: err.status, code: err.code, message: err.message }).toEqual({
        status: 409,
        code: 50416,
        message: `A binding for this participant and proxy address already exists in Conversation ${winner}`,
      });
    }
    const holders = await client.conversations.v1.participantConversations.list({ address: ADDRESS });
    expect(holders.map((h) => [h.conversationSid, h.participantSid])).toEqual([[winner, won[0].sid]]);
  });

  it('20 parallel adds of one identity into one conversation: one wins, nineteen get 50433', async () => {
    const { client } = await newAccount(router, 'race identity');
    const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'race identity' });
    const participants = () => client.conversations.v1.conversations(conversation.sid).participants;
    const { won, lost } = outcomes(
      await Promise.allSettled(Array.from({ length: 20 }, () => participants().create({ identity: 'alice' }))),
    );
    expect(won).toHaveLength(1);
    expect(lost.map((e) => [e.status, e.code])).toEqual(Array(19).fill([409, 50433]));
    expect((await participants().list()).map((p) => p.sid)).toEqual([won[0].sid]);
  });

  it('50 parallel messages in one conversation: indexes 0..49, in the order of date_created', async () => {
    const { client } = await newAccount(router, 'race messages');
    const conversation = await client.conversations.v1.conversations.create({ friendlyName: 'race messages' });
    const messages = () => client.conversations.v1.conversations(conversation.sid).messages;
    const created = await Promise.all(Array.from({ length: 50 }, (_, i) => messages().create({ body: `m${i}` })));
    expect(created.map((m) => m.index).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i));

    const listed = await messages().list({ pageSize: 100 });
    expect(listed.map((m) => m.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));

    // Read the rows back from the database: the index was taken under the conversation's row lock and
    // date_created is clock_timestamp() taken after that lock, so in index order the times never go
    // back (they are stored to the millisecond, so two messages may share one).
    const prisma = router.app.get(PrismaService);
    const rows = await prisma.$queryRaw<{ index: number; date_created: Date }[]>`
      SELECT index, date_created FROM messages WHERE conversation_sid = ${conversation.sid} ORDER BY index`;
    expect(rows.map((r) => r.index)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    const backwards = rows.filter((r, i) => i > 0 && r.date_created.getTime() < rows[i - 1].date_created.getTime());
    expect(backwards).toEqual([]);
  });

  it('10 parallel ConversationWithParticipants holding one pair: exactly one conversation is created', async () => {
    const { client } = await newAccount(router, 'race cwp');
    const participant = [JSON.stringify({ messaging_binding: { address: ADDRESS, proxy_address: PROXY } })];
    const settled = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        client.conversations.v1.conversationWithParticipants.create({ friendlyName: `cwp ${i}`, participant }),
      ),
    );
    const { won, lost } = outcomes(settled);
    expect(won).toHaveLength(1);
    expect(lost.map((e) => [e.status, e.code])).toEqual(Array(9).fill([409, 50425]));
    for (const err of lost) expect(err.message).toContain(won[0].sid);

    expect((await client.conversations.v1.conversations.list()).map((c) => c.sid)).toEqual([won[0].sid]);
    const holders = await client.conversations.v1.participantConversations.list({ address: ADDRESS });
    expect(holders.map((h) => h.conversationSid)).toEqual([won[0].sid]);
  });

  it('Limits.UserChannels under 12 parallel Chat v2 member adds of one new user to 12 channels: exactly the limit succeed, the rest get 50208', async () => {
    const { client } = await newAccount(router, 'race user channels');
    const service = await client.chat.v2.services.create({ friendlyName: 'race user channels' });
    const svc = client.chat.v2.services(service.sid);
    await svc.update({ 'limits.userChannels': 3 });
    const channels = await Promise.all(Array.from({ length: 12 }, (_, i) => svc.channels.create({ friendlyName: `room ${i}` })));

    // The user is new: its row is made by the first addition while the others wait for it.
    const first = outcomes(await Promise.allSettled(channels.map((c) => svc.channels(c.sid).members.create({ identity: 'ulla' }))));
    expect(first.won).toHaveLength(3);
    expect(first.lost.map((e) => [e.status, e.code])).toEqual(Array(9).fill([400, 50208]));
    expect((await svc.users('ulla').fetch()).joinedChannelsCount).toBe(3);
    expect((await svc.users('ulla').userChannels.list()).map((c) => c.channelSid).sort()).toEqual(
      first.won.map((m) => m.channelSid).sort(),
    );

    // An existing user with one channel: two more, whatever the order.
    await svc.users.create({ identity: 'vera' });
    const [own] = channels;
    await svc.channels(own.sid).members.create({ identity: 'vera' });
    const second = outcomes(
      await Promise.allSettled(channels.slice(1).map((c) => svc.channels(c.sid).members.create({ identity: 'vera' }))),
    );
    expect(second.won).toHaveLength(2);
    expect(second.lost.map((e) => [e.status, e.code])).toEqual(Array(9).fill([400, 50208]));
    expect((await svc.users('vera').fetch()).joinedChannelsCount).toBe(3);
  });

  it('Limits.ChannelMembers under 12 parallel Chat v2 member adds of different users to one channel: exactly the limit succeed, the rest get 50403', async () => {
    const { client } = await newAccount(router, 'race channel members');
    const service = await client.chat.v2.services.create({ friendlyName: 'race channel members' });
    const svc = client.chat.v2.services(service.sid);
    await svc.update({ 'limits.channelMembers': 4 });
    const channel = await svc.channels.create({ friendlyName: 'crowded' });
    const { won, lost } = outcomes(
      await Promise.allSettled(Array.from({ length: 12 }, (_, i) => svc.channels(channel.sid).members.create({ identity: `guest${i}` }))),
    );
    expect(won).toHaveLength(4);
    expect(lost.map((e) => [e.status, e.code])).toEqual(Array(8).fill([400, 50403]));
    expect((await svc.channels(channel.sid).fetch()).membersCount).toBe(4);
  });
});
