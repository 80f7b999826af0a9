package org.cortexclust.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.data.simulator.SimulatorOptions;
import org.cortexclust.data.simulator.V1Simulator;
import org.cortexclust.worker.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `cortexclust validate` on simulated data (passes) and on a broken copy (names the file). */
class ValidateCommandTest {
  @TempDir Path dir;

  static String[] run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    int rc;
    try {
      rc = Main.execute(args);
    } finally {
      System.setOut(old);
    }
    return new String[] {Integer.toString(rc), buf.toString(StandardCharsets.UTF_8)};
  }

  @Test
  void simulatedDataPassesAndATruncatedResponseIsNamed() throws Exception {
    var mice = V1Simulator.write(SimulatorOptions.defaults(3).withSize(1, 20, 120, 36, 64), dir, Progress.NONE);
    String[] ok = run("validate", dir.toString());
    assertEquals("0", ok[0], ok[1]);
    assertTrue(ok[1].contains("20"), ok[1]);
    Path resp = mice.get(0).resolve("data/responses/7.npy");
    byte[] b = Files.readAllBytes(resp);
    Files.write(resp, java.util.Arrays.copyOf(b, b.length - 9));
    String[] bad = run("validate", dir.toString());
    assertEquals("1", bad[0]);
    assertTrue(bad[1].contains("responses/7.npy"), bad[1]);
  }
}
