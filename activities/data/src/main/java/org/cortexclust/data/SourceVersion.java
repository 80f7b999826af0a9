package org.cortexclust.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.cortexclust.common.config.DataConfig;
import org.cortexclust.common.progress.Progress;
import org.cortexclust.common.store.StoreSettings;
import org.cortexclust.data.fetch.HttpDownloader;
import org.cortexclust.data.fetch.S3Source;

/**
 * The version of a {@code data.source}'s content, for the data stage's key (so changed data is not a cache hit):
 * <ul>
 *   <li>a local folder, zip or file: every file's relative path, size and modification time (the check {@code make}
 *       and {@code rsync} use; hashing a 100 GB release on every launch would cost minutes; a touched file only
 *       costs a re-import);
 *   <li>an http(s) URL: the server's strong ETag, Last-Modified and length (a HEAD request); a server that sends
 *       neither validator is downloaded and the content's SHA-256 is the version ({@link #pinnedSha256} then lets the
 *       import reuse that download);
 *   <li>{@code s3://bucket/prefix}: every object's name, size and ETag;
 *   <li>the simulator, or a URL whose {@code data.sha256} is set: null (the config alone pins the content).
 * </ul>
 */
public record SourceVersion(String fingerprint, String pinnedSha256) {

  public static SourceVersion of(DataConfig c, HttpDownloader http, StoreSettings s3, Progress progress) throws IOException {
    String source = c.source().trim();
    if (source.equals("simulate") || source.equals(DataConfig.SIMULATE_VIDEO)) {
      return new SourceVersion(null, null);
    }
    if (source.startsWith("https://") || source.startsWith("http://")) {
      if (c.sha256() != null) {
        return new SourceVersion(null, null);
      }
      HttpDownloader.Remote r = http.probe(source);
      if (r.fingerprint() != null) {
        return new SourceVersion("http " + r.fingerprint(), null);
      }
      HttpDownloader.Download d = http.fetch(source, null, progress);
      return new SourceVersion("http content-sha256=" + d.sha256(), d.sha256());
    }
    if (source.startsWith("s3://")) {
      return new SourceVersion(S3Source.fingerprint(source, s3), null);
    }
    Path root = Path.of(source);
    if (!Files.exists(root)) {
      throw new IllegalArgumentException("data.source: " + root.toAbsolutePath() + " does not exist (expected 'simulate', a mouse "
          + "folder, a folder of mouse folders/zips, or a mouse zip)");
    }
    return new SourceVersion(files(root), null);
  }

  /** SHA-256 over the sorted lines {@code <relative path> <size> <mtime ms>} of every file under {@code root}. */
  public static String files(Path root) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> w = Files.walk(root)) {
      for (Path p : (Iterable<Path>) w::iterator) {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class); // follows links: the content is what counts
        if (a.isRegularFile()) {
          lines.add(root.relativize(p).toString().replace('\\', '/') + " " + a.size() + " " + a.lastModifiedTime().toMillis());
        }
      }
    }
    lines.sort(null);
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (String l : lines) {
        md.update((l + "\n").getBytes(StandardCharsets.UTF_8));
      }
      return "files-sha256=" + HexFormat.of().formatHex(md.digest()) + " files=" + lines.size();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
