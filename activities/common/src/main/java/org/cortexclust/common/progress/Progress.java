package org.cortexclust.common.progress;

import java.util.Map;

/**
 * Progress of long work (training epochs, DEC steps, t-SNE iterations). Science code reports through this and
 * never knows who listens: the terminal, a Temporal heartbeat, or nobody.
 */
@FunctionalInterface
public interface Progress {
  /**
   * @param phase  what is running, e.g. "epoch" or "tsne"
   * @param done   units finished so far
   * @param total  units planned (0 when unknown)
   * @param values small named numbers worth showing (loss, rho_st, lr)
   */
  void report(String phase, long done, long total, Map<String, Double> values);

  Progress NONE = (phase, done, total, values) -> {};

  /**
   * Throws {@link java.util.concurrent.CancellationException} when the current thread has been interrupted (the worker
   * is shutting down), keeping the interrupt flag set. Long loops over native work (training steps) call it between
   * steps, so a stopped worker's threads leave native code before the JVM exits: a thread still inside LibTorch
   * while the process tears down crashes the JVM.
   */
  static void stopIfInterrupted() {
    if (Thread.currentThread().isInterrupted()) {
      throw new java.util.concurrent.CancellationException("interrupted: the worker is shutting down");
    }
  }
}
