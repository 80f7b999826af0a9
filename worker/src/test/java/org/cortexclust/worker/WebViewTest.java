package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.common.config.LoadedConfig;
import org.cortexclust.worker.sweep.SweepActivitiesImpl;
import org.cortexclust.worker.sweep.SweepSpec;
import org.cortexclust.worker.ui.WebView;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.cortexclust.workflows.sweep.SweepPoint;
import org.cortexclust.workflows.sweep.SweepRequest;
import org.cortexclust.workflows.sweep.SweepResult;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The web view on the real path: a two-point sweep of the real pipeline (embedded Temporal and S3, real LibTorch
 * training, clustering, DEC and report, cut down to seconds), watched while it runs. HTTP-level checks always run;
 * the DOM checks run the page in headless Chromium (skipped, with the reason, when no Chromium is installed).
 */
class WebViewTest {
  @TempDir Path dir;

  static final String BASE = """
      name: ui-test
      seed: 4
      data:
        source: simulate
        image_height: 18
        image_width: 32
        simulate: {mice: 1, neurons: 30, trials: 120, height: 36, width: 64, seed: 4}
      training:
        epochs: 2
        batch_size: 32
        threads: 1
        core: {features: 2, rotations: 4, kernel_sizes: [5, 3]}
      clustering: {methods: [kmeans], ks: [3], stability_runs: 0, tsne: false, gap_references: 0}
      dec: {k: 3, max_epochs: 2}
      evaluation: {permutations: 20}
      """;

