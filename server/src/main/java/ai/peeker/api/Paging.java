package ai.peeker.api;

import ai.peeker.common.Cursor;
import ai.peeker.common.PageSlice;
import io.javalin.http.Context;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The list convention of every endpoint: {@code per_page} 1..100 (default 25), an opaque {@code
 * page_token}, and {@code {data, links:{first,next}, meta:{path,per_page,returned}}}.
 */
public final class Paging {
  private final PageTokens tokens;
  private final String publicUrl;

  /** {@code publicUrl} null means {@code http://localhost:<the port the request came in on>}. */
  Paging(PageTokens tokens, String publicUrl) {
    this.tokens = tokens;
    this.publicUrl = publicUrl;
  }

  /**
   * Reads {@code per_page} and {@code page_token} for the list {@code list} whose active filters
   * are {@code filters} (name to value, in the order they appear in links).
   */
  public PageRequest request(Context ctx, String list, Map<String, String> filters) {
    int perPage = perPage(ctx);
    String token = ctx.queryParam("page_token");
    Cursor after = null;
    if (token != null) {
      after = tokens.read(token, list, Principal.scope(ctx), filters);
      if (after == null) {
        throw ApiError.invalid(
            "page_token", "page_token is not valid for this list and these filters");
      }
    }
    return new PageRequest(list, new LinkedHashMap<>(filters), perPage, after);
  }

  private static int perPage(Context ctx) {
    Integer value =
        Query.integer(ctx, "per_page", 1, 100, "per_page must be an integer from 1 to 100");
    return value == null ? 25 : value;
  }

  /** Renders one page; {@code links.next} carries a token for the slice's next cursor. */
  public <T> Map<String, Object> render(Context ctx, PageRequest request, PageSlice<T> slice) {
    String base = publicUrl != null ? publicUrl : "http://localhost:" + ctx.req().getLocalPort();
    String path = base + ctx.path();
    Map<String, String> query = new LinkedHashMap<>(request.filters());
    query.put("per_page", Integer.toString(request.perPage()));
    String first = path + "?" + encode(query);
    String next = null;
    if (slice.next() != null) {
      query.put(
          "page_token",
          tokens.issue(request.list(), Principal.scope(ctx), request.filters(), slice.next()));
      next = path + "?" + encode(query);
    }
    Map<String, Object> links = new LinkedHashMap<>();
    links.put("first", first);
    links.put("next", next);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("path", path);
    meta.put("per_page", request.perPage());
    meta.put("returned", slice.rows().size());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("data", slice.rows());
    body.put("links", links);
    body.put("meta", meta);
    return body;
  }

  /** Renders a page whose rows need mapping to their wire shape first. */
  public <T, R> Map<String, Object> render(
      Context ctx,
      PageRequest request,
      PageSlice<T> slice,
      java.util.function.Function<T, R> view) {
    List<R> rows = slice.rows().stream().map(view).toList();
    return render(ctx, request, new PageSlice<>(rows, slice.next()));
  }

  private static String encode(Map<String, String> query) {
    StringBuilder b = new StringBuilder();
    query.forEach(
        (k, v) -> {
          if (!b.isEmpty()) {
            b.append('&');
          }
          b.append(URLEncoder.encode(k, StandardCharsets.UTF_8))
              .append('=')
              .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
        });
    return b.toString();
  }

  /** A parsed page request: which list, its filters, the page size and where to resume. */
  public record PageRequest(String list, Map<String, String> filters, int perPage, Cursor after) {}
}
