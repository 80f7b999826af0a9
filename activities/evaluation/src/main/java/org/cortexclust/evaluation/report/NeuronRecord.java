package org.cortexclust.evaluation.report;

/**
 * One neuron of the joined table.
 *
 * @param index          row index in the embedding arrays (0-based)
 * @param mouse          dataset folder name of the mouse
 * @param unitId         the dataset's unit id
 * @param readoutX       readout / cortical x position (NaN when unknown)
 * @param readoutY       readout / cortical y position (NaN when unknown)
 * @param rhoStVal       single-trial correlation on the validation tier (docs/science.md §4)
 * @param rhoStTest      single-trial correlation on the test tier
 * @param corrToAvg      correlation to the average over repeats (test)
 * @param gtType         ground-truth type (simulator), null when unknown
 * @param gtOrientation  ground-truth preferred orientation in degrees, NaN when unknown
 * @param rotation       rotation found by alignment, in degrees (shift · 360/n), NaN when unknown
 */
public record NeuronRecord(
    int index,
    String mouse,
    String unitId,
    double readoutX,
    double readoutY,
    double rhoStVal,
    double rhoStTest,
    double corrToAvg,
    String gtType,
    double gtOrientation,
    double rotation) {

  public NeuronRecord withRotation(double degrees) {
    return new NeuronRecord(index, mouse, unitId, readoutX, readoutY, rhoStVal, rhoStTest, corrToAvg, gtType,
        gtOrientation, degrees);
  }
}
