package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** The natives load in a fresh JVM whose JavaCPP cache directory is empty (engines.md §8). */
class TorchRuntimeColdCacheTest {

  /** Child entry point: load, run one op, print the result. */
  public static void main(String[] args) {
    TorchRuntime.ensureLoaded(1);
    Tensor t = torch.ones(2, 3).mul(Ops.s(2)).sum();
    System.out.println("SUM=" + t.item_double() + " THREADS=" + torch.get_num_threads());
  }

  @Test
  void loadsFromEmptyCacheInFreshJvm() throws Exception {
    Path cache = Files.createTempDirectory("javacpp-cold-");
    try {
      String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
      ProcessBuilder pb = new ProcessBuilder(List.of(java, "-Dorg.bytedeco.javacpp.cachedir=" + cache,
          "-cp", System.getProperty("java.class.path"), TorchRuntimeColdCacheTest.class.getName()));
      pb.redirectErrorStream(true);
      Process p = pb.start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
      assertEquals(0, p.exitValue(), "child JVM failed:\n" + out);
      assertTrue(out.contains("SUM=12.0 THREADS=1"), out);
      try (Stream<Path> s = Files.walk(cache)) {
        assertTrue(s.anyMatch(f -> f.getFileName().toString().startsWith("libtorch_cpu")),
            "natives were unpacked into the fresh cache");
      }
    } finally {
      deleteTree(cache);
    }
  }

  @Test
  void threadCountFollowsRequest() {
    TorchRuntime.ensureLoaded(0);
    assertEquals(Runtime.getRuntime().availableProcessors(), TorchRuntime.threads());
  }

  static void deleteTree(Path p) throws IOException {
    try (Stream<Path> s = Files.walk(p)) {
      for (Path f : s.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(f);
    }
  }
}
