package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortexclust.common.config.ConfigLoader;
import org.cortexclust.worker.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM (what Ctrl-C, {@code kill} and a scheduler send) of an embedded {@code run}: the run record says interrupted and
 * from where, and the same command resumes, saying so and from which checkpoint. The CLI process, its embedded
 * Temporal and S3 servers and the signal are real; the stages are {@link TestStages}' quick ones.
 */
class InterruptTest {
  @TempDir Path dir;

  @Test
  void sigtermedRunIsRecordedInterruptedAndTheSameCommandResumesSayingFromWhere() throws Exception {
    long t0 = System.nanoTime();
    Path home = dir.resolve("home");
    Path cfg = dir.resolve("exp.yaml");
    Files.writeString(cfg, "seed: 6\ntraining: {epochs: 40}\nalignment: {enabled: false}\n");
    String runId = ExperimentLauncher.runId(ConfigLoader.load(cfg, List.of()));
    Path log1 = dir.resolve("run-1.log");
    Process first = CrashResumeTest.spawn(log1, "run", cfg.toString(), "--home", home.toString(), "--heartbeat-seconds", "10");
    long deadline = System.currentTimeMillis() + 150_000;
    while (System.currentTimeMillis() < deadline && !Files.readString(log1).matches("(?s).*\\[training\\] epoch ([6-9]|[123][0-9])/40.*")) {
      Thread.sleep(100);
    }
    assertTrue(Files.readString(log1).contains("[data] done"), Files.readString(log1));
    long signalled = System.nanoTime();
    first.destroy(); // SIGTERM
    assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the run exited after SIGTERM");
    String out1 = Files.readString(log1);
    System.out.printf("SIGTERM to exit: %.1f s%n", (System.nanoTime() - signalled) / 1e9);
    assertTrue(out1.contains(runId + " interrupted (Ctrl-C or SIGTERM) at: [training] epoch"), out1);
    assertTrue(out1.contains("run the same command to resume"), out1);
    String record = Files.readString(home.resolve("s3").resolve("cortexclust").resolve(RunRecord.key(runId)));
    assertTrue(record.contains("\"status\":\"interrupted\"") || record.contains("\"status\" : \"interrupted\""), record);
    Matcher ck = Pattern.compile("last checkpoint: training after epoch (\\d+)").matcher(record);
    assertTrue(ck.find(), "the record says how far training got: " + record);

    Path log2 = dir.resolve("run-2.log");
    Process second = CrashResumeTest.spawn(log2, "run", cfg.toString(), "--home", home.toString(), "--heartbeat-seconds", "10");
    assertTrue(second.waitFor(180, TimeUnit.SECONDS), "second run finished");
    String out2 = Files.readString(log2);
    assertEquals(0, second.exitValue(), out2);
    assertTrue(out2.contains("resuming " + runId + ": interrupted (Ctrl-C or SIGTERM) at: [training] epoch"), out2);
    assertTrue(out2.contains("[data] cache hit"), out2);
    Matcher resumed = Pattern.compile("\\[training\\] resuming from the checkpoint after epoch (\\d+)").matcher(out2);
    assertTrue(resumed.find(), out2);
    assertTrue(Integer.parseInt(resumed.group(1)) >= Integer.parseInt(ck.group(1)), out2 + "\nrecord: " + record);
    System.out.printf("interrupt test: %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  @Test
  void sigtermedSweepIsRecordedInterruptedAndResumes() throws Exception {
    long t0 = System.nanoTime();
    Path home = dir.resolve("sweep-home");
    Files.writeString(dir.resolve("base.yaml"), "training: {epochs: 16}\nalignment: {enabled: false}\n");
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "base: base.yaml\ngrid: {training.epochs: [16]}\nseeds: [1]\nconcurrency: 1\n");
    Path log1 = dir.resolve("sweep-1.log");
    Process first = CrashResumeTest.spawn(log1, "sweep", sweep.toString(), "--home", home.toString(), "--heartbeat-seconds", "10");
    long deadline = System.currentTimeMillis() + 150_000;
    while (System.currentTimeMillis() < deadline && !Files.readString(log1).contains("sweep 1/1 started")) {
      Thread.sleep(100);
    }
    Thread.sleep(1500); // into the first point's training
    first.destroy(); // SIGTERM
    assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the sweep exited after SIGTERM");
    String out1 = Files.readString(log1);
    assertTrue(out1.matches("(?s).*sweep sweep-\\S+ interrupted \\(Ctrl-C or SIGTERM\\) at: sweep 1/1 started.*"), out1);
    Path status;
    try (var s = Files.walk(home.resolve("s3").resolve("cortexclust").resolve("sweeps"))) {
      status = s.filter(f -> f.getFileName().toString().equals("status.json")).findFirst().orElseThrow();
    }
    assertTrue(Files.readString(status).contains("interrupted"), Files.readString(status));
    Path log2 = dir.resolve("sweep-2.log");
    Process second = CrashResumeTest.spawn(log2, "sweep", sweep.toString(), "--home", home.toString(), "--heartbeat-seconds", "10");
    assertTrue(second.waitFor(180, TimeUnit.SECONDS), "second sweep finished");
    String out2 = Files.readString(log2);
    assertEquals(0, second.exitValue(), out2);
    assertTrue(out2.contains("resuming sweep") && out2.contains("interrupted at: sweep 1/1 started"), out2);
    assertTrue(out2.contains("1 succeeded, 0 failed"), out2);
    assertTrue(Files.readString(status).contains("finished"), Files.readString(status));
    System.out.printf("sweep interrupt test: %.1f s%n", (System.nanoTime() - t0) / 1e9);
  }

  /** Flags that would mean "retry forever" or "no heartbeat timeout" are refused before anything starts. */
  @Test
  void retryFlagsWithoutMeaningAreRejected() throws Exception {
    Path cfg = dir.resolve("exp.yaml");
    Files.writeString(cfg, "seed: 6\n");
    Path sweep = dir.resolve("sweep.yaml");
    Files.writeString(sweep, "base: exp.yaml\ngrid: {training.epochs: [1, 2]}\nseeds: [1]\n");
    String home = dir.resolve("h").toString();
    java.io.PrintStream err = System.err;
    java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
    System.setErr(new java.io.PrintStream(buf, true));
    try {
      assertEquals(2, Main.execute("run", cfg.toString(), "--max-attempts", "0", "--home", home));
      assertEquals(2, Main.execute("run", cfg.toString(), "--heartbeat-seconds", "0", "--home", home));
      assertEquals(2, Main.execute("sweep", sweep.toString(), "--retry-minutes", "0", "--home", home));
      assertEquals(2, Main.execute("cluster", cfg.toString(), "--stall-minutes", "-1", "--home", home));
    } finally {
      System.setErr(err);
    }
    String msgs = buf.toString();
    assertTrue(msgs.contains("--max-attempts must be at least 1") && msgs.contains("--heartbeat-seconds must be at least 1")
        && msgs.contains("--retry-minutes 0 needs --max-attempts") && msgs.contains("--stall-minutes must be 0"), msgs);
    assertTrue(!Files.exists(dir.resolve("h").resolve("s3")), "nothing was started");
  }
}
