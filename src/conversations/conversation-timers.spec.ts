import { timerInstants } from './conversation-timers';

describe('timerInstants', () => {
  const from = new Date('2024-01-02T03:04:05.000Z');
  const both = { inactive: 'PT1M', closed: 'PT10M' };

  it('active: inactive and closed instants counted from the last activity', () => {
    expect(timerInstants('active', both, from)).toEqual({
      dateInactive: new Date('2024-01-02T03:05:05.000Z'),
      dateClosed: new Date('2024-01-02T03:14:05.000Z'),
    });
  });

  it('inactive: only the closed timer is left', () => {
    expect(timerInstants('inactive', both, from)).toEqual({ dateInactive: null, dateClosed: new Date('2024-01-02T03:14:05.000Z') });
  });

  it('closed: no timers', () => {
    expect(timerInstants('closed', both, from)).toEqual({ dateInactive: null, dateClosed: null });
  });

  it('initializing: counts like active for the closed timer and has no inactive one', () => {
    expect(timerInstants('initializing', both, from)).toEqual({ dateInactive: null, dateClosed: new Date('2024-01-02T03:14:05.000Z') });
  });

  it('unset timers give no instants', () => {
    expect(timerInstants('active', { inactive: null, closed: null }, from)).toEqual({ dateInactive: null, dateClosed: null });
    expect(timerInstants('active', { inactive: 'PT1H', closed: null }, from)).toEqual({
      dateInactive: new Date('2024-01-02T04:04:05.000Z'),
      dateClosed: null,
    });
    expect(timerInstants('active', { inactive: null, closed: 'P1D' }, from)).toEqual({
      dateInactive: null,
      dateClosed: new Date('2024-01-03T03:04:05.000Z'),
    });
  });

  it('an unparseable stored duration gives no instant rather than an invalid date', () => {
    expect(timerInstants('active', { inactive: 'bogus', closed: 'PT1S' }, from)).toEqual({
      dateInactive: null,
      dateClosed: new Date('2024-01-02T03:04:06.000Z'),
    });
  });
});
