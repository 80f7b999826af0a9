package org.cortexclust.training.embedding;

/**
 * One neuron's row of the embedding table.
 *
 * @param index     row in {@code embeddings.npy}
 * @param readoutX  readout location, x in [−1, 1] (Gaussian: μ; factorised: centre of mass of the mask)
 * @param readoutY  readout location, y in [−1, 1]
 * @param rhoStVal  single-trial correlation on the validation tier (NaN without validation trials)
 * @param rhoStTest single-trial correlation on the test tier (NaN without test trials)
 * @param corrToAvg correlation to the average over repeats on the test tier (NaN without test trials)
 */
public record NeuronEmbedding(int index, String mouse, int unitId, double readoutX, double readoutY, double rhoStVal,
    double rhoStTest, double corrToAvg) {}
