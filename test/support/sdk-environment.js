const { TestEnvironment } = require('jest-environment-node');

/**
 * True for the rejection twilsock (the official SDKs' transport) gives the requests it had queued
 * while not connected, when a Client shuts down or loses its connection: `Upstream.rejectPendingMessages`,
 * "Unable to connect: <reason>". The SDK makes some of those requests itself (loading what a Client
 * joined, refreshing subscriptions) and does not handle their rejection: its own source marks the line
 * "@todo Error Unhandled promise rejection!".
 */
function isSdkQueuedRequestRejection(reason) {
  return (
    typeof reason === 'object' &&
    reason !== null &&
    reason.constructor?.name === 'TransportUnavailableError' &&
    typeof reason.message === 'string' &&
    reason.message.startsWith('Unable to connect: ')
  );
}

/**
 * Node's test environment, except for that one rejection. Jest fails whichever test is running when
 * an unhandled rejection surfaces: the SDK's comes when a shut-down Client's timers fire, often
 * during a later test or test file, so it failed tests that had nothing to do with it. This reports
 * it on stderr instead. It is never one of our assertions: a request a test awaits still rejects in
 * that test, and every other unhandled rejection or uncaught exception still fails the running test.
 *
 * jest-circus installs its handler on the real process at `setup` and restores the previous ones at
 * `teardown`; this environment's handler runs after jest-circus's for each event, so it wraps that
 * handler at `setup` and removes its wrapper at `teardown`.
 */
class SdkAwareEnvironment extends TestEnvironment {
  handleTestEvent(event) {
    if (event.name === 'setup') {
      const circus = process.rawListeners('unhandledRejection');
      process.removeAllListeners('unhandledRejection');
      this.filter = (reason, promise) => {
        if (isSdkQueuedRequestRejection(reason)) {
          process.stderr.write(`[e2e] the SDK left a queued request's rejection unhandled: ${reason.message}\n`);
          return;
        }
        for (const listener of circus) listener(reason, promise);
      };
      process.on('unhandledRejection', this.filter);
    } else if (event.name === 'teardown' && this.filter) {
      process.removeListener('unhandledRejection', this.filter);
      this.filter = undefined;
    }
  }
}

module.exports = SdkAwareEnvironment;
module.exports.isSdkQueuedRequestRejection = isSdkQueuedRequestRejection;
