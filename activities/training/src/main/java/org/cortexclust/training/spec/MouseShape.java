package org.cortexclust.training.spec;

/** One mouse's readout: its data key and number of recorded neurons. */
public record MouseShape(String mouseId, int neurons) {
  public MouseShape {
    if (mouseId == null || mouseId.isBlank() || !mouseId.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("mouse id must be non-empty [A-Za-z0-9_.-], got '" + mouseId + "'");
    }
    if (neurons < 1) {
      throw new IllegalArgumentException("mouse " + mouseId + ": neurons must be >= 1, got " + neurons);
    }
  }
}
