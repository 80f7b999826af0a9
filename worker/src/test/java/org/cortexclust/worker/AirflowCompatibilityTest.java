package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.worker.cli.Main;
import org.cortexclust.workflows.contract.StageGraph;
import org.cortexclust.workflows.contract.StagePolicy;
import org.cortexclust.workflows.contract.Stages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AirflowCompatibilityTest {
  @TempDir Path dir;

  @BeforeAll
  static void stages() {
    TestStages.registerAll();
  }

  @AfterAll
  static void restore() {
    StageRegistry.useOnly(StageRegistry.defaults());
  }

  @Test
  void dagExportWritesTheStageGraphAsJsonAndAValidPythonDag() throws Exception {
    assertEquals(0, Main.execute("dag", "export", "--out", dir.toString()));
    JsonNode dag = new ObjectMapper().readTree(dir.resolve("cortexclust_experiment.json").toFile());
    assertEquals("cortexclust_experiment", dag.get("dag_id").asText());
    List<String> ids = new ArrayList<>();
    for (JsonNode t : dag.get("tasks")) {
      String id = t.get("task_id").asText();
      ids.add(id);
      List<String> up = new ArrayList<>();
      t.get("upstream").forEach(u -> up.add(u.asText()));
      assertEquals(StageGraph.upstream(id), up, id);
      assertEquals(org.cortexclust.workflows.contract.StagePolicy.defaults().attempts() - 1, t.get("retries").asInt());
      assertTrue(t.get("execution_timeout_seconds").asLong() > 0);
    }
    assertEquals(Stages.ORDER, ids);
    assertEquals("gpu", dag.get("tasks").get(1).get("task_queue").asText());
    String py = Files.readString(dir.resolve("cortexclust_experiment.py"));
    assertTrue(py.contains("[alignment_task, embeddings_task] >> clustering_task"), py);
    assertTrue(py.contains("trigger >> data_task"), py);
    assertTrue(py.contains("--wait-stage dec"), py);
    // syntactically valid Python (Airflow itself is not installed here)
    Process p = new ProcessBuilder("python3", "-m", "py_compile", dir.resolve("cortexclust_experiment.py").toString()).redirectErrorStream(true).start();
    assertEquals(0, p.waitFor(), new String(p.getInputStream().readAllBytes()));
  }

  @Test
  void reprocessMapsToReusePolicies() {
    assertEquals(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE, AirflowDag.reusePolicy("none"));
    assertEquals(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY, AirflowDag.reusePolicy("failed"));
    assertEquals(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE, AirflowDag.reusePolicy("completed"));
  }

  @Test
  void triggerWithAnAirflowRunIdAndReprocessNoneKeepsTheFinishedRun() throws Exception {
    Connection c = new Connection(dir.resolve("home"), null, "default", false, null, null, null, null, -1);
    var cfg = ConfigLoader.parse("--conf", "{\"seed\": 4, \"training\": {\"epochs\": 2}}", List.of());
    try (CortexRuntime rt = CortexRuntime.open(c)) {
      rt.startWorker(CortexRuntime.ALL_QUEUES, 2);
      PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
      RunRecord first = ExperimentLauncher.runAndFollow(rt, cfg, new StagePolicy(5, 1, 3, 0.2), quiet, false, "manual__2026-11-25",
          WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
      assertEquals("success", first.status());
      ByteArrayOutputStream buf = new ByteArrayOutputStream();
      RunRecord again = ExperimentLauncher.runAndFollow(rt, cfg, new StagePolicy(5, 1, 3, 0.2), new PrintStream(buf, true, StandardCharsets.UTF_8), true,
          "manual__2026-11-25", WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_REJECT_DUPLICATE);
      assertEquals("success", again.status());
      assertTrue(buf.toString(StandardCharsets.UTF_8).contains("already exists"), buf.toString(StandardCharsets.UTF_8));
      assertEquals(first.results().get(1).artifactId(), again.results().get(1).artifactId());
      assertTrue(again.results().stream().noneMatch(s -> s.cacheHit()), "no second execution: the first run's result is returned");
    }
  }
}
