package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.worker.sweep.SweepActivitiesImpl;
import org.cortexclust.worker.sweep.SweepSpec;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.sweep.SweepPoint;
import org.cortexclust.workflows.sweep.SweepRequest;
import org.cortexclust.workflows.sweep.SweepResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A 200-point sweep on the embedded default, cap 4, surviving a worker restart; then re-launched as all cache hits. */
class SweepEndToEndTest {
  @TempDir Path dir;

  @BeforeAll
  static void stages() {
    StageRegistry.useOnly(List.of(new StageRegistry.Entry(List.of(Stages.DATA), TestStages.QuickData::new)));
  }

  @AfterAll
  static void restore() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  @Test
  void twoHundredPointsWithAWorkerRestartAllInTheTable() throws Exception {
    Path base = dir.resolve("base.yaml");
    Files.writeString(base, "name: cheap\nseed: 1\n");
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "name: big\nbase: base.yaml\ngrid:\n  data.simulate.neurons: [10, 20, 30, 40, 50, 60, 70, 80, 90, 100]\n"
        + "  training.epochs: [1, 2, 3, 4, 5]\nseeds: [1, 2, 3, 4]\nconcurrency: 4\npage_size: 50\n");
    SweepSpec spec = SweepSpec.load(sweep, List.of());
    List<SweepPoint> points = spec.expand();
    assertEquals(200, points.size());
    String id = SweepSpec.sweepId(points);
    Connection c = new Connection(dir.resolve("home"), null, "default", false, null, null, null, null, -1);
    try (CortexRuntime rt = CortexRuntime.open(c)) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 4);
      SweepActivitiesImpl.storePoints(rt.store, id, points);
      WorkflowStub stub = rt.client.newUntypedWorkflowStub("SweepWorkflow",
          WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(Stages.CPU_QUEUE).build());
      stub.start(new SweepRequest(id, 200, 4, 50, List.of(Stages.DATA), new StagePolicy(5, 1, 5, 0.2), 0, 0, 0));
      CompletableFuture<SweepResult> f = stub.getResultAsync(SweepResult.class);
      long deadline = System.currentTimeMillis() + 120_000;
      while (SweepActivitiesImpl.results(rt.store, id).size() < 60 && System.currentTimeMillis() < deadline) {
        Thread.sleep(200);
      }
      rt.shutdownWorker(Duration.ZERO); // the worker goes away mid-sweep...
      Thread.sleep(1000);
      rt.startWorker(CortexRuntime.ALL_QUEUES, 4); // ...and a new one takes over
      SweepResult r = f.get(300, TimeUnit.SECONDS);
      assertEquals(200, r.total());
      assertEquals(200, r.succeeded(), "failed: " + r.failed());
      String table = new String(rt.store.readBlob(rt.store.manifest(r.tableArtifactId()).output("table.csv")), StandardCharsets.UTF_8);
      List<String> rows = table.lines().toList();
      assertEquals(201, rows.size(), "header + one row per point");
      assertTrue(rows.get(0).startsWith("index,run_id,status,cache_hits,data.simulate.neurons,seed,training.epochs"), rows.get(0));
      StageManifest m = rt.store.manifest(r.tableArtifactId());
      assertEquals(200.0, m.metrics().get("succeeded"));
      // what the sweep tells the user to run: the table's lineage (it has no config slice of its own)
      String lineage = org.cortexclust.common.lineage.Lineage.walk(rt.store, r.tableArtifactId()).toText();
      assertTrue(lineage.startsWith(r.tableArtifactId() + "  [sweep]") && lineage.contains("config –"), lineage.lines().findFirst().orElse(""));
      assertTrue(lineage.contains("[data]"), "the points' artifacts are its inputs");

      // re-launch: every point's stages are cache hits
      WorkflowStub again = rt.client.newUntypedWorkflowStub("SweepWorkflow",
          WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(Stages.CPU_QUEUE).build());
      again.start(new SweepRequest(id, 200, 4, 50, List.of(Stages.DATA), new StagePolicy(5, 1, 5, 0.2), 0, 0, 0));
      SweepResult r2 = again.getResult(300, TimeUnit.SECONDS, SweepResult.class);
      assertEquals(200, r2.succeeded());
      String table2 = new String(rt.store.readBlob(rt.store.manifest(r2.tableArtifactId()).output("table.csv")), StandardCharsets.UTF_8);
      assertTrue(table2.lines().skip(1).allMatch(l -> l.split(",")[3].equals("1")), "every point a cache hit");
    }
  }

  @Test
  void theSweepCommandLeavesItsReportUnderTheHome() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), "name: cheap\nseed: 1\n");
    Path sweep = dir.resolve("small.yaml");
    Files.writeString(sweep, "name: small\nbase: base.yaml\ngrid:\n  data.simulate.neurons: [10, 20]\nseeds: [1, 2]\nconcurrency: 2\n");
    Path home = dir.resolve("cli-home");
    String out = ClusterCommandTest.run("sweep", sweep.toString(), "--home", home.toString(), "--json");
    com.fasterxml.jackson.databind.JsonNode j = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.substring(out.indexOf('{')));
    assertEquals(4, j.get("succeeded").asInt());
    // the embedded services are gone with the process: the sweep's tables (and, with an evaluation stage, its
    // sweep.html) stay under the home; these data-only points have no report, so the folder is named
    Path report = Path.of(j.get("report").asText());
    assertEquals(home.resolve("reports").resolve(j.get("sweepId").asText()).toAbsolutePath(), report);
    assertEquals(5, Files.readAllLines(report.resolve("table.csv")).size(), "header + 4 points");
  }
}
