package io.millwright.web.pages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Renders the pages: one layout (navigation, who is signed in, the live-connection banner) around a
 * page's fragment. Pages are plain HTML whose scripts call the REST API and its live streams; the
 * server puts in only who is signed in, escaped. Templates are read once from the classpath.
 */
public final class Pages {

  private static final Map<String, String> TEMPLATES = new ConcurrentHashMap<>();

  private Pages() {}

  public static String render(Page page, Viewer viewer) {
    StringBuilder nav = new StringBuilder();
    for (Page p : Page.ALL) {
      if (p.navPath().isEmpty() || !viewer.role().includes(p.role())) {
        continue;
      }
      boolean here = p.equals(page);
      nav.append("<a href=\"")
          .append(p.navPath().get())
          .append('"')
          .append(here ? " aria-current=\"page\"" : "")
          .append('>')
          .append(escape(p.title()))
          .append("</a>");
    }
    StringBuilder head = new StringBuilder();
    for (String style : page.extraStyles()) {
      head.append("<link rel=\"stylesheet\" href=\"").append(style).append("\">");
    }
    StringBuilder scripts = new StringBuilder();
    for (String script : page.extraScripts()) {
      scripts.append("<script src=\"").append(script).append("\"></script>");
    }
    scripts.append("<script src=\"/assets/").append(page.name()).append(".js\"></script>");
    Map<String, String> values = new HashMap<>();
    values.put("title", escape(page.title()));
    values.put("page", page.name());
    values.put("head", head.toString());
    values.put("nav", nav.toString());
    values.put("scripts", scripts.toString());
    values.put("user", escape(viewer.user()));
    values.put("role", viewer.role().apiName());
    values.put("csrf", escape(viewer.csrf()));
    values.put("enterprise", escape(viewer.enterprise()));
    values.put("site", escape(viewer.site()));
    values.put("body", template(page.name()));
    return fill(template("layout"), values);
  }

  /**
   * The sign-in page.
   *
   * @param message shown above the form (a refused sign-in), or empty
   * @param next where to go after signing in, already checked to be a path of this server
   */
  public static String signIn(String message, String next, String user) {
    return fill(
        template("login"),
        Map.of(
            "message", escape(message),
            "hidden", message.isEmpty() ? "hidden" : "",
            "next", escape(next),
            "user", escape(user)));
  }

  /** The plain page a role that does not allow a page gets, with 403. */
  public static String forbidden(String user) {
    return fill(template("forbidden"), Map.of("user", escape(user)));
  }

  /**
   * Where to go after signing in: a path of this server only, never another site (an open redirect
   * would make the sign-in page a phishing tool).
   */
  public static String safeNext(String next) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.startsWith("/\\")
        || next.length() > 2000
        || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      return "/";
    }
    return next;
  }

  public static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /**
   * Puts the values in for {@code {{name}}} in one pass, so a value that happens to contain a
   * placeholder is never filled in itself.
   */
  static String fill(String template, Map<String, String> values) {
    StringBuilder out = new StringBuilder(template.length() + 256);
    int at = 0;
    while (true) {
      int open = template.indexOf("{{", at);
      int close = open < 0 ? -1 : template.indexOf("}}", open + 2);
      if (close < 0) {
        return out.append(template, at, template.length()).toString();
      }
      String value = values.get(template.substring(open + 2, close));
      out.append(template, at, open)
          .append(value != null ? value : template.substring(open, close + 2));
      at = close + 2;
    }
  }

  private static String template(String name) {
    return TEMPLATES.computeIfAbsent(
        name,
        n -> {
          String resource = "/io/millwright/web/pages/" + n + ".html";
          try (InputStream in = Pages.class.getResourceAsStream(resource)) {
            if (in == null) {
              throw new IllegalStateException("no page template " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
