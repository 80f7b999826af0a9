package org.cortexclust.training.engine.libtorch;

import java.util.List;
import org.cortexclust.training.spec.ReadoutRegistry;

/** The readout types of the libtorch engine, static and video models alike: the one list of them. */
public final class TorchReadouts {
  static final ReadoutRegistry<TorchReadout> REGISTRY = new ReadoutRegistry<>("libtorch", new TorchGaussianReadout(),
      new TorchFactorisedReadout());

  private TorchReadouts() {}

  /** Names of the readout types libtorch trains. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}
