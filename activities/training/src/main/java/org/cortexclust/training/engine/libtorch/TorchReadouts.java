package org.cortexclust.training.engine.libtorch;

import java.util.List;
import org.cortexclust.training.spec.ReadoutRegistry;
import org.cortexclust.training.spec.ReadoutType;

/**
 * The readout types of the libtorch engine, static and video models alike: the one list of them, one registration per
 * type.
 */
public final class TorchReadouts {
  private static final ReadoutRegistry<TorchReadout> REGISTRY = new ReadoutRegistry<>("libtorch");

  static {
    register(new TorchGaussianReadout());
    register(new TorchFactorisedReadout());
  }

  private TorchReadouts() {}

  /** Make readout type {@code r} trainable on libtorch. */
  static void register(TorchReadout r) {
    REGISTRY.register(r);
  }

  static TorchReadout of(ReadoutType t) {
    return REGISTRY.get(t);
  }

  /** Names of the readout types libtorch trains. */
  public static List<String> names() {
    return REGISTRY.names();
  }
}
