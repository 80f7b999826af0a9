package org.cortexclust.data.simulator;

import java.util.List;

/**
 * The functional cell types of the simulated V1 population. They come from different model families so that a
 * linear-nonlinear model cannot fit all of them and clustering has real structure to find:
 * <ul>
 *   <li>simple cells: half-wave rectified linear Gabor filter (phase-sensitive), low or high spatial frequency;</li>
 *   <li>complex cells: Gabor energy (quadrature pair, phase-invariant), low or high spatial frequency;</li>
 *   <li>surround-suppressed: complex-cell energy divided by the energy of an iso-oriented surround (divisive
 *       normalisation);</li>
 *   <li>centre–surround: rectified difference of Gaussians (no orientation preference).</li>
 * </ul>
 * Spatial periods are fractions of the image height so types keep their meaning at any simulated resolution.
 */
public enum CellType {
  SIMPLE_LOW_SF("simple_low_sf", 1 / 5.0, false, true),
  SIMPLE_HIGH_SF("simple_high_sf", 1 / 9.0, false, true),
  COMPLEX_LOW_SF("complex_low_sf", 1 / 5.0, true, true),
  COMPLEX_HIGH_SF("complex_high_sf", 1 / 9.0, true, true),
  SURROUND_SUPPRESSED("surround_suppressed", 1 / 7.0, true, true),
  CENTER_SURROUND("center_surround", 1 / 5.0, false, false);

  /** The label stored in {@code meta/neurons/gt_cell_type_names.npy}. */
  public final String label;
  /** Carrier period as a fraction of the image height. */
  final double periodOverHeight;
  final boolean phaseInvariant;
  /** False for the untuned centre–surround type (its preferred orientation is stored as NaN). */
  public final boolean oriented;

  CellType(String label, double periodOverHeight, boolean phaseInvariant, boolean oriented) {
    this.label = label;
    this.periodOverHeight = periodOverHeight;
    this.phaseInvariant = phaseInvariant;
    this.oriented = oriented;
  }

  public static List<String> labels() {
    return java.util.Arrays.stream(values()).map(t -> t.label).toList();
  }
}
