package org.cortexclust.worker;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Headless Chromium for DOM assertions on the web view (the page after its scripts ran, as a user's browser shows it). */
final class Chromium {
  private Chromium() {}

  /** The browser on PATH, if any (Debian: {@code apt-get install chromium}; .ci/run installs it). */
  static Optional<Path> find() {
    String path = System.getenv("PATH");
    if (path == null) return Optional.empty();
    for (String name : List.of("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")) {
      for (String d : path.split(File.pathSeparator)) {
        Path p = Path.of(d, name);
        if (Files.isExecutable(p)) return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  static final String MISSING = "headless Chromium not found on PATH (chromium, chromium-browser, google-chrome): the web view's DOM "
      + "checks are skipped; apt-get install -y chromium (.ci/run installs it) to run them";

  /** The DOM of {@code url} after its scripts ran (a few seconds of virtual time). */
  static String dumpDom(Path browser, String url, Path scratch) throws Exception {
    return run(browser, scratch, List.of("--dump-dom", url));
  }

  private static String run(Path browser, Path scratch, List<String> extra) throws Exception {
    Path profile = Files.createTempDirectory(scratch, "chromium-");
    List<String> cmd = new ArrayList<>(List.of(browser.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
        "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
        "--user-data-dir=" + profile, "--virtual-time-budget=3000"));
    cmd.addAll(extra);
    Path out = scratch.resolve("chromium-" + System.nanoTime() + ".out");
    Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    if (!p.waitFor(90, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("chromium did not finish within 90 s: " + cmd);
    }
    return Files.readString(out, StandardCharsets.UTF_8);
  }
}
