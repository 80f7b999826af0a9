package org.cortexclust.data.sensorium;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Finds the mouse recordings of a dataset: one mouse folder, one mouse zip, or a folder of mouse folders and/or zips. */
public final class SensoriumDataset {
  private SensoriumDataset() {}

  /** The mouse folders and zips under {@code root}, sorted by name. */
  public static List<Path> discover(Path root) throws IOException {
    if (!Files.exists(root)) {
      throw new NoSuchFileException(root.toString(), null, "dataset source does not exist");
    }
    if (Files.isRegularFile(root)) {
      if (!root.getFileName().toString().endsWith(".zip")) {
        throw new IOException(root + ": expected a mouse folder, a .zip of one, or a folder of them; found a plain file");
      }
      return List.of(root);
    }
    if (MouseSource.isMouseFolder(root)) {
      return List.of(root);
    }
    List<Path> out = new ArrayList<>();
    try (Stream<Path> s = Files.list(root)) {
      for (Path p : s.sorted().toList()) {
        String name = p.getFileName().toString();
        if (name.startsWith(".")) {
          continue;
        }
        if (Files.isDirectory(p) && MouseSource.isMouseFolder(p) || Files.isRegularFile(p) && name.endsWith(".zip")) {
          out.add(p);
        }
      }
    }
    if (out.isEmpty()) {
      throw new IOException(root + ": no mouse found (expected sub-folders with data/ and meta/, e.g. static21067-10-18-GrayImageNet-… or "
          + "dynamic29156-11-10-Video-…, or their .zip files)");
    }
    return out;
  }

  /** Open one discovered entry. */
  public static MouseSource open(Path mouse) throws IOException {
    return Files.isRegularFile(mouse) ? MouseSource.zip(mouse) : MouseSource.folder(mouse);
  }
}
