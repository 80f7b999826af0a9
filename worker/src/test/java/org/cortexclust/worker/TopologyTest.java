package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The multi-host topology in processes: `server` in one, a cpu worker and a gpu worker in two more, and
 * `run --temporal … --s3-endpoint …` from a fourth.
 */
class TopologyTest {
  @TempDir Path dir;

  static Process spawn(Path log, String... args) throws Exception {
    return CrashResumeTest.spawn(log, args);
  }

  static int freePort() throws Exception {
    try (var s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void serverTwoWorkersAndARemoteRun() throws Exception {
    Path home = dir.resolve("server-home");
    int tp = freePort();
    int sp = freePort();
    Process server = spawn(dir.resolve("server.log"), "server", "--home", home.toString(), "--temporal-port", "" + tp, "--s3-port", "" + sp);
    Process cpu = null;
    Process gpu = null;
    try {
      long deadline = System.currentTimeMillis() + 30_000;
      while (!Files.readString(dir.resolve("server.log")).contains("workers:") && System.currentTimeMillis() < deadline) {
        Thread.sleep(100);
      }
      String cred = home.resolve("s3-credentials.properties").toString();
      String[] remote = {"--temporal", "127.0.0.1:" + tp, "--s3-endpoint", "http://127.0.0.1:" + sp, "--s3-credentials", cred};
      cpu = spawn(dir.resolve("cpu.log"), concat(new String[] {"worker", "--task-queue", "cpu", "--home", dir.resolve("w1").toString()}, remote));
      gpu = spawn(dir.resolve("gpu.log"), concat(new String[] {"worker", "--task-queue", "gpu", "--home", dir.resolve("w2").toString()}, remote));
      Path cfg = dir.resolve("exp.yaml");
      Files.writeString(cfg, "seed: 3\ntraining: {epochs: 4}\n");
      Process run = spawn(dir.resolve("run.log"), concat(new String[] {"run", cfg.toString(), "--json", "--home", dir.resolve("client").toString()}, remote));
      assertTrue(run.waitFor(120, TimeUnit.SECONDS), "run finished");
      String out = Files.readString(dir.resolve("run.log"));
      assertEquals(0, run.exitValue(), out + "\ncpu:\n" + Files.readString(dir.resolve("cpu.log")) + "\ngpu:\n" + Files.readString(dir.resolve("gpu.log")));
      assertTrue(out.contains("\"status\" : \"success\""), out);
      assertTrue(out.contains("\"stage\" : \"training\""), out);
      // the training stage ran on the gpu worker's JVM, data on the cpu worker's
      assertTrue(Files.readString(dir.resolve("gpu.log")).contains("worker polling [gpu]"));
      assertTrue(Files.exists(home.resolve("s3").resolve("cortexclust").resolve("runs")), "the run record is in the server's store");
    } finally {
      for (Process p : new Process[] {cpu, gpu, server}) {
        if (p != null) {
          p.destroy();
          p.waitFor(20, TimeUnit.SECONDS);
        }
      }
    }
  }

  static String[] concat(String[] a, String[] b) {
    return java.util.stream.Stream.concat(List.of(a).stream(), List.of(b).stream()).toArray(String[]::new);
  }
}
