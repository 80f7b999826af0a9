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

/** The natives load in a fresh JVM whose JavaCPP cache directory is empty (docs/engines.md §8). */
class TorchRuntimeColdCacheTest {

  /** Child entry point: load, run one op, print the result. */
  public static void main(String[] args) {
    if (args.length > 0 && args[0].equals("fail-first")) {
      try {
        TorchRuntime.ensureLoaded(1, r -> new java.io.File[0]); // as if the natives could not be unpacked (disk full)
        System.out.println("UNEXPECTED: loaded without natives");
      } catch (IllegalStateException e) {
        System.out.println("FIRST LOAD FAILED: " + e.getMessage());
      }
    }
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

  /** A failed load is not remembered for the life of the JVM: the next call (a stage's next attempt) loads. */
  @Test
  void aFailedLoadIsTriedAgain() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), TorchRuntimeColdCacheTest.class.getName(),
        "fail-first")).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child JVM timed out");
    assertTrue(out.contains("FIRST LOAD FAILED: could not load LibTorch natives") && out.contains("no LibTorch natives found"), out);
    assertEquals(0, p.exitValue(), "child JVM failed after the first load failed:\n" + out);
    assertTrue(out.contains("SUM=12.0 THREADS=1"), out);
  }

  @Test
  void cudaBuildNativesArePreferredAndCpuBuildNativesFound() throws Exception {
    java.util.Set<String> present = new java.util.HashSet<>();
    List<String> asked = new java.util.ArrayList<>();
    TorchRuntime.ResourceCache cache = r -> {
      asked.add(r);
      return present.contains(r) ? new java.io.File[] {new java.io.File("libtorch_cpu.so")} : new java.io.File[0];
    };
    // the CPU build (the default classifier) has only <platform>/
    present.add("/org/bytedeco/pytorch/linux-x86_64/");
    assertEquals("/org/bytedeco/pytorch/linux-x86_64/", TorchRuntime.unpackNatives("linux-x86_64", cache));
    // the -Pgpu build has only <platform>-gpu/ (org.bytedeco:pytorch:...:linux-x86_64-gpu); it is tried first
    present.clear();
    present.add("/org/bytedeco/pytorch/linux-x86_64-gpu/");
    asked.clear();
    assertEquals("/org/bytedeco/pytorch/linux-x86_64-gpu/", TorchRuntime.unpackNatives("linux-x86_64", cache));
    assertEquals(List.of("/org/bytedeco/pytorch/linux-x86_64-gpu/"), asked);
    present.clear();
    assertEquals(null, TorchRuntime.unpackNatives("linux-x86_64", cache));
    // the real classpath of this build: the CPU natives
    assertEquals("/org/bytedeco/pytorch/" + org.bytedeco.javacpp.Loader.getPlatform() + "/",
        TorchRuntime.unpackNatives(org.bytedeco.javacpp.Loader.getPlatform(),
            org.bytedeco.javacpp.Loader::cacheResources));
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
