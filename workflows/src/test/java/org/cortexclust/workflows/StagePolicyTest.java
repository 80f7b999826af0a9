package org.cortexclust.workflows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.common.RetryOptions;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.experiment.StageActivityOptions;
import org.junit.jupiter.api.Test;

/** Retries are bounded by time: the waits Temporal makes between attempts add up to the policy's retry minutes. */
class StagePolicyTest {
  /** The sum of the waits between the attempts Temporal makes under these retry options. */
  static double waitSeconds(RetryOptions r) {
    double sum = 0;
    double wait = r.getInitialInterval().toMillis() / 1000.0;
    for (int a = 1; a < r.getMaximumAttempts(); a++) {
      sum += wait;
      wait = Math.min(wait * r.getBackoffCoefficient(), r.getMaximumInterval().toMillis() / 1000.0);
    }
    return sum;
  }

  @Test
  void theDefaultsRideOutAStoreOutageOfMinutes() {
    RetryOptions r = StageActivityOptions.forStage(Stages.TRAINING, StagePolicy.defaults()).getRetryOptions();
    double waits = waitSeconds(r);
    // 15 minutes of retries: an outage of up to ~15 minutes is survived, and one of 30 s (which failed the old
    // 5-attempt policy after 2+4+8+16 s) many times over; the attempt after the store comes back is at most 30 s away
    assertTrue(waits >= 14.5 * 60 && waits <= 15 * 60, "waits " + waits + " s");
    assertEquals(30_000, r.getMaximumInterval().toMillis());
    assertTrue(StageActivityOptions.DO_NOT_RETRY.length > 0 && r.getDoNotRetry().length == StageActivityOptions.DO_NOT_RETRY.length);
  }

  @Test
  void attemptsCapAndTimeCombine() {
    assertEquals(3, new StagePolicy(5, 1, 3, 2, 15).attempts()); // the cap is lower
    assertEquals(5, new StagePolicy(5, 1, 5, 2).attempts()); // attempts only (no retry time)
    assertEquals(1 + 4 + 2, new StagePolicy(5, 1, 0, 2, 1.5).attempts()); // 2+4+8+16 = 30, +30 +30 = 90 s
  }

  @Test
  void meaninglessPoliciesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> new StagePolicy(0, 1, 3, 2, 15)); // heartbeat 0
    assertThrows(IllegalArgumentException.class, () -> new StagePolicy(5, 1, 0, 2, 0)); // nothing bounds retries
    assertThrows(IllegalArgumentException.class, () -> new StagePolicy(5, 1, -1, 2, 15));
  }
}
