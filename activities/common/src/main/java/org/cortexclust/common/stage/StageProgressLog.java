package org.cortexclust.common.stage;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.cortexclust.common.store.ArtifactStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stage's progress as it runs, kept in the store at {@code progress/<runId>/<stage>.json} so that anything that
 * reads the store (the web view, in embedded and remote mode alike) sees stage states and per-epoch curves while
 * they are being made. Heartbeats carry only the latest numbers and vanish with the workflow; this keeps the curve.
 *
 * <p>Cheap by construction: the stage thread only updates memory; one shared daemon thread writes the newest
 * snapshot at most once a second, and a store that is down only delays the picture (write failures are logged at
 * debug and never fail the stage). Curves are kept per progress phase that reports values ("epoch", "dec", ...),
 * thinned to at most {@link #MAX_POINTS} points.
 */
public final class StageProgressLog {
  private static final Logger LOG = LoggerFactory.getLogger(StageProgressLog.class);
  static final int MAX_POINTS = 1000;
  /**
   * A running stage's record is rewritten at least this often even without new progress, so a reader can tell a
   * quiet stage (long steps) from one whose process is gone (its {@code updatedAt} stops moving).
   */
  static final long ALIVE_NANOS = 30_000_000_000L;
  private static final ScheduledExecutorService WRITER = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "stage-progress-log");
    t.setDaemon(true);
    return t;
  });

  /** One point of a curve: the phase's step and the values reported with it, {@code t} seconds after the start. */
  public record Point(long done, double t, Map<String, Double> values) {}

  /**
   * The stored record.
   *
   * @param state {@code running}, {@code succeeded}, {@code failed}, {@code interrupted} or {@code cached}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Record(String runId, String stage, String state, String artifactId, int attempt, String startedAt, String updatedAt,
      String phase, long done, long total, Map<String, Double> values, Map<String, List<Point>> curves, String error) {}

  private final ArtifactStore store;
  private final String key;
  private final String runId;
  private final String stage;
  private final String artifactId;
  private final int attempt;
  private final Instant start = Instant.now();
  private final Map<String, List<Point>> curves = new TreeMap<>();
  private String phase;
  private long done;
  private long total;
  private Map<String, Double> values = Map.of();
  private boolean dirty = true;
  private boolean closed;
  private long lastWrite = System.nanoTime();
  private ScheduledFuture<?> flusher;

  private StageProgressLog(ArtifactStore store, String runId, String stage, String artifactId, int attempt) {
    this.store = store;
    this.runId = runId;
    this.stage = stage;
    this.artifactId = artifactId;
    this.attempt = attempt;
    this.key = key(runId, stage);
  }

  /** The store key of a run's stage progress. */
  public static String key(String runId, String stage) {
    return prefix(runId) + safe(stage) + ".json";
  }

  /** The store prefix of a run's stage progress records. */
  public static String prefix(String runId) {
    return "progress/" + safe(runId) + "/";
  }

  /** A run id or stage name as it appears in a store key. */
  public static String safe(String s) {
    return s == null ? "none" : s.replaceAll("[^A-Za-z0-9._-]", "_");
  }

  /**
   * Start logging a stage that runs now; an earlier attempt's curves of the same artifact are kept, so a resumed
   * training continues its curve.
   */
  public static StageProgressLog start(ArtifactStore store, String runId, String stage, String artifactId, int attempt) {
    StageProgressLog log = new StageProgressLog(store, runId, stage, artifactId, attempt);
    try {
      store.getJson(log.key, Record.class).filter(r -> artifactId.equals(r.artifactId()) && r.curves() != null)
          .ifPresent(r -> r.curves().forEach((p, pts) -> log.curves.put(p, new ArrayList<>(pts))));
    } catch (Exception e) {
      LOG.debug("no earlier progress for {}", log.key, e);
    }
    log.flusher = WRITER.scheduleWithFixedDelay(log::flushIfDirty, 0, 1, TimeUnit.SECONDS);
    return log;
  }

  /**
   * A stage served from the cache: one record, written now, unless this run already has the record of computing
   * that artifact (a re-launched run keeps its curves).
   */
  public static void cached(ArtifactStore store, String runId, String stage, String artifactId) {
    StageProgressLog log = new StageProgressLog(store, runId, stage, artifactId, 0);
    try {
      if (store.getJson(log.key, Record.class)
          .filter(r -> artifactId.equals(r.artifactId()) && ("succeeded".equals(r.state()) || "cached".equals(r.state()))).isPresent()) {
        return;
      }
    } catch (Exception e) {
      LOG.debug("reading {}", log.key, e);
    }
    log.write(log.snapshot("cached", null));
  }

  /** What the stage reported (called on the stage's thread; memory only). */
  public synchronized void report(String phase, long done, long total, Map<String, Double> values) {
    Map<String, Double> v = values == null ? Map.of() : new TreeMap<>(values);
    if (!v.isEmpty() && phase != null && !"checkpoint".equals(phase)) {
      List<Point> c = curves.computeIfAbsent(phase, k -> new ArrayList<>());
      if (!c.isEmpty() && done < c.get(c.size() - 1).done()) {
        c.removeIf(p -> p.done() >= done); // the phase restarted (a new epoch's steps, or a resume from an older checkpoint)
      }
      if (!c.isEmpty() && c.get(c.size() - 1).done() == done) {
        c.remove(c.size() - 1);
      }
      c.add(new Point(done, (Instant.now().toEpochMilli() - start.toEpochMilli()) / 1000.0, v));
      if (c.size() > MAX_POINTS) {
        List<Point> thin = new ArrayList<>();
        for (int i = 0; i < c.size(); i++) {
          if (i % 2 == 0 || i == c.size() - 1) thin.add(c.get(i));
        }
        c.clear();
        c.addAll(thin);
      }
    }
    if (!"checkpoint".equals(phase)) {
      this.phase = phase;
      this.done = done;
      this.total = total;
      this.values = v;
    }
    dirty = true;
  }

  /**
   * The stage published its artifact: the final record, written before this returns (at most 10 s; the store just
   * worked). Final records go through the writer thread too, so no earlier snapshot can overwrite them.
   */
  public void succeeded() {
    Record r = stop("succeeded", null);
    if (r == null) return;
    try {
      WRITER.submit(() -> write(r)).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.debug("final progress of {} not confirmed: {}", key, e.toString());
    }
  }

  /** The stage failed: the final record, written by the writer thread without waiting (the store may be what failed). */
  public void failed(Throwable e) {
    Record r = stop("failed", e == null ? null : String.valueOf(e.getMessage()));
    if (r == null) return; // already ended (a failure after success, e.g. in clean-up, does not undo it)
    WRITER.execute(() -> write(r));
  }

  /** The stage was stopped because its worker is shutting down (its checkpoints are kept): the final record. */
  public void interrupted() {
    Record r = stop("interrupted", "the worker shut down; the next attempt resumes from the last checkpoint");
    if (r == null) return;
    WRITER.execute(() -> write(r));
  }

  /** End the log: the final record, or null when it had already ended. */
  private synchronized Record stop(String state, String error) {
    if (closed) return null;
    closed = true;
    if (flusher != null) {
      flusher.cancel(false);
    }
    return snapshot(state, error);
  }

  private void flushIfDirty() {
    Record r;
    synchronized (this) {
      if (closed || !dirty && System.nanoTime() - lastWrite < ALIVE_NANOS) return;
      dirty = false;
      lastWrite = System.nanoTime();
      r = snapshot("running", null);
    }
    write(r);
  }

  private synchronized Record snapshot(String state, String error) {
    Map<String, List<Point>> c = new LinkedHashMap<>();
    curves.forEach((p, pts) -> c.put(p, List.copyOf(pts)));
    return new Record(runId, stage, state, artifactId, attempt, start.toString(), Instant.now().toString(), phase, done, total,
        values, c, error);
  }

  private void write(Record r) {
    try {
      store.putJson(key, r);
    } catch (Exception e) {
      LOG.debug("progress of {} not written: {}", key, e.toString());
      if ("running".equals(r.state())) {
        synchronized (this) {
          dirty = true;
        }
      }
    }
  }
}
