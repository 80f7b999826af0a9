package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.common.stage.StageRunner;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.worker.cli.Main;
import org.cortexclust.workflows.contract.DataActivities;
import org.cortexclust.workflows.contract.StageInput;
import org.cortexclust.workflows.contract.StageOutput;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The platform on its real path: embedded Temporal and S3 on loopback, a workflow through a real activity that
 * publishes artifacts via StageRunner, memoisation on re-run, metrics, and S3 outages retried.
 */
class EmbeddedPlatformTest {
  @TempDir Path home;
  static final AtomicInteger bodies = new AtomicInteger();

  /** A real data-stage activity whose body writes a small file derived from the config. */
  public static final class EchoData implements DataActivities {
    private final StageRunner runner;

    public EchoData(StageRunner runner) {
      this.runner = runner;
    }

    @Override
    public StageOutput fetchData(StageInput in) {
      return runner.run(in, List.of("seed", "data"), w -> {
        bodies.incrementAndGet();
        Path f = w.workDir().resolve("dataset.json");
        Files.writeString(f, "{\"neurons\":" + w.config().data().simulate().neurons() + "}");
        w.addOutput("dataset.json", f);
        w.metric("neurons", w.config().data().simulate().neurons());
      });
    }
  }

  @BeforeAll
  static void register() {
    StageRegistry.useOnly(List.of(new StageRegistry.Entry(List.of(Stages.DATA), EchoData::new)));
  }

  @org.junit.jupiter.api.AfterAll
  static void restore() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  Connection embedded(int metricsPort) {
    return new Connection(home, null, "default", false, null, null, null, "127.0.0.1", metricsPort);
  }

  static LoadedConfig cfg(String yaml) {
    return ConfigLoader.parse("test", yaml, List.of());
  }

