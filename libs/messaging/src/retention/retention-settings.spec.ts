import { DEFAULT_RETENTION, retentionSettings } from './retention-settings';

describe('retentionSettings', () => {
  it('reads each period from its variable, with its default and bounds', () => {
    const asked: string[] = [];
    const settings = retentionSettings((name, fallback, min, max) => {
      asked.push(`${name} ${fallback} ${min}..${max}`);
      return fallback;
    });

    expect(asked).toEqual([
      'OUTBOX_RETENTION_DAYS 7 1..3650',
      'INBOX_RETENTION_DAYS 30 8..3650',
      'DEAD_LETTER_RETENTION_DAYS 90 1..3650',
      'RETENTION_PRUNE_INTERVAL_SECONDS 600 10..86400',
      'RETENTION_PRUNE_BATCH_SIZE 1000 1..100000',
    ]);
    expect(settings).toEqual(DEFAULT_RETENTION);
  });

  it('keeps inbox rows longer than Kafka keeps messages by default (7 days), so that no redelivery is applied twice', () => {
    let inboxMinimum = 0;
    retentionSettings((name, fallback, min) => {
      if (name === 'INBOX_RETENTION_DAYS') inboxMinimum = min;
      return fallback;
    });
    expect(inboxMinimum).toBeGreaterThan(7);
  });

  it('takes the values the reader returns', () => {
    expect(retentionSettings((name, fallback) => (name === 'OUTBOX_RETENTION_DAYS' ? 2 : fallback)).outboxDays).toBe(2);
  });
});
