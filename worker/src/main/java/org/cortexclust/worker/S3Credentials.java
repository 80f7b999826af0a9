package org.cortexclust.worker;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Credentials for a remote S3 store, from the first of (docs/connections.md):
 * <ol>
 *   <li>{@code --s3-credentials FILE} (properties {@code access_key}, {@code secret_key}, optional {@code session_token});
 *   <li>{@code CORTEXCLUST_S3_ACCESS_KEY} and {@code CORTEXCLUST_S3_SECRET_KEY} (optional {@code CORTEXCLUST_S3_SESSION_TOKEN});
 *   <li>the AWS variables {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY}, optional {@code AWS_SESSION_TOKEN};
 *   <li>the AWS profile {@code AWS_PROFILE} (else {@code default}) in the shared credentials file
 *       ({@code AWS_SHARED_CREDENTIALS_FILE}, else {@code ~/.aws/credentials}), then in the config file
 *       ({@code AWS_CONFIG_FILE}, else {@code ~/.aws/config}, sections {@code [profile NAME]} or {@code [default]}).
 * </ol>
 * The same order as the AWS SDKs' default chain (explicit, then environment, then profiles), with our own file and
 * variables first. Never from the command line, never logged: {@link #toString} shows only where they came from.
 */
public record S3Credentials(String accessKey, String secretKey, String sessionToken, String source) {

  @Override
  public String toString() {
    return "S3Credentials[from " + source + "]";
  }

  /**
   * @param file    {@code --s3-credentials}, or null
   * @param env     the environment
   * @param userHome where {@code ~/.aws} is
   */
  public static S3Credentials resolve(Path file, Map<String, String> env, Path userHome) throws IOException {
    if (file != null) {
      Properties p = new Properties();
      try (InputStream in = Files.newInputStream(file)) {
        p.load(in);
      }
      String ak = p.getProperty("access_key");
      String sk = p.getProperty("secret_key");
      if (ak == null || sk == null) {
        throw new IllegalArgumentException(file + ": expected properties access_key and secret_key");
      }
      return new S3Credentials(ak, sk, blankToNull(p.getProperty("session_token")), "--s3-credentials " + file);
    }
    S3Credentials c = pair(env, "CORTEXCLUST_S3_ACCESS_KEY", "CORTEXCLUST_S3_SECRET_KEY", "CORTEXCLUST_S3_SESSION_TOKEN");
    if (c != null) return c;
    c = pair(env, "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN");
    if (c != null) return c;
    String profile = blankToNull(env.get("AWS_PROFILE"));
    String name = profile == null ? "default" : profile;
    Path creds = env.get("AWS_SHARED_CREDENTIALS_FILE") != null ? Path.of(env.get("AWS_SHARED_CREDENTIALS_FILE"))
        : userHome.resolve(".aws").resolve("credentials");
    Path config = env.get("AWS_CONFIG_FILE") != null ? Path.of(env.get("AWS_CONFIG_FILE")) : userHome.resolve(".aws").resolve("config");
    for (Path f : List.of(creds, config)) {
      if (!Files.isRegularFile(f)) continue;
      Map<String, Map<String, String>> ini = ini(f);
      Map<String, String> s = ini.get(f.equals(config) && !name.equals("default") ? "profile " + name : name);
      if (s == null && f.equals(config)) s = ini.get("profile " + name); // some write [profile default]
      if (s == null) continue;
      String ak = blankToNull(s.get("aws_access_key_id"));
      String sk = blankToNull(s.get("aws_secret_access_key"));
      if (ak != null && sk != null) {
        return new S3Credentials(ak, sk, blankToNull(s.get("aws_session_token")), "AWS profile " + name + " in " + f);
      }
      if (ak != null || sk != null) {
        throw new IllegalArgumentException(f + ", profile " + name + ": has only one of aws_access_key_id and aws_secret_access_key");
      }
    }
    throw new IllegalArgumentException("--s3-endpoint needs credentials: pass --s3-credentials FILE (properties access_key, secret_key), "
        + "or set CORTEXCLUST_S3_ACCESS_KEY and CORTEXCLUST_S3_SECRET_KEY, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, "
        + "or an AWS profile (" + (profile == null ? "default" : "AWS_PROFILE=" + profile) + ") with aws_access_key_id and "
        + "aws_secret_access_key in " + creds + " or " + config + " (access keys only: SSO, assume-role and credential_process "
        + "profiles are not read)");
  }

  private static S3Credentials pair(Map<String, String> env, String akVar, String skVar, String tokenVar) {
    String ak = blankToNull(env.get(akVar));
    String sk = blankToNull(env.get(skVar));
    if (ak == null && sk == null) return null;
    if (ak == null || sk == null) {
      throw new IllegalArgumentException((ak == null ? akVar : skVar) + " is not set but " + (ak == null ? skVar : akVar)
          + " is: set both (or neither)");
    }
    return new S3Credentials(ak, sk, blankToNull(env.get(tokenVar)), akVar + "/" + skVar);
  }

  /** An INI file as the AWS tools write it: {@code [section]}, {@code key = value}, {@code #} and {@code ;} comments. */
  static Map<String, Map<String, String>> ini(Path f) throws IOException {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    Map<String, String> cur = null;
    for (String raw : Files.readAllLines(f)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) continue;
      if (line.startsWith("[") && line.endsWith("]")) {
        cur = out.computeIfAbsent(line.substring(1, line.length() - 1).strip().replaceAll("\\s+", " "), k -> new LinkedHashMap<>());
      } else if (cur != null && line.contains("=") && !Character.isWhitespace(raw.charAt(0))) {
        int i = line.indexOf('=');
        cur.put(line.substring(0, i).strip().toLowerCase(java.util.Locale.ROOT), line.substring(i + 1).strip());
      }
    }
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
