package org.cortexclust.training.engine.libtorch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Test;

/** When LibTorch's oneDNN CPU kernels are turned off ({@link TorchRuntime#mkldnnOffReason}), and that it takes effect. */
class MkldnnPolicyTest {
  static String cpu(String vendor, int family) {
    return "processor\t: 0\nvendor_id\t: " + vendor + "\ncpu family\t: " + family + "\nmodel\t\t: 2\n\nprocessor\t: 1\n"
        + "vendor_id\t: " + vendor + "\ncpu family\t: " + family + "\n";
  }

  @Test
  void autoTurnsOneDnnOffOnZen5Only() {
    String why = TorchRuntime.mkldnnOffReason("auto", cpu("AuthenticAMD", 26));
    assertNotNull(why);
    assertTrue(why.contains("family 26") && why.contains("-Dcortexclust.libtorch.mkldnn=true"), why);
    assertNull(TorchRuntime.mkldnnOffReason("auto", cpu("AuthenticAMD", 25))); // Zen 3/4
    assertNull(TorchRuntime.mkldnnOffReason("auto", cpu("GenuineIntel", 6)));
    assertNull(TorchRuntime.mkldnnOffReason("auto", cpu("GenuineIntel", 26))); // the family number alone is not Zen 5
    assertNull(TorchRuntime.mkldnnOffReason("auto", "")); // no /proc/cpuinfo
  }

  @Test
  void explicitSettingsWinAndBadOnesAreRefused() {
    assertNull(TorchRuntime.mkldnnOffReason("true", cpu("AuthenticAMD", 26)));
    assertNull(TorchRuntime.mkldnnOffReason(" TRUE ", cpu("AuthenticAMD", 26)));
    assertNotNull(TorchRuntime.mkldnnOffReason("false", cpu("GenuineIntel", 6)));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> TorchRuntime.mkldnnOffReason("off", cpu("GenuineIntel", 6)));
    assertTrue(e.getMessage().contains("cortexclust.libtorch.mkldnn=off") && e.getMessage().contains("auto, true or false"),
        e.getMessage());
  }

  /** Child entry point: load LibTorch, print whether oneDNN is in use and what a model.json would record. */
  public static void main(String[] args) {
    TorchRuntime.ensureLoaded(1);
    System.out.println("MKLDNN=" + torch.globalContext().userEnabledMkldnn() + " KERNELS=" + TorchRuntime.cpuKernels());
  }

  @Test
  void falseTurnsOneDnnOffInAFreshJvm() throws Exception {
    String javaBin = java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process p = new ProcessBuilder(javaBin, "-Xmx512m", "-Dcortexclust.libtorch.mkldnn=false", "-cp",
        System.getProperty("java.class.path"), MkldnnPolicyTest.class.getName()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS), out);
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("MKLDNN=false KERNELS=ATen (oneDNN off: -Dcortexclust.libtorch.mkldnn=false)"), out);
  }

  @Test
  void theRecordedKernelsAreTheOnesInUse() {
    TorchRuntime.ensureLoaded(1);
    boolean on = torch.globalContext().userEnabledMkldnn();
    assertEquals(on, TorchRuntime.mkldnn());
    assertEquals(on, TorchRuntime.cpuKernels().equals("oneDNN"), TorchRuntime.cpuKernels());
  }
}
