package io.millwright.app.web;

import java.net.URI;

/**
 * Whether a request came from one of our own pages, as far as the browser says: the {@code
 * Sec-Fetch-Site} header, else the {@code Origin}, else the {@code Referer}. A request that carries
 * none of them (a script, curl) is taken as same-origin: it was sent on purpose, not by a browser
 * on another site's behalf, and browsers send at least {@code Origin} on every cross-origin POST.
 */
final class SameOrigin {

  private SameOrigin() {}

  /**
   * @param host the request's {@code Host} header
   */
  static boolean check(String fetchSite, String origin, String referer, String host) {
    if (fetchSite != null && !fetchSite.equals("same-origin") && !fetchSite.equals("none")) {
      return false;
    }
    if (origin != null) {
      // "null" is what a sandboxed frame or a redirect chain through another site sends.
      return !origin.equals("null") && ours(origin, host);
    }
    if (referer != null && !referer.isEmpty()) {
      try {
        URI uri = URI.create(referer);
        if (uri.getScheme() == null || uri.getRawAuthority() == null) {
          return false;
        }
        return ours(uri.getScheme() + "://" + uri.getRawAuthority(), host);
      } catch (IllegalArgumentException e) {
        return false;
      }
    }
    return true;
  }

  private static boolean ours(String origin, String host) {
    return host != null
        && (origin.equalsIgnoreCase("http://" + host)
            || origin.equalsIgnoreCase("https://" + host));
  }
}
