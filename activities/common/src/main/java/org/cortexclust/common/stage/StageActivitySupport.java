package org.cortexclust.common.stage;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.failure.ApplicationFailure;
import java.util.Optional;
import org.cortexclust.common.io.NpyFormatException;

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
   *
   * <p>The heartbeats carry the stage's progress, and they only keep a stage alive while that progress moves: when
   * the details have not changed for {@code stall} (zero: never), the stage is presumed hung, the keep-alive stops
   * heartbeating (so Temporal times the attempt out and retries it), interrupts the stage's thread and raises a
   * {@link StageStalledException} at its next progress report.
   */
  public static KeepAlive keepAlive(java.util.function.Supplier<Object> details, java.time.Duration every, java.time.Duration stall) {
    Optional<ActivityExecutionContext> ctx = context();
    java.time.Duration hb = ctx.map(c -> c.getInfo().getHeartbeatTimeout()).orElse(java.time.Duration.ZERO);
    java.time.Duration period = hb.isZero() ? every : java.time.Duration.ofMillis(Math.max(200, Math.min(every.toMillis(), hb.toMillis() / 3)));
    KeepAlive k = new KeepAlive(ctx.orElse(null), details, period, stall, Thread.currentThread());
    if (ctx.isPresent()) {
      k.thread.start();
    }
    return k;
  }

  /** Without stall detection. */
  public static KeepAlive keepAlive(java.util.function.Supplier<Object> details, java.time.Duration every) {
    return keepAlive(details, every, java.time.Duration.ZERO);
  }

  /** A stage whose progress did not move for the stall timeout (retryable: the next attempt may not hang). */
  public static final class StageStalledException extends RuntimeException {
    public StageStalledException(String message) {
      super(message);
    }
  }

  /** See {@link #keepAlive}. */
  public static final class KeepAlive implements AutoCloseable {
    private final Thread thread;
    private volatile RuntimeException cancelled;
    private volatile boolean closed;

    KeepAlive(ActivityExecutionContext ctx, java.util.function.Supplier<Object> details, java.time.Duration every,
        java.time.Duration stall, Thread body) {
      this.thread = new Thread(() -> {
        Object seen = details.get();
        long movedAt = System.nanoTime();
        while (!closed) {
          try {
            Thread.sleep(every.toMillis());
          } catch (InterruptedException e) {
            return;
          }
          if (closed) {
            return;
          }
          Object now = details.get();
          if (!java.util.Objects.equals(now, seen)) {
            seen = now;
            movedAt = System.nanoTime();
          } else if (!stall.isZero() && System.nanoTime() - movedAt >= stall.toNanos()) {
            String msg = "no progress for " + human(stall) + " (last: " + now + "); presumed hung, the attempt is retried";
            org.slf4j.LoggerFactory.getLogger(StageActivitySupport.class).error("stage stalled: {}", msg);
            cancelled = new StageStalledException(msg);
            body.interrupt();
            return; // no more heartbeats: Temporal times this attempt out and schedules the next
          }
          try {
            ctx.heartbeat(now);
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

    /** Raise a cancellation (or heartbeat timeout, or stall) observed by the keep-alive thread. */
    public void throwIfCancelled() {
      RuntimeException c = cancelled;
      if (c != null) {
        throw c;
      }
    }

    /** The stall seen by the keep-alive thread, if any (the stage's own failure may hide it). */
    public Optional<RuntimeException> stalled() {
      return cancelled instanceof StageStalledException ? Optional.of(cancelled) : Optional.empty();
    }

    @Override
    public void close() {
      closed = true;
      thread.interrupt();
    }
  }

  static String human(java.time.Duration d) {
    long s = d.toSeconds();
    return s >= 120 ? (s / 60) + " min" : s + " s";
  }

  /**
   * Whether {@code e} means the stage was stopped because its worker is shutting down, not that it failed: the
   * interrupt of a stopping worker ({@link org.cortexclust.common.progress.Progress#stopIfInterrupted}) or
   * Temporal's worker-shutdown answer to a heartbeat.
   */
  public static boolean isShutdown(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof java.util.concurrent.CancellationException
          || t instanceof io.temporal.client.ActivityWorkerShutdownException) {
        return true;
      }
    }
    return false;
  }

  /** The attempt number (1 outside an activity). */
  public static int attempt() {
    return context().map(c -> c.getInfo().getAttempt()).orElse(1);
  }

  /**
   * Translate a stage failure: bad input ({@link #isBadInput}: {@link IllegalArgumentException}, which
   * {@code ConfigException} and data validation errors extend, and unreadable array files) becomes non-retryable;
   * everything else stays retryable.
   */
  public static RuntimeException failure(String stage, Throwable e) {
    if (context().isEmpty()) {
      return e instanceof RuntimeException r ? r : new StageFailedException(stage, e);
    }
    if (e instanceof ApplicationFailure af) {
      return af;
    }
    String msg = stage + ": " + org.cortexclust.common.store.Redaction.text(e.getMessage() == null ? e.toString() : e.getMessage());
    if (isBadInput(e)) {
      return ApplicationFailure.newNonRetryableFailureWithCause(msg, BAD_INPUT, e);
    }
    return ApplicationFailure.newFailureWithCause(msg, e.getClass().getSimpleName(), e);
  }

  /**
   * Whether a failure is bad input, never retried: an {@link IllegalArgumentException}, or an unreadable array file
   * ({@link NpyFormatException}: truncated, overflowing shape, unsupported dtype) anywhere in the cause chain.
   */
  public static boolean isBadInput(Throwable e) {
    if (e instanceof IllegalArgumentException) return true;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof NpyFormatException) return true;
    }
    return false;
  }

  /** A stage failure outside Temporal. */
  public static final class StageFailedException extends RuntimeException {
    public StageFailedException(String stage, Throwable cause) {
      super(stage + ": " + cause.getMessage(), cause);
    }
  }
}