  @BeforeAll
  static void realStages() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  static final HttpClient HTTP = HttpClient.newHttpClient();

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static int count(String s, String needle) {
    int n = 0;
    for (int i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + 1)) n++;
    return n;
  }

  @Test
  void watchesARealSweepAsItsPointsFinish() throws Exception {
    Files.writeString(dir.resolve("base.yaml"), BASE);
    Path sweepFile = dir.resolve("sweep.yaml");
    Files.writeString(sweepFile, "name: ui-watch\nbase: base.yaml\ngrid:\n  training.regularisation.gamma_readout: [0.5]\nseeds: [1, 2]\nconcurrency: 1\n");
    List<SweepPoint> points = SweepSpec.load(sweepFile, List.of()).expand();
    String id = SweepSpec.sweepId(points);
    Optional<Path> chromium = Chromium.find();
    Path scratch = Files.createDirectories(dir.resolve("browser"));
    Connection c = new Connection(dir.resolve("home"), null, "default", false, null, null, null, null, -1);
    long t0 = System.nanoTime();
    try (CortexRuntime rt = CortexRuntime.open(c); WebView view = WebView.start(rt.store, 0)) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      String base = view.url();
      assertTrue(get(base).body().contains("id=\"no-sweeps\""), "an empty store says so");

      SweepActivitiesImpl.storePoints(rt.store, id, points);
      LoadedConfig first = ConfigLoader.fromCanonicalJson(points.get(0).configJson());
      List<String> stages = ExperimentLauncher.stagesFor(first);
      WorkflowStub stub = rt.client.newUntypedWorkflowStub("SweepWorkflow",
          WorkflowOptions.newBuilder().setWorkflowId(id).setTaskQueue(Stages.CPU_QUEUE).build());
      stub.start(new SweepRequest(id, points.size(), 1, 50, stages, new StagePolicy(10, 1, 1, 0.2), 0, 0, 0));
      CompletableFuture<SweepResult> done = stub.getResultAsync(SweepResult.class);

      // while it runs: the first point's training curve grows in the store and on its run page
      String run0 = base + "run/" + points.get(0).runId();
      long deadline = System.currentTimeMillis() + 240_000;
      String page = "";
      while (System.currentTimeMillis() < deadline && !done.isDone()) {
        page = get(run0).statusCode() == 200 ? get(run0).body() : "";
        if (page.contains("id=\"curve-training-epoch-loss\"")) break;
        Thread.sleep(200);
      }
      assertTrue(page.contains("id=\"curve-training-epoch-loss\""), "a training curve appears while the sweep runs");
      assertTrue(page.contains("data-live=\"true\""), "the page refreshes itself while the point runs");

      // one point finished, the other not yet: the sweep page shows exactly that
      while (System.currentTimeMillis() < deadline && SweepActivitiesImpl.results(rt.store, id).size() < 1) Thread.sleep(200);
      String mid = chromium.isPresent() ? Chromium.dumpDom(chromium.get(), base + "sweep/" + id, scratch) : get(base + "sweep/" + id).body();
      if (SweepActivitiesImpl.results(rt.store, id).size() == 1) {
        assertTrue(mid.contains("data-finished=\"1\""), mid);
        assertEquals(1, Pattern.compile("data-point=\"\\d+\" data-state=\"success\"").matcher(mid).results().count(), "one finished point");
        assertTrue(mid.matches("(?s).*data-point=\"1\" data-state=\"(running|queued)\".*"), "the second point is still going");
      }

      SweepResult r = done.get(300, TimeUnit.SECONDS);
      assertEquals(2, r.succeeded(), "failed: " + r.failed());
      // a run of point 0's config on its own: all cache hits, and a run record for the runs table
      RunRecord rec = ExperimentLauncher.runAndFollow(rt, first, new StagePolicy(10, 1, 1, 0.2), new PrintStream(new ByteArrayOutputStream()), false);
      assertEquals("success", rec.status(), rec.error());
      System.out.printf("WebViewTest: the real two-point sweep and the run took %.1f s%n", (System.nanoTime() - t0) / 1e9);

      String sweepPage = get(base + "sweep/" + id).body();
      assertTrue(sweepPage.contains("data-finished=\"2\"") && sweepPage.contains("data-live=\"false\""), sweepPage);
      assertTrue(sweepPage.contains("id=\"sweep-report\""), "the sweep report is linked once the table exists");
      Matcher report = Pattern.compile("href=\"(/artifact/[^\"]+/report\\.html)\"").matcher(sweepPage);
      assertTrue(report.find(), "each point links its report");
      HttpResponse<String> rep = get(base + report.group(1).substring(1));
      assertEquals(200, rep.statusCode());
      assertTrue(rep.headers().firstValue("Content-Type").orElse("").startsWith("text/html") && rep.body().contains("<html"), "the report itself");
      String runPage = get(run0).body();
      for (String s : stages) assertTrue(runPage.contains("data-stage=\"" + s + "\""), s);
      Matcher m = Pattern.compile("id=\"curve-training-epoch-rho_st_val\" data-points=\"(\\d+)\"").matcher(runPage);
      assertTrue(m.find(), "training's validation curve");
      assertEquals(2, Integer.parseInt(m.group(1)), "one point per epoch");
      assertTrue(runPage.contains("id=\"curve-dec-dec-"), "DEC's curves");
      String training = rec.artifacts().get(Stages.TRAINING);
      String art = get(base + "artifact/" + rec.artifacts().get(Stages.EVALUATION)).body();
      assertTrue(art.contains("id=\"lineage\"") && art.contains("[training]") && art.contains("href=\"/artifact/"), "lineage with links");
      assertTrue(get(base + "artifact/" + training + "/history.csv").body().startsWith("epoch"), "an artifact's file");
      assertEquals(404, get(base + "run/no-such-run").statusCode());
      try (java.net.Socket sock = new java.net.Socket("127.0.0.1", view.port())) { // java.net.http will not send a foreign Host
        sock.getOutputStream().write("GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String status = new String(sock.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
        assertTrue(status.startsWith("HTTP/1.1 403"), "a foreign Host header (DNS rebinding) is refused: " + status);
      }
      assertTrue(view.url().startsWith("http://127.0.0.1:"));

      Assumptions.assumeTrue(chromium.isPresent(), Chromium.MISSING);
      String home = Chromium.dumpDom(chromium.get(), base, scratch);
      assertTrue(home.contains("data-sweep=\"" + id + "\"") && home.contains("data-run=\"" + rec.runId() + "\""), home);
      String dom = Chromium.dumpDom(chromium.get(), run0, scratch);
      // the run record of the re-launch says cache hit for every stage; the point computed them
      assertEquals(stages.size(), count(dom, "data-state=\"succeeded\"") + count(dom, "data-state=\"cached\""),
          "every stage done, in the browser's DOM");
      assertTrue(dom.contains("<polyline") && dom.contains("id=\"curve-training-epoch-loss\""), "inline SVG curves render");
      assertTrue(!dom.contains("http://") || !Pattern.compile("(src|href)=\"https?://").matcher(dom).find(), "nothing loaded from a network");
    }
  }
}
