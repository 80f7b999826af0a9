package org.cortexclust.common.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * {@code shifts.npy} (docs/artifacts.md): the alignment stage's rotation shift per neuron, int32 (N); shift s means
 * the neuron's embedding was rolled by s steps of 360°/n along the rotation axis.
 */
public final class Shifts {
  private Shifts() {}

  public static void write(Path file, int[] shifts) throws IOException {
    Npy.write(file, NpyArray.ofInts(shifts, shifts.length));
  }

  /** Read and check there is one shift per neuron. */
  public static int[] read(Path file, int neurons) throws IOException {
    NpyArray a = Npy.read(file);
    if (a.ndim() != 1) throw new IllegalArgumentException(file + ": expected shifts of shape (N,), found " + a.shapeString());
    if (a.size() != neurons) {
      throw new IllegalArgumentException(file + ": holds " + a.size() + " shifts, but there are " + neurons + " neurons");
    }
    return a.toIntArray();
  }
}
