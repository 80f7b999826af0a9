package org.cortexclust.common.io;

import java.io.IOException;

/** A {@code .npy} file that cannot be read: the message names the file, what was expected and what was found. */
public class NpyFormatException extends IOException {
  private final String source;

  public NpyFormatException(String source, String message) {
    super(source + ": " + message);
    this.source = source;
  }

  /** The file or zip entry that failed. */
  public String source() {
    return source;
  }
}
