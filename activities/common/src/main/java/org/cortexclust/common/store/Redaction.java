package org.cortexclust.common.store;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from URLs before they are written anywhere a colleague can read (manifests, run records, logs,
 * exception messages, OpenLineage events). A URL keeps its scheme, host, port and path, so a reader still sees which
 * file it was; the password of its user info and the value of every query and fragment parameter become
 * {@value #MASK}. Every query value goes, not only names known to be secret ({@code X-Amz-Signature}, {@code token},
 * {@code sig}, ...): a service's private-link parameter has no standard name, and a manifest loses little when
 * {@code ?dl=1} reads {@code ?dl=REDACTED}.
 */
public final class Redaction {
  public static final String MASK = "REDACTED";
  /** A URL with an authority inside any text: stops at white space, quotes, angle brackets and backslashes. */
  private static final Pattern URL = Pattern.compile("\\b([A-Za-z][A-Za-z0-9+.-]*://)([^\\s\"'<>\\\\]+)");

  private Redaction() {}

  /** {@code text} with every URL in it redacted (null stays null). */
  public static String text(String text) {
    if (text == null || text.indexOf("://") < 0) {
      return text;
    }
    Matcher m = URL.matcher(text);
    StringBuilder sb = new StringBuilder(text.length());
    while (m.find()) {
      String body = m.group(2);
      int end = body.length();
      while (end > 0 && ".,;:)]}".indexOf(body.charAt(end - 1)) >= 0) {
        end--; // prose punctuation after a URL ("<url>: HTTP 404") is not part of it
      }
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + rest(body.substring(0, end)) + body.substring(end)));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  /** One URL redacted (same as {@link #text} on a string that is only a URL). */
  public static String url(String url) {
    return text(url);
  }

  /** True when redaction would change {@code text}. */
  public static boolean hasSecrets(String text) {
    return text != null && !text.equals(text(text));
  }

  private static String rest(String s) {
    int frag = s.indexOf('#');
    String fragment = frag < 0 ? null : s.substring(frag + 1);
    String beforeFrag = frag < 0 ? s : s.substring(0, frag);
    int q = beforeFrag.indexOf('?');
    String query = q < 0 ? null : beforeFrag.substring(q + 1);
    String hostPath = q < 0 ? beforeFrag : beforeFrag.substring(0, q);
    int slash = hostPath.indexOf('/');
    String authority = slash < 0 ? hostPath : hostPath.substring(0, slash);
    String path = slash < 0 ? "" : hostPath.substring(slash);
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String user = authority.substring(0, at);
      int colon = user.indexOf(':');
      authority = (colon < 0 ? user : user.substring(0, colon) + ":" + MASK) + authority.substring(at);
    }
    StringBuilder out = new StringBuilder(authority).append(path);
    if (query != null) {
      out.append('?').append(params(query));
    }
    if (fragment != null) {
      out.append('#').append(fragment.contains("=") ? params(fragment) : fragment);
    }
    return out.toString();
  }

  private static String params(String query) {
    StringBuilder sb = new StringBuilder();
    for (String p : query.split("&", -1)) {
      if (sb.length() > 0) {
        sb.append('&');
      }
      int eq = p.indexOf('=');
      if (eq < 0) {
        sb.append(p.isEmpty() ? "" : MASK); // a bare value (?<token>) is as secret as a named one
      } else {
        sb.append(p, 0, eq + 1).append(eq + 1 < p.length() ? MASK : "");
      }
    }
    return sb.toString();
  }
}
