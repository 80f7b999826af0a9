package org.cortexclust.workflows.contract;

/**
 * Timeouts and retries of stage activities, carried in the request so a deployment (or a test) can tune them.
 *
 * @param heartbeatSeconds  a worker that has not heartbeated for this long is presumed dead and the attempt retried
 * @param stageHours        start-to-close limit of one attempt of a long stage (training, DEC)
 * @param maxAttempts       attempts per stage before the experiment fails
 * @param retryInitialSeconds first retry delay (doubles each time, at most 10 minutes)
 */
public record StagePolicy(int heartbeatSeconds, double stageHours, int maxAttempts, double retryInitialSeconds) {
  public static StagePolicy defaults() {
    return new StagePolicy(120, 48, 5, 10);
  }
}
