package org.cortexclust.common.stage;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;

/**
 * The one place where a running stage meets Temporal: heartbeats (progress and checkpoint ids) and the mapping
 * of errors to retryable or non-retryable failures. Outside an activity (tests, local tools) it does nothing.
 */
public final class StageActivitySupport {
  /** Failure type of errors that retrying cannot fix (bad config, malformed data). */
  public static final String BAD_INPUT = "BadInput";

  private StageActivitySupport() {}

  static Optional<ActivityExecutionContext> context() {
    try {
      return Optional.of(Activity.getExecutionContext());
    } catch (IllegalStateException | NullPointerException e) {
      return Optional.empty();
    }
  }

  /** Heartbeat {@code details} when running inside an activity (throws if the activity was cancelled). */
  public static void heartbeat(Object details) {
    context().ifPresent(c -> c.heartbeat(details));
  }

  /** The attempt number (1 outside an activity). */
  public static int attempt() {
    return context().map(c -> c.getInfo().getAttempt()).orElse(1);
  }

  /**
   * Translate a stage failure: bad input ({@link IllegalArgumentException}, which {@code ConfigException} and
   * data validation errors extend) becomes non-retryable; everything else stays retryable.
   */
  public static RuntimeException failure(String stage, Throwable e) {
    if (context().isEmpty()) {
      return e instanceof RuntimeException r ? r : new StageFailedException(stage, e);
    }
    if (e instanceof ApplicationFailure af) {
      return af;
    }
    String msg = stage + ": " + (e.getMessage() == null ? e.toString() : e.getMessage());
    if (e instanceof IllegalArgumentException) {
      return ApplicationFailure.newNonRetryableFailureWithCause(msg, BAD_INPUT, e);
    }
    return ApplicationFailure.newFailureWithCause(msg, e.getClass().getSimpleName(), e);
  }

  /** A stage failure outside Temporal. */
  public static final class StageFailedException extends RuntimeException {
    public StageFailedException(String stage, Throwable cause) {
      super(stage + ": " + cause.getMessage(), cause);
    }
  }
}
