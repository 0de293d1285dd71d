/**
 * How long the messaging tables keep rows. Pruning removes only what can no longer matter:
 * - published outbox rows (unpublished ones are never pruned, whatever their age);
 * - inbox rows, which make redeliveries harmless: a redelivery of an event whose inbox row
 *   is gone would be applied again, so this period must be longer than any redelivery
 *   horizon (the Kafka topics' retention, or the longest a service may stay down with
 *   events of its own published but not yet marked);
 * - dead letters, kept in the outbox as the operators' record of what could not be
 *   processed (on the in-process bus nobody else holds them), pruned once published.
 */
export interface RetentionSettings {
  outboxDays: number;
  inboxDays: number;
  deadLetterDays: number;
  /** Pause between pruning passes. */
  intervalSeconds: number;
  /** Rows deleted per statement: short transactions that never hold many locks. */
  batchSize: number;
}

/** Each setting: its environment variable, default and bounds. */
export const RETENTION_VARIABLES = {
  outboxDays: { name: 'OUTBOX_RETENTION_DAYS', fallback: 7, min: 1, max: 3650 },
  // Kafka keeps a topic's messages 7 days by default: the inbox must outlive that.
  inboxDays: { name: 'INBOX_RETENTION_DAYS', fallback: 30, min: 8, max: 3650 },
  deadLetterDays: { name: 'DEAD_LETTER_RETENTION_DAYS', fallback: 90, min: 1, max: 3650 },
  intervalSeconds: { name: 'RETENTION_PRUNE_INTERVAL_SECONDS', fallback: 600, min: 10, max: 86_400 },
  batchSize: { name: 'RETENTION_PRUNE_BATCH_SIZE', fallback: 1000, min: 1, max: 100_000 },
} as const satisfies Record<keyof RetentionSettings, { name: string; fallback: number; min: number; max: number }>;

/** Reads one integer setting, validated (the platform's config loader supplies it, so that a bad value stops the service with one line). */
export type IntegerSetting = (name: string, fallback: number, min: number, max: number) => number;

export function retentionSettings(read: IntegerSetting): RetentionSettings {
  const settings = {} as RetentionSettings;
  for (const [key, { name, fallback, min, max }] of Object.entries(RETENTION_VARIABLES)) {
    settings[key as keyof RetentionSettings] = read(name, fallback, min, max);
  }
  return settings;
}

/** The defaults, for callers without an environment to read (tests, tools). */
export const DEFAULT_RETENTION: RetentionSettings = retentionSettings((_name, fallback) => fallback);
