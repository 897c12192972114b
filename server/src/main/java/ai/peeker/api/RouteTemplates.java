package ai.peeker.api;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * The API's route templates, to name a request's route on {@code /metrics} even when it was
 * answered before routing (401 or 429 from the authentication filter): {@code
 * /partner/v1/orders/{id}}, never the raw path with its ids.
 */
final class RouteTemplates {
  private record Template(String method, String path, Pattern pattern) {}

  private final List<Template> templates = new CopyOnWriteArrayList<>();

  void add(String method, String path) {
    String regex =
        java.util.Arrays.stream(path.split("/", -1))
            .map(s -> s.startsWith("{") || s.startsWith("<") ? "[^/]+" : Pattern.quote(s))
            .reduce((a, b) -> a + "/" + b)
            .orElse("");
    templates.add(new Template(method, path, Pattern.compile(regex + "/?")));
  }

  /** The template {@code path} matches for {@code method} (literal segments first), or null. */
  String match(String method, String path) {
    Template best = null;
    for (Template t : templates) {
      if (t.method.equals(method)
          && t.pattern.matcher(path).matches()
          && (best == null || literalSegments(t.path) > literalSegments(best.path))) {
        best = t;
      }
    }
    return best == null ? null : best.path;
  }

  private static long literalSegments(String path) {
    return java.util.Arrays.stream(path.split("/")).filter(s -> !s.startsWith("{")).count();
  }
}
