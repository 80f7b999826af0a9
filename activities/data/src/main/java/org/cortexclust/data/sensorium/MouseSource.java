package org.cortexclust.data.sensorium;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The files of one mouse recording in the Sensorium static layout, either an unpacked folder or a release zip read in
 * place (java.util.zip random access, nothing unpacked). Paths are relative to the mouse folder, with {@code /}.
 */
public abstract class MouseSource implements Closeable {
  private final String key;
  private final String name;

  MouseSource(String key, String name) {
    this.key = key;
    this.name = name;
  }

  /** The data key, e.g. {@code 21067-10-18}: the part between {@code static} and {@code -GrayImageNet}. */
  public String key() {
    return key;
  }

  /** The folder or zip this mouse comes from. */
  public String name() {
    return name;
  }

  public abstract boolean exists(String rel);

  /** Names of the regular files directly in {@code relDir} (empty when it does not exist). */
  public abstract List<String> list(String relDir) throws IOException;

  public abstract byte[] read(String rel) throws IOException;

  /** Where {@code rel} lives, for error messages: a full path, or {@code zip!entry}. */
  public abstract String describe(String rel);

  /** Every file (relative path → size in bytes), sorted. */
  public abstract Map<String, Long> files() throws IOException;

  /** A readable stream of one file (for digests). */
  public abstract InputStream open(String rel) throws IOException;

  @Override
  public void close() throws IOException {}

  /**
   * The data key of a folder or zip name: {@code static<key>-GrayImageNet-<hash>} (2022) or
   * {@code dynamic<key>-Video-<hash>} (2023) → key; otherwise the name itself.
   */
  public static String keyOf(String fileName) {
    String n = fileName.endsWith(".zip") ? fileName.substring(0, fileName.length() - 4) : fileName;
    if (n.startsWith("static")) {
      n = n.substring("static".length());
      int g = n.indexOf("-GrayImageNet");
      return g >= 0 ? n.substring(0, g) : n;
    }
    if (n.startsWith("dynamic")) {
      n = n.substring("dynamic".length());
      int g = n.indexOf("-Video");
      return g >= 0 ? n.substring(0, g) : n;
    }
    return n;
  }

  /** True if {@code dir} looks like one mouse folder (has {@code data/} and {@code meta/}). */
  public static boolean isMouseFolder(Path dir) {
    return Files.isDirectory(dir.resolve("data")) && Files.isDirectory(dir.resolve("meta"));
  }

  public static MouseSource folder(Path dir) {
    return new Folder(dir);
  }

  /** A mouse zip; the mouse folder inside is found by locating {@code meta/trials/tiers.npy}. */
  public static MouseSource zip(Path file) throws IOException {
    ZipFile z = new ZipFile(file.toFile());
    try {
      String prefix = null;
      Enumeration<? extends ZipEntry> en = z.entries();
      while (en.hasMoreElements()) {
        String e = en.nextElement().getName();
        if (e.startsWith("__MACOSX/")) {
          continue;
        }
        int i = e.indexOf("meta/trials/tiers.npy");
        if (i >= 0 && (i == 0 || e.charAt(i - 1) == '/')) {
          prefix = e.substring(0, i);
          break;
        }
        if (prefix == null && (e.startsWith("data/") || e.contains("/data/"))) {
          int d = e.startsWith("data/") ? 0 : e.indexOf("/data/") + 1;
          prefix = e.substring(0, d);
        }
      }
      if (prefix == null) {
        throw new IOException(file + ": no mouse folder inside the zip (expected entries like <static…>/meta/trials/tiers.npy and data/)");
      }
      String folderName = prefix.isEmpty() ? file.getFileName().toString() : prefix.substring(0, prefix.length() - 1);
      int slash = folderName.lastIndexOf('/');
      folderName = folderName.substring(slash + 1);
      return new Zip(keyOf(folderName), file, z, prefix);
    } catch (IOException | RuntimeException e) {
      z.close();
      throw e;
    }
  }

  private static final class Folder extends MouseSource {
    private final Path dir;

    Folder(Path dir) {
      super(keyOf(dir.getFileName().toString()), dir.toString());
      this.dir = dir;
    }

    @Override
    public boolean exists(String rel) {
      return Files.isRegularFile(dir.resolve(rel));
    }

    @Override
    public List<String> list(String relDir) throws IOException {
      Path d = dir.resolve(relDir);
      if (!Files.isDirectory(d)) {
        return List.of();
      }
      try (Stream<Path> s = Files.list(d)) {
        return s.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
      }
    }

    @Override
    public byte[] read(String rel) throws IOException {
      try {
        return Files.readAllBytes(dir.resolve(rel));
      } catch (NoSuchFileException e) {
        throw new NoSuchFileException(describe(rel), null, "missing file");
      }
    }

    @Override
    public String describe(String rel) {
      return dir.resolve(rel).toString();
    }

    @Override
    public Map<String, Long> files() throws IOException {
      Map<String, Long> out = new TreeMap<>();
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.filter(Files::isRegularFile).toList()) {
          out.put(dir.relativize(p).toString().replace('\\', '/'), Files.size(p));
        }
      }
      return out;
    }

    @Override
    public InputStream open(String rel) throws IOException {
      return Files.newInputStream(dir.resolve(rel));
    }
  }

  private static final class Zip extends MouseSource {
    private final Path file;
    private final ZipFile zip;
    private final String prefix;

    Zip(String key, Path file, ZipFile zip, String prefix) {
      super(key, file.toString());
      this.file = file;
      this.zip = zip;
      this.prefix = prefix;
    }

    @Override
    public boolean exists(String rel) {
      ZipEntry e = zip.getEntry(prefix + rel);
      return e != null && !e.isDirectory();
    }

    @Override
    public List<String> list(String relDir) {
      String p = prefix + (relDir.endsWith("/") ? relDir : relDir + "/");
      List<String> out = new ArrayList<>();
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        String n = e.getName();
        if (!e.isDirectory() && n.startsWith(p) && n.indexOf('/', p.length()) < 0) {
          out.add(n.substring(p.length()));
        }
      }
      out.sort(null);
      return out;
    }

    @Override
    public byte[] read(String rel) throws IOException {
      ZipEntry e = zip.getEntry(prefix + rel);
      if (e == null) {
        throw new NoSuchFileException(describe(rel), null, "missing zip entry");
      }
      try (InputStream in = zip.getInputStream(e)) {
        return in.readAllBytes();
      }
    }

    @Override
    public String describe(String rel) {
      return file + "!" + prefix + rel;
    }

    @Override
    public Map<String, Long> files() {
      Map<String, Long> out = new TreeMap<>();
      Enumeration<? extends ZipEntry> en = zip.entries();
      while (en.hasMoreElements()) {
        ZipEntry e = en.nextElement();
        if (!e.isDirectory() && e.getName().startsWith(prefix)) {
          out.put(e.getName().substring(prefix.length()), e.getSize());
        }
      }
      return out;
    }

    @Override
    public InputStream open(String rel) throws IOException {
      ZipEntry e = zip.getEntry(prefix + rel);
      if (e == null) {
        throw new NoSuchFileException(describe(rel));
      }
      return zip.getInputStream(e);
    }

    @Override
    public void close() throws IOException {
      zip.close();
    }
  }
}
