/** How a service reports on itself: its background gauges and its graceful shutdown. */
export interface OperationsSettings {
  /** Pause between background refreshes of the gauges read from the database and the broker (METRICS_REFRESH_INTERVAL_SECONDS). */
  metricsRefreshIntervalMs: number;
  /**
   * How long a stopping service keeps serving after /health/ready turned 503, so that load
   * balancers take it out before it stops accepting connections (SHUTDOWN_DRAIN_SECONDS).
   */
  drainDelayMs: number;
}

export const DEFAULT_OPERATIONS: OperationsSettings = { metricsRefreshIntervalMs: 15_000, drainDelayMs: 0 };
