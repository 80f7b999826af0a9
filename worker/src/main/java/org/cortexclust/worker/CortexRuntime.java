package org.cortexclust.worker;

import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.cortexclust.clustering.linalg.DotKernel;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.StoreSettings;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.training.engine.libtorch.TorchRuntime;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.experiment.ExperimentWorkflowImpl;
import org.cortexclust.workflows.sweep.SweepWorkflowImpl;
import org.cortexclust.worker.sweep.SweepActivitiesImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a process needs: the artifact store, a Temporal client and, when asked, a worker; in the embedded
 * default also the Temporal test server and S3 server on loopback. The same code paths serve remote clusters.
 */
public final class CortexRuntime implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CortexRuntime.class);
  /** The embedded default serves both task queues from one worker. */
  public static final List<String> ALL_QUEUES = List.of(Stages.CPU_QUEUE, Stages.GPU_QUEUE);

  public final Connection connection;
  public final PrometheusMeterRegistry registry;
  public final ArtifactStore store;
  public final WorkflowServiceStubs stubs;
  public final WorkflowClient client;
  private final EmbeddedS3 s3;
  private final EmbeddedTemporal temporal;
  private final Scope scope;
  private WorkerFactory factory;
  private MetricsServer metrics;

  private CortexRuntime(Connection c, PrometheusMeterRegistry registry, ArtifactStore store, WorkflowServiceStubs stubs,
      WorkflowClient client, EmbeddedS3 s3, EmbeddedTemporal temporal, Scope scope) {
    this.connection = c;
    this.registry = registry;
    this.store = store;
    this.stubs = stubs;
    this.client = client;
    this.s3 = s3;
    this.temporal = temporal;
    this.scope = scope;
  }

  /** Connect (embedded: start the services first). Workers are started separately with {@link #startWorker}. */
  public static CortexRuntime open(Connection c) throws IOException {
    return open(c, true);
  }

  /** @param withTemporal false for commands that only read the artifact store (status, lineage, report, export) */
  public static CortexRuntime open(Connection c, boolean withTemporal) throws IOException {
    Files.createDirectories(c.home());
    PrometheusMeterRegistry registry = MetricsServer.newRegistry();
    EmbeddedS3 s3 = null;
    EmbeddedTemporal temporal = null;
    try {
      StoreSettings settings;
      if (c.s3Endpoint() == null || c.s3Endpoint().isBlank()) {
        s3 = EmbeddedS3.start(c.home(), 0);
        settings = s3.settings(c.home().resolve("cache"));
      } else {
        S3Credentials cred = c.s3Credentials();
        LOG.info("S3 credentials from {}", cred.source());
        settings = new StoreSettings(c.s3Endpoint(), c.bucket() == null ? EmbeddedS3.BUCKET : c.bucket(), cred.accessKey(), cred.secretKey(),
            c.home().resolve("cache"), cred.sessionToken());
      }
      ArtifactStore store = new ArtifactStore(settings, registry);
      store.ensureBucket();
      if (!withTemporal) {
        return new CortexRuntime(c, registry, store, null, null, s3, null, null);
      }
      String target;
      if (c.embedded()) {
        temporal = EmbeddedTemporal.start(0);
        target = temporal.target();
      } else {
        target = c.temporalTarget();
      }
      Scope scope = new RootScopeBuilder().reporter(new MicrometerClientStatsReporter(registry))
          .reportEvery(com.uber.m3.util.Duration.ofSeconds(2));
      WorkflowServiceStubsOptions.Builder so = c.temporalSettings() != null && !c.temporalSettings().embedded() && !c.embedded()
          ? c.temporalSettings().stubOptions() : WorkflowServiceStubsOptions.newBuilder();
      so.setTarget(target).setMetricsScope(scope);
      if (c.temporalTls() && (c.temporalSettings() == null || c.embedded())) {
        so.setEnableHttps(true);
      }
      WorkflowServiceStubs stubs = WorkflowServiceStubs.newServiceStubs(so.build());
      if (c.temporalSettings() != null && !c.embedded()) {
        try {
          c.temporalSettings().checkReachable(stubs, TemporalSettings.CONNECT_TIMEOUT, false);
        } catch (RuntimeException e) {
          stubs.shutdownNow();
          throw e;
        }
      }
      WorkflowClient client = WorkflowClient.newInstance(stubs,
          WorkflowClientOptions.newBuilder().setNamespace(c.namespace() == null ? "default" : c.namespace()).build());
      return new CortexRuntime(c, registry, store, stubs, client, s3, temporal, scope);
    } catch (IOException | RuntimeException e) {
      closeQuietly(temporal);
      closeQuietly(s3);
      throw e;
    }
  }

  /** The endpoint of the store (for printing; never the credentials). */
  public String s3Endpoint() {
    return store.settings().endpoint();
  }

  public String temporalTarget() {
    return temporal != null ? temporal.target() : connection.temporalTarget();
  }

  /** Start a worker polling {@code queues} (embedded: both), with the metrics endpoint when a port is set. */
  public void startWorker(List<String> queues, int maxConcurrentActivities) throws IOException {
    startWorker(queues, maxConcurrentActivities, StageRunner.DEFAULT_STALL);
  }

  /** @param stall a running stage whose progress has not moved for this long fails and is retried (zero: never) */
  public void startWorker(List<String> queues, int maxConcurrentActivities, Duration stall) throws IOException {
    startWorker(queues, maxConcurrentActivities, stall, 1);
  }

  /**
   * @param modelSlots activity slots on the queue of the model stages (training, embeddings, DEC): models trained at
   *                   once by this worker
   */
  public void startWorker(List<String> queues, int maxConcurrentActivities, Duration stall, int modelSlots)
      throws IOException {
    factory = WorkerFactory.newInstance(client);
    StageRunner runner = new StageRunner(store, registry, connection.home().resolve("work"), libraries(), stall);
    for (String q : queues) {
      WorkerOptions.Builder o = WorkerOptions.newBuilder()
          .setMaxHeartbeatThrottleInterval(Duration.ofMillis(500))
          .setMaxConcurrentActivityExecutionSize(Math.max(1, q.equals(Stages.GPU_QUEUE) ? modelSlots
              : maxConcurrentActivities));
      // No sticky execution: the test server (embedded, or `cortexclust server` reached by --temporal) never moves a
      // workflow task off a dead worker's sticky queue (docs/platform.md §1). Our workflows are a few dozen events,
      // so replaying them on each task costs nothing worth the risk on a real cluster either.
      o.setStickyQueueScheduleToStartTimeout(Duration.ZERO);
      Worker w = factory.newWorker(q, o.build());
      if (q.equals(Stages.CPU_QUEUE)) {
        w.registerWorkflowImplementationTypes(ExperimentWorkflowImpl.class, SweepWorkflowImpl.class);
      }
      List<Object> acts = new java.util.ArrayList<>(StageRegistry.activitiesFor(q, runner));
      if (q.equals(Stages.CPU_QUEUE)) {
        acts.add(new SweepActivitiesImpl(store));
      }
      if (!acts.isEmpty()) {
        w.registerActivitiesImplementations(acts.toArray());
      }
    }
    factory.start();
    if (connection.metricsPort() >= 0) {
      metrics = MetricsServer.start(registry, connection.metricsHost() == null ? "127.0.0.1" : connection.metricsHost(),
          connection.metricsPort());
      LOG.info("metrics on http://{}:{}/metrics", connection.metricsHost() == null ? "127.0.0.1" : connection.metricsHost(), metrics.port());
    }
  }

  public int metricsPort() {
    return metrics == null ? -1 : metrics.port();
  }

  /**
   * What every manifest records besides the code: library versions, and the machine and engine settings that change
   * the last bits of results without being config (the CPU type and core count: LibTorch's and OpenBLAS's kernels
   * and thread splits follow them; the clustering kernel and CUDA determinism properties, README "engine JVM
   * properties"). Recorded, not part of a stage's key, so that workers on different machines share artifacts.
   */
  static Map<String, String> libraries() {
    Map<String, String> m = new TreeMap<>();
    m.put("java", System.getProperty("java.version"));
    m.put("temporal-sdk", "1.38.0");
    m.put("minio", "9.0.4");
    m.put("pytorch-javacpp", "2.10.0-1.5.13");
    m.put("smile", "3.1.1");
    m.put("platform.os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("platform.cpu", cpuModel());
    m.put("platform.cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("engine.clustering-kernel", System.getProperty(DotKernel.PROPERTY, "native"));
    m.put("engine.cuda-deterministic", Boolean.toString(TorchRuntime.cudaDeterministic()));
    return m;
  }

  /** The CPU's model name (Linux: /proc/cpuinfo), else the architecture. */
  static String cpuModel() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) return l.substring(l.indexOf(':') + 1).trim();
      }
    } catch (IOException | RuntimeException e) {
      LOG.debug("no /proc/cpuinfo", e);
    }
    return System.getProperty("os.arch");
  }

  /** How long a stopping worker waits for interrupted stage bodies to leave native code (one training step). */
  static final Duration STAGE_STOP = Duration.ofSeconds(30);

  /**
   * Stop the worker gracefully: running activities may finish for up to {@code grace}; then the stage bodies still
   * running are interrupted and waited for (up to {@link #STAGE_STOP}: they stop at their next training step, their
   * checkpoints kept for the next attempt), so no thread is inside LibTorch when the JVM exits.
   */
  public void shutdownWorker(Duration grace) {
    if (factory != null) {
      factory.shutdown();
      factory.awaitTermination(grace.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
      // the stages stopped below fail their activities on purpose, and the SDK cannot report that to a server going
      // away: its stack traces of both would bury the one line that says what happened and how to resume
      if (org.slf4j.LoggerFactory.getLogger("io.temporal.internal") instanceof ch.qos.logback.classic.Logger l) {
        l.setLevel(ch.qos.logback.classic.Level.OFF);
      }
      List<String> left = StageRunner.stopRunning(STAGE_STOP);
      if (!left.isEmpty()) {
        LOG.warn("stages still running after {} s of shutdown: {}", STAGE_STOP.toSeconds(), left);
      }
      factory.shutdownNow();
      factory = null;
    }
  }

  @Override
  public void close() {
    shutdownWorker(Duration.ofSeconds(2));
    closeQuietly(metrics);
    if (stubs != null) {
      stubs.shutdownNow();
    }
    if (scope != null) {
      try {
        scope.close();
      } catch (Exception e) {
        LOG.debug("closing metrics scope", e);
      }
    }
    try {
      store.close();
    } catch (Exception e) {
      LOG.debug("closing store", e);
    }
    closeQuietly(temporal);
    closeQuietly(s3);
  }

  static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.debug("close", e);
      }
    }
  }


  public Path home() {
    return connection.home();
  }
}
