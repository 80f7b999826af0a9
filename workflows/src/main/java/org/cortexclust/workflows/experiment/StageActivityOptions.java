package org.cortexclust.workflows.experiment;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import java.time.Duration;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;

/** The one place that owns timeouts, retries and task queues of stage activities. */
public final class StageActivityOptions {
  /** Failure types that retrying cannot fix. */
  public static final String[] DO_NOT_RETRY = {"BadInput", "java.lang.IllegalArgumentException",
      "org.cortexclust.common.config.ConfigException"};

  private StageActivityOptions() {}

  /** GPU-heavy stages go to the gpu queue, the rest to cpu. */
  public static String queueOf(String stage) {
    return switch (stage) {
      case Stages.TRAINING, Stages.EMBEDDINGS, Stages.DEC -> Stages.GPU_QUEUE;
      default -> Stages.CPU_QUEUE;
    };
  }

  public static ActivityOptions forStage(String stage, StagePolicy p) {
    boolean longStage = stage.equals(Stages.TRAINING) || stage.equals(Stages.DEC);
    Duration startToClose = longStage ? Duration.ofMinutes(Math.round(p.stageHours() * 60)) : Duration.ofHours(6);
    return ActivityOptions.newBuilder()
        .setTaskQueue(queueOf(stage))
        .setStartToCloseTimeout(startToClose)
        .setHeartbeatTimeout(Duration.ofSeconds(p.heartbeatSeconds()))
        .setRetryOptions(RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofMillis(Math.round(p.retryInitialSeconds() * 1000)))
            .setBackoffCoefficient(2)
            .setMaximumInterval(Duration.ofMillis(Math.round(1000 * Math.max(StagePolicy.MAX_RETRY_INTERVAL_SECONDS, p.retryInitialSeconds()))))
            .setMaximumAttempts(p.attempts())
            .setDoNotRetry(DO_NOT_RETRY)
            .build())
        .build();
  }
}