  @Test
  void runPublishesArtifactsAndReRunIsAllCacheHits() throws Exception {
    LoadedConfig c = cfg("seed: 11\ndata: {simulate: {neurons: 37}}");
    List<String> before;
    try (CortexRuntime rt = CortexRuntime.open(embedded(-1))) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      int b0 = bodies.get();
      RunRecord r = ExperimentLauncher.runAndFollow(rt, c, new StagePolicy(10, 1, 3, 0.2), new PrintStream(new ByteArrayOutputStream()), true);
      assertEquals("success", r.status(), String.valueOf(r.error()));
      assertEquals(b0 + 1, bodies.get());
      StageOutput data = r.results().stream().filter(s -> s.stage().equals(Stages.DATA)).findFirst().orElseThrow();
      assertFalse(data.cacheHit());
      StageManifest m = rt.store.manifest(data.artifactId());
      assertEquals("{\"neurons\":37}", new String(rt.store.readBlob(m.output("dataset.json")), StandardCharsets.UTF_8));
      assertEquals(37.0, m.metrics().get("neurons"));
      // the machine and engine settings that change results' last bits are recorded (not keyed)
      assertEquals(Integer.toString(Runtime.getRuntime().availableProcessors()), m.libraries().get("platform.cpus"));
      assertEquals(CortexRuntime.cpuModel(), m.libraries().get("platform.cpu"));
      assertFalse(m.libraries().get("platform.cpu").isBlank());
      assertEquals(System.getProperty("cortexclust.clustering.kernel", "native"), m.libraries().get("engine.clustering-kernel"));
      assertEquals("true", m.libraries().get("engine.cuda-deterministic"));
      before = rt.store.list("blobs/");
    }
    // a new process (new embedded servers) over the same home: every stage is a cache hit, nothing rewritten
    try (CortexRuntime rt = CortexRuntime.open(embedded(-1))) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      int b0 = bodies.get();
      RunRecord r = ExperimentLauncher.runAndFollow(rt, c, new StagePolicy(10, 1, 3, 0.2), new PrintStream(new ByteArrayOutputStream()), true);
      assertEquals("success", r.status());
      assertTrue(r.results().stream().allMatch(StageOutput::cacheHit), r.results().toString());
      assertEquals(b0, bodies.get());
      assertEquals(before, rt.store.list("blobs/"));
    }
  }

  @Test
  void servicesBindLoopbackOnlyAndMetricsAreServed() throws Exception {
    try (CortexRuntime rt = CortexRuntime.open(embedded(0))) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      ExperimentLauncher.runAndFollow(rt, cfg("seed: 12"), new StagePolicy(10, 1, 3, 0.2), new PrintStream(new ByteArrayOutputStream()), false);
      int temporalPort = Integer.parseInt(rt.temporalTarget().split(":")[1]);
      for (NetworkInterface ni : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        for (InetAddress a : Collections.list(ni.getInetAddresses())) {
          if (!a.isLoopbackAddress() && a instanceof java.net.Inet4Address) {
            try (Socket s = new Socket()) {
              s.connect(new InetSocketAddress(a, temporalPort), 500);
              throw new AssertionError("embedded Temporal reachable on " + a);
            } catch (java.io.IOException expected) {
              // refused: bound to loopback only
            }
          }
        }
      }
      HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + rt.metricsPort() + "/metrics").toURL().openConnection();
      assertEquals(200, http.getResponseCode());
      assertTrue(http.getContentType().startsWith("text/plain; version=0.0.4"), http.getContentType());
      String text = new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      Thread.sleep(2500); // the Temporal SDK reports its meters every 2 s
      http = (HttpURLConnection) URI.create("http://127.0.0.1:" + rt.metricsPort() + "/metrics").toURL().openConnection();
      text = new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      for (String metric : List.of("cortexclust_stage_cache_total", "cortexclust_stage_duration_seconds", "cortexclust_store_bytes_written_total",
          "jvm_memory_used_bytes", "temporal_")) {
        assertTrue(text.contains(metric), "missing " + metric);
      }
      assertTrue(text.contains("# HELP cortexclust_stage_cache_total"), "our meters carry help text");
    }
  }

  @Test
  void badConfigGetsEveryProblemAndStartsNothing() throws Exception {
    Path f = home.resolve("bad.yaml");
    Files.writeString(f, "seed: x\ntraining: {epochz: 3}\n");
    Path newHome = home.resolve("never-created");
    PrintStream err = System.err;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = Main.execute("run", f.toString(), "--home", newHome.toString(), "--set", "data.imag_height=3");
    } finally {
      System.setErr(err);
    }
    String out = buf.toString(StandardCharsets.UTF_8);
    assertEquals(2, rc);
    assertTrue(out.contains("3 problems in " + f), out);
    assertTrue(out.contains("training.epochz: unknown key (did you mean 'epochs'?)"), out);
    assertTrue(out.contains("--set data.imag_height: unknown key (did you mean 'image_height'?)"), out);
    assertFalse(Files.exists(newHome), "nothing started, nothing written");
  }

  @Test
  void anS3OutageIsRetriedUntilTheStoreIsBack() throws Exception {
    Path s3home = home.resolve("s3home");
    EmbeddedS3 s3 = EmbeddedS3.start(s3home, 0);
    int port = s3.port();
    Path cred = s3home.resolve("s3-credentials.properties");
    Connection c = new Connection(home, null, "default", false, s3.endpoint(), EmbeddedS3.BUCKET, cred, null, -1);
    try (CortexRuntime rt = CortexRuntime.open(c)) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      s3.close(); // the store goes down before the run starts
      Thread restarter = new Thread(() -> {
        try {
          Thread.sleep(3000);
          EmbeddedS3.start(s3home, port);
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      restarter.start();
      int b0 = bodies.get();
      LoadedConfig c13 = cfg("seed: 13");
      var wf = rt.client.newWorkflowStub(org.cortexclust.workflows.experiment.ExperimentWorkflow.class,
          io.temporal.client.WorkflowOptions.newBuilder().setTaskQueue(Stages.CPU_QUEUE).setWorkflowId("s3-outage").build());
      var result = wf.run(new org.cortexclust.workflows.experiment.ExperimentRequest("s3-outage", c13.canonicalJson(), List.of(Stages.DATA),
          new StagePolicy(10, 1, 10, 0.5)));
      restarter.join();
      assertEquals(1, result.stages().size());
      assertFalse(result.stages().get(0).cacheHit());
      assertTrue(bodies.get() >= b0 + 1);
      assertTrue(rt.registry.find("cortexclust.stage.failures").counter().count() >= 1, "at least one failed attempt was retried");
    }
  }
}
