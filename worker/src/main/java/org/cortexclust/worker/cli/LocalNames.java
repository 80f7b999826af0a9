package org.cortexclust.worker.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names read from the bucket (run and sweep ids, stage names, output names) become local file names only through
 * here: a run record or manifest written by someone else must not make {@code export}, {@code report} or {@code sweep}
 * write outside their folder ({@code ../../.bashrc}, an absolute path, a name with a separator).
 */
final class LocalNames {
  /** One path segment of letters, digits, dot, dash and underscore, not starting with a dot: no {@code ..}, no separator. */
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,199}");

  private LocalNames() {}

  /** {@code id} if it is a valid run or sweep id; else bad input naming what was expected. */
  static String runId(String id) {
    if (id == null || !SAFE.matcher(id).matches()) {
      throw new IllegalArgumentException("not a run id: '" + id + "' (expected letters, digits, '.', '-', '_', e.g. exp-1a2b3c...; "
          + "'cortexclust status' lists runs)");
    }
    return id;
  }

  /** {@code dir/name} for a {@code name} that came from the bucket; refuses anything that is not one plain segment. */
  static Path child(Path dir, String name, String what) {
    if (name == null || !SAFE.matcher(name).matches()) {
      throw new IllegalArgumentException(what + " '" + name + "' is not a plain file name (letters, digits, '.', '-', '_'); "
          + "refusing to write it under " + dir);
    }
    Path p = dir.resolve(name).normalize();
    if (!p.getParent().equals(dir.normalize())) {
      throw new IllegalArgumentException(what + " '" + name + "' escapes " + dir);
    }
    return p;
  }
}
