package org.cortexclust.common.store;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class CodeVersionTest {
  /** {@code git rev-parse HEAD} of the checkout this module is built in, or null without git or a checkout. */
  private static String head() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("git", "-C", Path.of("").toAbsolutePath().toString(), "rev-parse", "HEAD")
          .redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      return null;
    }
  }

  @Test
  void theBakedCommitIsThisCheckoutsHead() throws InterruptedException {
    String head = head();
    assumeTrue(head != null && head.matches("[0-9a-f]{40}"), "not built in a git checkout: " + head);
    CodeVersion v = CodeVersion.current();
    // in a linked worktree (git worktree add) too: the JGit-based plugin used before reported the main checkout's HEAD
    assertEquals(head, v.commit());
    assertEquals(v.version() + "@" + head + (v.dirty() ? "+dirty" : ""), v.id());
    assertNotEquals("dev", v.version());
  }
}
