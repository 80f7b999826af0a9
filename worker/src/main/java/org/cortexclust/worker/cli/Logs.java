package org.cortexclust.worker.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;

/** The terminal shows progress from heartbeats; the in-process worker's own log lines only on request. */
final class Logs {
  private Logs() {}

  static void quietUnless(boolean verbose) {
    if (!verbose && LoggerFactory.getLogger("org.cortexclust") instanceof Logger l) {
      l.setLevel(Level.WARN);
    }
  }
}
