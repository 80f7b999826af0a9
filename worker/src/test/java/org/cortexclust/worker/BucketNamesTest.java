package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cortexclust.common.store.ArtifactStore;
import org.cortexclust.common.store.BlobRef;
import org.cortexclust.common.store.CodeVersion;
import org.cortexclust.common.store.EmbeddedS3;
import org.cortexclust.common.store.StageManifest;
import org.cortexclust.worker.cli.Main;
import org.cortexclust.workflows.contract.StageOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Names stored in the bucket cannot steer {@code export} and {@code report} outside their folders, run ids given on
 * the command line are validated, and a run record keeps no token of a source URL (issue 23 item 8). Real embedded S3,
 * the real CLI.
 */
class BucketNamesTest {
  @TempDir Path dir;

  @Test
  void plantedNamesAreRefusedAndNothingIsWrittenOutsideTheHome() throws Exception {
    Path home = dir.resolve("lab/home");
    try (EmbeddedS3 s3 = EmbeddedS3.start(home, 0); ArtifactStore store = new ArtifactStore(s3.settings(home.resolve("cache")))) {
      store.ensureBucket();
      BlobRef blob = store.putBytes("owned\n".getBytes(StandardCharsets.UTF_8));
      String now = java.time.Instant.now().toString();
      store.publish(new StageManifest(StageManifest.SCHEMA, "evaluation-planted", "k", "evaluation", "exp-planted", null, null, Map.of(),
          CodeVersion.current(), Map.of(), 0, null, now, now, Map.of(), Map.of("../../../../escaped.txt", blob, "report.html", blob)));
      StageOutput out = new StageOutput("evaluation", "evaluation-planted", false, Map.of(), 0);
      store.putJson(RunRecord.key("exp-planted"), new RunRecord("exp-planted", "x", "s", "{}", "success", now, now, List.of("evaluation"),
          List.of(out), null));
      // a record whose own id climbs out of reports/ (stored under an innocent key)
      store.putJson(RunRecord.key("exp-climbs"), new RunRecord("../../../climbed", "x", "s", "{}", "success", now, now,
          List.of("evaluation"), List.of(out), null));
      // a record that quotes a tokened source: the token is not stored
      store.putJson(RunRecord.key("exp-token"), new RunRecord("exp-token", "x", "s",
          "{\"data\":{\"source\":\"https://h/r.zip?token=T0KEN\"}}", "failed", now, now, List.of(), List.of(),
          "data: https://h/r.zip?token=T0KEN: HTTP 500"));
      String stored = new String(store.getIfExists(RunRecord.key("exp-token")).orElseThrow(), StandardCharsets.UTF_8);
      assertFalse(stored.contains("T0KEN"), stored);
      assertTrue(stored.contains("https://h/r.zip?token=REDACTED"), stored);
    }
    PrintStream err = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertNotEquals(0, Main.execute("export", "exp-planted", "--home", home.toString()));
      assertNotEquals(0, Main.execute("report", "exp-climbs", "--home", home.toString()));
      assertNotEquals(0, Main.execute("export", "../../etc", "--home", home.toString()));
    } finally {
      System.setErr(err);
    }
    String msgs = captured.toString(StandardCharsets.UTF_8);
    assertTrue(msgs.contains("'../../../../escaped.txt' is not a plain file name"), msgs);
    assertTrue(msgs.contains("'../../../climbed' is not a plain file name"), msgs);
    assertTrue(msgs.contains("not a run id: '../../etc'"), msgs);
    try (Stream<Path> all = Files.walk(dir)) {
      List<Path> outside = all.filter(p -> !p.startsWith(home)).filter(Files::isRegularFile).toList();
      assertEquals(List.of(), outside, "files written outside the home");
    }
    assertFalse(Files.exists(home.resolve("climbed")) || Files.exists(home.resolve("reports/climbed")));
  }
}
