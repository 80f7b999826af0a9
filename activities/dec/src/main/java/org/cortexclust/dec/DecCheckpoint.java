package org.cortexclust.dec;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortexclust.training.EpochRecord;
import org.cortexclust.training.TrainingState;
import org.cortexclust.training.spec.ModelSpec;

/**
 * Binary file of a {@link JointDec.State} (big-endian {@code DataOutputStream}, doubles kept exact so a resumed
 * run reproduces the uninterrupted one), including the model's early-stopping state (best score and tensors, bad
 * epochs, LR phase, epoch history) that joint training from epoch PE resumes. Format tag {@value #FORMAT} (files of
 * format 1 are still read); the model's architecture hash is checked on reading.
 */
public final class DecCheckpoint {
  public static final String FORMAT = "cortexclust-dec-checkpoint/2";
  /** The first format (no early-stopping state of the model; read as a fresh one). */
  static final String FORMAT_1 = "cortexclust-dec-checkpoint/1";

  private DecCheckpoint() {}

  public static void write(Path file, ModelSpec spec, JointDec.State s) throws IOException {
    write(file, spec.architectureHash(), s);
  }

  /** A checkpoint of a joint run on a model with this architecture hash (static or video, see {@link org.cortexclust.training.model.TrainedModel}). */
  public static void write(Path file, String architectureHash, JointDec.State s) throws IOException {
    try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
      out.writeUTF(FORMAT);
      out.writeUTF(architectureHash);
      out.writeInt(s.epoch());
      TrainingState m = s.model();
      out.writeLong(m.adamStep());
      out.writeDouble(m.lr());
      writeFloats(out, m.tensors());
      writeFloats(out, m.adamM());
      writeFloats(out, m.adamV());
      writeMatrix(out, s.centres());
      out.writeBoolean(s.variances() != null);
      if (s.variances() != null) writeMatrix(out, s.variances());
      out.writeInt(s.centreMoments().length);
      for (double[][][] mom : s.centreMoments()) {
        out.writeBoolean(mom != null);
        if (mom == null) continue;
        out.writeInt(mom.length);
        for (double[][] x : mom) writeMatrix(out, x);
      }
      out.writeLong(s.centreSteps());
      writeMatrix(out, s.target());
      out.writeBoolean(s.shifts() != null);
      if (s.shifts() != null) {
        out.writeInt(s.shifts().length);
        for (int[] row : s.shifts()) writeInts(out, row);
      }
      writeInts(out, s.labels());
      out.writeDouble(s.rhoStart());
      out.writeInt(s.history().size());
      for (Refresh r : s.history()) {
        out.writeLong(r.step());
        out.writeDouble(r.kl());
        out.writeDouble(r.other());
        out.writeDouble(r.changed());
        out.writeDouble(r.rhoVal());
      }
      out.writeBoolean(s.finished());
      out.writeUTF(s.stopReason());
      // format 2: the model's early-stopping state
      out.writeDouble(m.bestScore());
      out.writeInt(m.bestEpoch());
      out.writeInt(m.badEpochs());
      out.writeInt(m.phase());
      out.writeBoolean(m.finished());
      out.writeUTF(m.stopReason());
      out.writeBoolean(m.best() != null);
      if (m.best() != null) writeFloats(out, m.best());
      out.writeInt(m.history().size());
      for (EpochRecord e : m.history()) {
        out.writeInt(e.epoch());
        out.writeDouble(e.loss());
        out.writeDouble(e.rhoStVal());
        out.writeDouble(e.lr());
        out.writeDouble(e.seconds());
      }
    }
  }

  public static JointDec.State read(Path file, ModelSpec spec) throws IOException {
    return read(file, spec.architectureHash());
  }

  /** Reads a checkpoint, refusing one of another architecture. */
  public static JointDec.State read(Path file, String architectureHash) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
      String format = in.readUTF();
      if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
        throw new IOException(file + ": expected a " + FORMAT + " file, found format '" + format + "'");
      }
      String arch = in.readUTF();
      if (!arch.equals(architectureHash)) {
        throw new IOException(file + ": checkpoint belongs to architecture " + arch + ", the model is "
            + architectureHash);
      }
      int epoch = in.readInt();
      long adamStep = in.readLong();
      double lr = in.readDouble();
      Map<String, float[]> tensors = readFloats(in);
      Map<String, float[]> m = readFloats(in);
      Map<String, float[]> v = readFloats(in);

      double[][] centres = readMatrix(in);
      double[][] variances = in.readBoolean() ? readMatrix(in) : null;
      double[][][][] moments = new double[in.readInt()][][][];
      for (int k = 0; k < moments.length; k++) {
        if (!in.readBoolean()) continue;
        moments[k] = new double[in.readInt()][][];
        for (int p = 0; p < moments[k].length; p++) moments[k][p] = readMatrix(in);
      }
      long centreSteps = in.readLong();
      double[][] target = readMatrix(in);
      int[][] shifts = null;
      if (in.readBoolean()) {
        shifts = new int[in.readInt()][];
        for (int i = 0; i < shifts.length; i++) shifts[i] = readInts(in);
      }
      int[] labels = readInts(in);
      double rhoStart = in.readDouble();
      int nh = in.readInt();
      List<Refresh> history = new ArrayList<>(nh);
      for (int i = 0; i < nh; i++) {
        history.add(new Refresh(in.readLong(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
      }
      boolean finished = in.readBoolean();
      String stop = in.readUTF();
      TrainingState model = new TrainingState(arch, epoch, adamStep, lr, Double.NaN, 0, 0, 0, false, "", tensors, m,
          v, tensors, List.of());
      if (FORMAT.equals(format)) {
        double bestScore = in.readDouble();
        int bestEpoch = in.readInt();
        int bad = in.readInt();
        int phase = in.readInt();
        boolean modelFinished = in.readBoolean();
        String modelStop = in.readUTF();
        Map<String, float[]> best = in.readBoolean() ? readFloats(in) : null;
        int ne = in.readInt();
        List<EpochRecord> eh = new ArrayList<>(ne);
        for (int i = 0; i < ne; i++) {
          eh.add(new EpochRecord(in.readInt(), in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble()));
        }
        model = new TrainingState(arch, epoch, adamStep, lr, bestScore, bestEpoch, bad, phase, modelFinished, modelStop,
            tensors, m, v, best, List.copyOf(eh));
      }
      return new JointDec.State(epoch, model, centres, variances, moments, centreSteps, target, shifts, labels, rhoStart,
          List.copyOf(history), finished, stop);
    }
  }

  private static void writeFloats(DataOutputStream out, Map<String, float[]> m) throws IOException {
    out.writeInt(m.size());
    for (var e : m.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeInt(e.getValue().length);
      for (float f : e.getValue()) out.writeFloat(f);
    }
  }

  private static Map<String, float[]> readFloats(DataInputStream in) throws IOException {
    int n = in.readInt();
    Map<String, float[]> m = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      String k = in.readUTF();
      float[] v = new float[in.readInt()];
      for (int j = 0; j < v.length; j++) v[j] = in.readFloat();
      m.put(k, v);
    }
    return m;
  }

  private static void writeMatrix(DataOutputStream out, double[][] x) throws IOException {
    out.writeInt(x.length);
    for (double[] row : x) {
      out.writeInt(row.length);
      for (double d : row) out.writeDouble(d);
    }
  }

  private static double[][] readMatrix(DataInputStream in) throws IOException {
    double[][] x = new double[in.readInt()][];
    for (int i = 0; i < x.length; i++) {
      x[i] = new double[in.readInt()];
      for (int j = 0; j < x[i].length; j++) x[i][j] = in.readDouble();
    }
    return x;
  }

  private static void writeInts(DataOutputStream out, int[] a) throws IOException {
    out.writeInt(a.length);
    for (int v : a) out.writeInt(v);
  }

  private static int[] readInts(DataInputStream in) throws IOException {
    int[] a = new int[in.readInt()];
    for (int i = 0; i < a.length; i++) a[i] = in.readInt();
    return a;
  }
}
