package org.cortexclust.workflows.contract;

/**
 * Timeouts and retries of stage activities, carried in the request so a deployment (or a test) can tune them.
 *
 * <p>Retries are bounded by time, not by a count: an infrastructure failure (the store or a worker gone) is retried
 * with back-off from {@code retryInitialSeconds}, doubling up to {@link #MAX_RETRY_INTERVAL_SECONDS}, for as long as the
 * waits between attempts add up to at most {@code retryMinutes}, so an outage shorter than that is survived whatever
 * the number of attempts it costs. Bad input is never retried ({@code StageActivityOptions.DO_NOT_RETRY}).
 *
 * @param heartbeatSeconds    a worker that has not heartbeated for this long is presumed dead and the attempt retried
 *                            (at least 1)
 * @param stageHours          start-to-close limit of one attempt of a long stage (training, DEC)
 * @param maxAttempts         an additional cap on attempts per stage; 0 = no cap (the retry time bounds them)
 * @param retryInitialSeconds first retry delay (doubles each time, at most {@link #MAX_RETRY_INTERVAL_SECONDS})
 * @param retryMinutes        how long a failing stage keeps being retried (sum of the waits); 0 = bounded by
 *                            {@code maxAttempts} only
 */
public record StagePolicy(int heartbeatSeconds, double stageHours, int maxAttempts, double retryInitialSeconds, double retryMinutes) {
  /** The longest wait between two attempts: an outage that ends is noticed within this. */
  public static final double MAX_RETRY_INTERVAL_SECONDS = 30;

  public StagePolicy {
    if (heartbeatSeconds < 1) {
      throw new IllegalArgumentException("heartbeat timeout must be at least 1 s, got " + heartbeatSeconds);
    }
    if (maxAttempts < 0 || retryMinutes < 0 || retryInitialSeconds <= 0 || !(stageHours > 0)) {
      throw new IllegalArgumentException("invalid stage policy: max attempts " + maxAttempts + ", retry minutes " + retryMinutes
          + ", first retry " + retryInitialSeconds + " s, stage hours " + stageHours);
    }
    if (maxAttempts == 0 && retryMinutes == 0) {
      throw new IllegalArgumentException("a stage policy needs a retry time or a number of attempts (both are 0)");
    }
  }

  /** Bounded by attempts only (no retry time). */
  public StagePolicy(int heartbeatSeconds, double stageHours, int maxAttempts, double retryInitialSeconds) {
    this(heartbeatSeconds, stageHours, maxAttempts, retryInitialSeconds, 0);
  }

  /** The defaults of {@code run}, {@code sweep} and {@code cluster}: 2 minutes heartbeat, 15 minutes of retries. */
  public static StagePolicy defaults() {
    return new StagePolicy(120, 48, 0, 2, 15);
  }

  /**
   * Attempts the policy allows: the first one plus every retry whose wait still fits in {@code retryMinutes}, capped by
   * {@code maxAttempts} when that is set.
   */
  public int attempts() {
    int byTime = Integer.MAX_VALUE;
    if (retryMinutes > 0) {
      double budget = retryMinutes * 60;
      double wait = retryInitialSeconds;
      double used = 0;
      byTime = 1;
      while (used + wait <= budget + 1e-9 && byTime < 10_000) {
        used += wait;
        byTime++;
        wait = Math.min(wait * 2, Math.max(MAX_RETRY_INTERVAL_SECONDS, retryInitialSeconds));
      }
    }
    return maxAttempts > 0 ? Math.min(maxAttempts, byTime) : byTime;
  }
}
