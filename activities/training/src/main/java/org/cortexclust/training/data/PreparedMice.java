package org.cortexclust.training.data;

import org.cortexclust.data.prepared.PreparedMouse;

/** Bridge from the data module's {@link PreparedMouse} to the trainer's {@link MouseData} (no copies). */
public final class PreparedMice {
  private PreparedMice() {}

  public static MouseData toMouseData(PreparedMouse p) {
    return new MouseData(p.mouseId(), p.trials(), p.neurons(), p.channels(), p.height(), p.width(), p.images(),
        p.responses(), p.tiers(), p.imageIds(), p.unitIds(), p.cellCoordinates());
  }
}
