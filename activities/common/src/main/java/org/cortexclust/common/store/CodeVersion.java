package org.cortexclust.common.store;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The code that produced an artifact: git commit and dirty flag baked in at build time
 * (resource {@code cortexclust/build.properties}), plus the project version.
 */
public record CodeVersion(String version, String commit, boolean dirty) {
  private static final CodeVersion CURRENT = load();

  public static CodeVersion current() {
    return CURRENT;
  }

  /** Part of every stage key: results from another commit (or a dirty tree) are not reused silently. */
  public String id() {
    return version + "@" + commit + (dirty ? "+dirty" : "");
  }

  private static CodeVersion load() {
    Properties p = new Properties();
    try (InputStream in = CodeVersion.class.getResourceAsStream("/cortexclust/build.properties")) {
      if (in != null) {
        p.load(in);
      }
    } catch (IOException e) {
      // fall through to "unknown": the key still includes the version
    }
    String commit = p.getProperty("git.commit.id", "unknown");
    if (commit.isBlank() || commit.startsWith("${")) {
      commit = "unknown";
    }
    String dirty = p.getProperty("git.dirty", "false");
    String version = p.getProperty("project.version", "dev");
    return new CodeVersion(version.startsWith("${") ? "dev" : version, commit, Boolean.parseBoolean(dirty));
  }
}
