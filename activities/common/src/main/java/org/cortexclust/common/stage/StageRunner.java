package org.cortexclust.common.stage;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.cortexclust.common.config.ExperimentConfig;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.lineage.OpenLineageEvents;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.BlobRef;
import org.cortexclust.common.store.CodeVersion;
import org.cortexclust.common.store.Redaction;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one stage with memoisation: the stage key is SHA-256 of (stage, input artifact ids, config-slice hash, code
 * version). When a manifest with that key exists the body is skipped (cache hit). Otherwise the body runs in a
 * scratch directory, its outputs are uploaded as blobs, and the manifest is published last, so a crash at any
 * point leaves nothing a reader would trust. Resumable bodies checkpoint through {@link StageWork#checkpoint}.
 */
public final class StageRunner {
  private static final Logger LOG = LoggerFactory.getLogger(StageRunner.class);
  private static final ObjectMapper JSON = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  private final ArtifactStore store;
  private final MeterRegistry registry;
  private final Path workRoot;
  private final Map<String, String> libraries;
  private final OpenLineageEvents lineage;
  private final Duration stall;

  /** Threads running a stage body in this JVM, with the stage's id (see {@link #stopRunning}). */
  private static final Map<Thread, String> RUNNING = new java.util.concurrent.ConcurrentHashMap<>();

  /**
   * Interrupt every stage body running in this JVM and wait up to {@code timeout} for their threads to leave it. A
   * worker that is shutting down calls this before the JVM exits: a body interrupted between training steps stops
   * at the next step ({@link Progress#stopIfInterrupted}); its last checkpoint stays in the store, so the next
   * attempt resumes from it, and nothing is published. A thread still inside native code (LibTorch) when the
   * process tears down would crash the JVM instead.
   *
   * @return the ids of the stages whose threads were still running when the time was up
   */
  public static List<String> stopRunning(Duration timeout) {
    Map<Thread, String> now = new java.util.HashMap<>(RUNNING);
    now.keySet().forEach(Thread::interrupt);
    long deadline = System.nanoTime() + timeout.toNanos();
    // a body has left when its thread is out of RUNNING (a pooled thread lives on after its activity)
    while (now.keySet().stream().anyMatch(t -> RUNNING.get(t) == now.get(t)) && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return now.entrySet().stream().filter(e -> RUNNING.get(e.getKey()) == e.getValue()).map(Map.Entry::getValue).toList();
  }

  /** The default stall timeout: a stage whose progress has not moved for 30 minutes is presumed hung. */
  public static final Duration DEFAULT_STALL = Duration.ofMinutes(30);

  public StageRunner(ArtifactStore store, MeterRegistry registry, Path workRoot, Map<String, String> libraries) {
    this(store, registry, workRoot, libraries, DEFAULT_STALL);
  }

  /** @param stall a stage whose progress has not moved for this long fails and is retried (zero: never) */
  public StageRunner(ArtifactStore store, MeterRegistry registry, Path workRoot, Map<String, String> libraries, Duration stall) {
    this.stall = stall;
    this.store = store;
    this.registry = registry;
    this.workRoot = workRoot;
    this.libraries = new TreeMap<>(libraries);
    this.lineage = new OpenLineageEvents(store);
  }

  public ArtifactStore store() {
    return store;
  }

  /** The folder stage bodies run in (under the project home). */
  public Path workRoot() {
    return workRoot;
  }

  /** The key of a stage run, before it runs. */
  public static String stageKey(String stage, Map<String, String> inputs, String sliceSha, CodeVersion code) {
    return stageKey(stage, inputs, sliceSha, code, null);
  }

  /** As above, with the fingerprint of the content read from outside the store (null: none; the key is unchanged). */
  public static String stageKey(String stage, Map<String, String> inputs, String sliceSha, CodeVersion code, String source) {
    Map<String, Object> k = new LinkedHashMap<>();
    k.put("stage", stage);
    k.put("inputs", new TreeMap<>(inputs));
    k.put("config", sliceSha);
    k.put("code", code.id());
    if (source != null) {
      k.put("source", source);
    }
    try {
      return ArtifactStore.sha256(JSON.writeValueAsBytes(k));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Run {@code body} for {@code in} unless its result exists.
   *
   * @param sliceKeys top-level config keys this stage depends on (e.g. {@code List.of("seed", "data", "training")})
   */
  public StageOutput run(StageInput in, List<String> sliceKeys, StageBody body) {
    return run(in, sliceKeys, null, body);
  }

  /**
   * As {@link #run(StageInput, List, StageBody)} for a stage that reads content from outside the store: {@code source}
   * fingerprints it and the fingerprint joins the key. The slice is keyed and recorded with secrets in URLs redacted
   * ({@link Redaction}): a re-signed URL to the same content is the same key, changed content is a new one.
   */
  public StageOutput run(StageInput in, List<String> sliceKeys, SourceFingerprint source, StageBody body) {
    String stage = in.stage();
    Object[] details = {Map.of("stage", stage, "phase", "starting")};
    StageProgressLog progressLog = null;
    try (StageActivitySupport.KeepAlive alive = StageActivitySupport.keepAlive(() -> details[0], Duration.ofSeconds(10), stall)) {
      LoadedConfig cfg = ConfigLoader.fromCanonicalJson(in.configJson());
      String slice = Redaction.text(cfg.sliceJson(sliceKeys));
      String sliceSha = LoadedConfig.sha256Hex(slice);
      CodeVersion code = CodeVersion.current();
      String fingerprint = source == null ? null : source.of(cfg.config());
      String key = stageKey(stage, in.inputs(), sliceSha, code, fingerprint);
      String id = StageManifest.idFor(stage, key);

      Optional<StageManifest> existing = store.findManifest(id);
      if (existing.isPresent()) {
        counter(stage, "hit").increment();
        LOG.info("{}: cache hit {}", stage, id);
        StageProgressLog.cached(store, in.runId(), stage, id);
        return new StageOutput(stage, id, true, existing.get().metrics(), 0);
      }
      counter(stage, "miss").increment();

      Map<String, StageManifest> inputs = new TreeMap<>();
      for (var e : in.inputs().entrySet()) {
        inputs.put(e.getKey(), store.manifest(e.getValue()));
      }
      Files.createDirectories(workRoot);
      Path dir = Files.createTempDirectory(workRoot, id + "-");
      Instant start = Instant.now();
      int attempt = StageActivitySupport.attempt();
      lineage.start(id, attempt, stage, in.runId(), in.inputs());
      Work work = new Work(cfg.config(), id, stage, dir, inputs);
      progressLog = StageProgressLog.start(store, in.runId(), stage, id, attempt);
      work.progressLog = progressLog;
      LOG.info("{}: running {} (attempt {})", stage, id, attempt);
      Timer.Sample sample = Timer.start(registry);
      RUNNING.put(Thread.currentThread(), id);
      try {
        work.keepAlive = alive;
        work.shared = details;
        body.run(work);
      } catch (Throwable e) {
        if (alive.stalled().isPresent()) {
          e = alive.stalled().get(); // the interrupt it caused is not the stage's own failure
        }
        try {
          if (StageActivitySupport.isShutdown(e)) {
            lineage.abort(id, attempt, stage, in.runId(), in.inputs(), e);
          } else {
            lineage.fail(id, attempt, stage, in.runId(), in.inputs(), e);
          }
        } catch (IOException ignored) {
          // the stage failure is what matters
        }
        throw e;
      } finally {
        RUNNING.remove(Thread.currentThread());
        sample.stop(Timer.builder("cortexclust.stage.duration").description("Wall time of stage bodies")
            .tag("stage", stage).register(registry));
      }
      Instant end = Instant.now();
      StageManifest m = new StageManifest(StageManifest.SCHEMA, id, key, stage, in.runId(), sliceSha, slice, in.inputs(), code,
          libraries, cfg.config().seed(), host(), start.toString(), end.toString(), work.metrics, work.outputs);
      store.publish(m);
      lineage.complete(m, attempt);
      progressLog.succeeded();
      store.remove(checkpointPointer(id));
      deleteTree(dir);
      double secs = Duration.between(start, end).toMillis() / 1000.0;
      LOG.info("{}: published {} in {} s", stage, id, String.format("%.1f", secs));
      return new StageOutput(stage, id, false, work.metrics, secs);
    } catch (Throwable e) {
      if (StageActivitySupport.isShutdown(e)) {
        if (progressLog != null) {
          progressLog.interrupted();
        }
        LOG.info("{}: stopped, the worker is shutting down (the next attempt resumes from the last checkpoint)", stage);
        throw StageActivitySupport.failure(stage, e);
      }
      if (progressLog != null) {
        progressLog.failed(e); // the body, publishing or cleaning up: the record says failed, its writer stops
      }
      Counter.builder("cortexclust.stage.failures").description("Stage attempts that failed").tag("stage", stage)
          .register(registry).increment();
      LOG.warn("{}: failed: {}", stage, Redaction.text(e.toString()));
      throw StageActivitySupport.failure(stage, e);
    }
  }

  private Counter counter(String stage, String result) {
    return Counter.builder("cortexclust.stage.cache").description("Stage cache lookups (hit = skipped, miss = computed)")
        .tag("stage", stage).tag("result", result).register(registry);
  }

  static String checkpointPointer(String id) {
    return "checkpoints/" + id + "/latest.json";
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown";
    }
  }

  static void deleteTree(Path dir) {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      LOG.debug("could not delete {}", dir, e);
    }
  }

  /** Pointer to the newest checkpoint of a stage key. */
  /** @param unit what a step counts (the progress phase reported with it, e.g. "epoch"; null in older pointers) */
  public record CheckpointPointer(BlobRef blob, long step, Map<String, Double> values, String writtenAt, String unit) {}

  private final class Work implements StageWork {
    private final ExperimentConfig config;
    private final String id;
    private final String stage;
    private final Path dir;
    private final Map<String, StageManifest> inputs;
    final Map<String, Double> metrics = new TreeMap<>();
    final Map<String, BlobRef> outputs = new TreeMap<>();
    private long lastLog;
    private final Progress progress;
    volatile StageActivitySupport.KeepAlive keepAlive;
    /** slot read by the keep-alive heartbeat: the latest progress details */
    volatile Object[] shared = new Object[1];
    /** the newest checkpoint of this attempt and the one it resumed from (-1: none), carried in every heartbeat */
    private volatile long checkpointStep = -1;
    private volatile long resumedFrom = -1;
    private volatile String checkpointUnit = "step";
    private volatile String resumedUnit = "step";
    private volatile String lastPhase;
    private volatile long lastDone = -1;
    /** the stage's progress in the store, for readers of the store (the web view) */
    StageProgressLog progressLog;

    Work(ExperimentConfig config, String id, String stage, Path dir, Map<String, StageManifest> inputs) {
      this.config = config;
      this.id = id;
      this.stage = stage;
      this.dir = dir;
      this.inputs = inputs;
      this.progress = (phase, done, total, values) -> {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("stage", stage);
        d.put("phase", phase);
        d.put("done", done);
        d.put("total", total);
        d.put("values", values);
        sticky(d);
        lastPhase = phase;
        lastDone = done;
        shared[0] = d;
        if (progressLog != null) {
          progressLog.report(phase, done, total, values);
        }
        if (keepAlive != null) {
          keepAlive.throwIfCancelled();
        }
        Progress.stopIfInterrupted(); // a stopping worker: every stage stops at its next report
        StageActivitySupport.heartbeat(d);
        long now = System.nanoTime();
        if (now - lastLog > 10_000_000_000L || done == total) {
          // the CLI shows progress from heartbeats; a worker's log gets a line every 10 s at most
          lastLog = now;
          LOG.debug("{}: {} {}/{} {}", stage, phase, done, total, values);
        }
      };
    }

    /** Where this attempt is in its checkpoints, so a client (the CLI, an interrupted run's record) can say it. */
    private void sticky(Map<String, Object> d) {
      if (checkpointStep >= 0) {
        d.put("checkpoint_step", checkpointStep);
        d.put("checkpoint_unit", checkpointUnit);
      }
      if (resumedFrom >= 0) {
        d.put("resumed_from", resumedFrom);
        d.put("resumed_unit", resumedUnit);
      }
    }

    @Override
    public ExperimentConfig config() {
      return config;
    }

    @Override
    public long seed() {
      return config.seed();
    }

    @Override
    public Path workDir() {
      return dir;
    }

    @Override
    public Path inputFile(String input, String fileName) throws IOException {
      return store.localCopy(inputManifest(input).output(fileName));
    }

    @Override
    public boolean hasInput(String input) {
      return inputs.containsKey(input);
    }

    @Override
    public StageManifest inputManifest(String input) {
      StageManifest m = inputs.get(input);
      if (m == null) {
        throw new IllegalArgumentException(stage + " needs input '" + input + "' but got " + inputs.keySet());
      }
      return m;
    }

    @Override
    public void addOutput(String name, Path file) throws IOException {
      outputs.put(name, store.putFile(file));
    }

    @Override
    public void metric(String name, double value) {
      metrics.put(name, value);
    }

    @Override
    public Progress progress() {
      return progress;
    }

    @Override
    public void checkpoint(Path file, long step, Map<String, Double> values) throws IOException {
      BlobRef ref = store.putFile(file);
      // what a step counts: the phase last reported at this step (or the one before, for a stage that reports an
      // epoch just after checkpointing it), e.g. "epoch"
      String unit = lastPhase != null && (lastDone == step || lastDone == step - 1) ? lastPhase : "step";
      store.putJson(checkpointPointer(id), new CheckpointPointer(ref, step, values, Instant.now().toString(), unit));
      checkpointStep = step;
      checkpointUnit = unit;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("stage", stage);
      d.put("phase", "checkpoint");
      d.put("done", step);
      d.put("checkpoint", ref.sha256());
      d.put("values", values);
      sticky(d);
      shared[0] = d;
      StageActivitySupport.heartbeat(d);
    }

    @Override
    public Optional<Checkpoint> latestCheckpoint() throws IOException {
      Optional<CheckpointPointer> p = store.getJson(checkpointPointer(id), CheckpointPointer.class);
      if (p.isEmpty()) {
        return Optional.empty();
      }
      Path local = store.localCopy(p.get().blob());
      String unit = p.get().unit() == null ? "step" : p.get().unit();
      LOG.info("{}: resuming from the checkpoint after {} {}", stage, unit, p.get().step());
      resumedFrom = p.get().step();
      resumedUnit = unit;
      checkpointStep = p.get().step();
      checkpointUnit = unit;
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("stage", stage);
      d.put("phase", "resuming");
      d.put("done", p.get().step());
      sticky(d);
      shared[0] = d;
      StageActivitySupport.heartbeat(d);
      return Optional.of(new Checkpoint(local, p.get().step()));
    }
  }
}
