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

  /**
   * While a stage body runs, heartbeat its latest details every {@code every} from a daemon thread, so work whose
   * progress steps are long (an epoch on a busy machine) is not mistaken for a dead worker. A dead JVM stops these
   * heartbeats too, so dead-worker detection still works. A cancellation seen here is raised on the stage's own
   * thread at its next progress report ({@link KeepAlive#throwIfCancelled}).
   */
  public static KeepAlive keepAlive(java.util.function.Supplier<Object> details, java.time.Duration every) {
    Optional<ActivityExecutionContext> ctx = context();
    java.time.Duration hb = ctx.map(c -> c.getInfo().getHeartbeatTimeout()).orElse(java.time.Duration.ZERO);
    java.time.Duration period = hb.isZero() ? every : java.time.Duration.ofMillis(Math.max(200, Math.min(every.toMillis(), hb.toMillis() / 3)));
    KeepAlive k = new KeepAlive(ctx.orElse(null), details, period);
    if (ctx.isPresent()) {
      k.thread.start();
    }
    return k;
  }

  /** See {@link #keepAlive}. */
  public static final class KeepAlive implements AutoCloseable {
    private final Thread thread;
    private volatile RuntimeException cancelled;
    private volatile boolean closed;

    KeepAlive(ActivityExecutionContext ctx, java.util.function.Supplier<Object> details, java.time.Duration every) {
      this.thread = new Thread(() -> {
        while (!closed) {
          try {
            Thread.sleep(every.toMillis());
          } catch (InterruptedException e) {
            return;
          }
          if (closed) {
            return;
          }
          try {
            ctx.heartbeat(details.get());
          } catch (io.temporal.client.ActivityCompletionException e) {
            cancelled = e;
            return;
          } catch (RuntimeException e) {
            // a transient failure to heartbeat: the next tick tries again
            org.slf4j.LoggerFactory.getLogger(StageActivitySupport.class).warn("keep-alive heartbeat failed: {}", e.toString());
          }
        }
      }, "stage-keepalive");
      thread.setDaemon(true);
    }

    /** Raise a cancellation (or heartbeat timeout) observed by the keep-alive thread. */
    public void throwIfCancelled() {
      RuntimeException c = cancelled;
      if (c != null) {
        throw c;
      }
    }

    @Override
    public void close() {
      closed = true;
      thread.interrupt();
    }
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
    String msg = stage + ": " + org.cortexclust.common.store.Redaction.text(e.getMessage() == null ? e.toString() : e.getMessage());
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
