package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The JVM flags of the launcher script and of the worker image make a JVM that ran out of memory exit, so the stage's
 * next attempt gets a fresh one, instead of going on with a dead thread (a worker that keeps polling but whose stage
 * thread died half-way).
 */
class OutOfMemoryExitTest {
  /** Child: a non-main thread runs out of memory; the main thread would go on for 20 s and exit 0. */
  public static void main(String[] args) throws Exception {
    Thread t = new Thread(() -> {
      List<long[]> hog = new ArrayList<>();
      while (true) {
        hog.add(new long[1 << 20]);
      }
    }, "hog");
    t.start();
    t.join();
    System.out.println("STILL ALIVE after the out-of-memory error");
    Thread.sleep(20_000);
    System.exit(0);
  }

  static List<String> launcherFlags() throws Exception {
    String script = Files.readString(Path.of("..", "cortexclust"));
    Matcher m = Pattern.compile("(?m)^jvm_flags=\"([^\"]*)\"").matcher(script);
    assertTrue(m.find(), "the launcher sets jvm_flags=\"...\"");
    return List.of(m.group(1).trim().split("\\s+")).stream().filter(f -> !f.isEmpty()).toList();
  }

  static List<String> imageFlags() throws Exception {
    String docker = Files.readString(Path.of("..", "infra", "Dockerfile.worker"));
    Matcher m = Pattern.compile("(?m)^ENTRYPOINT \\[(.*)\\]").matcher(docker);
    assertTrue(m.find(), "the worker image has an ENTRYPOINT");
    List<String> flags = new ArrayList<>();
    for (String a : m.group(1).split(",")) {
      String x = a.trim().replaceAll("^\"|\"$", "");
      if (x.startsWith("-XX:")) {
        flags.add(x);
      }
    }
    return flags;
  }

  static void assertExitsOnOom(List<String> flags) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m"));
    cmd.addAll(flags);
    cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), OutOfMemoryExitTest.class.getName()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      assertTrue(p.waitFor(15, TimeUnit.SECONDS), "the JVM with " + flags + " did not exit on OutOfMemoryError");
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertFalse(out.contains("STILL ALIVE"), flags + ": the JVM went on after OutOfMemoryError:\n" + out);
      assertEquals(3, p.exitValue(), out); // HotSpot's exit status of -XX:+ExitOnOutOfMemoryError
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void launcherJvmExitsOnOutOfMemory() throws Exception {
    assertExitsOnOom(launcherFlags());
  }

  @Test
  void workerImageJvmExitsOnOutOfMemory() throws Exception {
    assertExitsOnOom(imageFlags());
  }
}
