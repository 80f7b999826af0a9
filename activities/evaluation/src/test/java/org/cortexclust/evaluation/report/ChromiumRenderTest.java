package org.cortexclust.evaluation.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Renders the report in headless Chromium (Debian package {@code chromium}) when it is installed: the browser must
 * load the page, keep every figure and table in its DOM, and write a non-trivial screenshot.
 */
class ChromiumRenderTest {
  static Path chromium() {
    for (String p : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }

  static String run(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(chromium().toString(), "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
        "--user-data-dir=" + dir.resolve("profile")));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectError(dir.resolve("stderr.txt").toFile()).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(90, TimeUnit.SECONDS), "chromium timed out");
    assertEquals(0, p.exitValue(), "chromium failed: " + Files.readString(dir.resolve("stderr.txt")));
    return out;
  }

  @Test
  void reportRendersWithEveryFigure(@TempDir Path dir) throws Exception {
    assumeTrue(chromium() != null, "chromium not installed (apt-get install chromium)");
    ExperimentReport r = SyntheticExperiment.build(600, 5, 2);
    ReportOptions o = new ReportOptions("rho_st_test", 4, 50, 0.05, null, 20000, 40, 1);
    Path html = dir.resolve("report.html");
    HtmlReport.write(html, r, ExperimentAnalysis.analyze(r, o), o);
    String dom = run(dir, "--dump-dom", html.toUri().toString());
    for (String id : HtmlReport.FIGURES) {
      assertTrue(dom.contains("id=\"" + id + "\""), id);
    }
    assertTrue(dom.contains("id=\"tab-clusters\""));
    Path png = dir.resolve("r.png");
    run(dir, "--screenshot=" + png, "--window-size=1280,2400", html.toUri().toString());
    assertTrue(Files.size(png) > 50_000, "screenshot too small: " + Files.size(png));
  }
}
