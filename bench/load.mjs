// Load generator in its own process: N connections, each posting messages to its own conversation.
// Input (argv[2], JSON): { url, paths: [...], auth, connections, duration }. Output: JSON on stdout.
import autocannon from 'autocannon';

const { url, paths, auth, connections, duration } = JSON.parse(process.argv[2]);
let next = 0;
const result = await autocannon({
  url,
  connections,
  duration,
  method: 'POST',
  headers: {
    'content-type': 'application/x-www-form-urlencoded',
    ...(auth ? { authorization: `Basic ${Buffer.from(auth).toString('base64')}` } : {}),
  },
  body: 'Author=agent&Body=Hello%20from%20the%20benchmark%20%E2%9C%93&Attributes=%7B%22k%22%3A1%7D',
  // The context is per connection: each connection keeps posting to its own conversation.
  requests: [
    {
      method: 'POST',
      setupRequest: (request, context) => {
        context.path ??= paths[next++ % paths.length];
        return { ...request, path: context.path };
      },
    },
  ],
});
process.stdout.write(
  JSON.stringify({
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  }),
);
