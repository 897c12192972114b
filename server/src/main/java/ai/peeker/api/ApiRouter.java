package ai.peeker.api;

import ai.peeker.partners.Preset.Access;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;

/**
 * Registers each API route under both published base paths ({@code /api/partner/v1} and {@code
 * /partner/v1}) and enforces the access a route needs against the key's preset.
 */
public final class ApiRouter {
  public static final List<String> BASE_PATHS = List.of("/api/partner/v1", "/partner/v1");

  private final RoutesConfig routes;
  private final Paging paging;
  private final RouteTemplates templates;

  ApiRouter(RoutesConfig routes, Paging paging, RouteTemplates templates) {
    this.routes = routes;
    this.paging = paging;
    this.templates = templates;
  }

  public Paging paging() {
    return paging;
  }

  public void get(String path, Handler handler) {
    add(HandlerType.GET, path, Access.READ, handler);
  }

  public void post(String path, Handler handler) {
    add(HandlerType.POST, path, Access.WRITE, handler);
  }

  /** A POST that only looks things up, so {@code limited} keys may call it. */
  public void lookup(String path, Handler handler) {
    add(HandlerType.POST, path, Access.LOOKUP, handler);
  }

  public void patch(String path, Handler handler) {
    add(HandlerType.PATCH, path, Access.WRITE, handler);
  }

  public void delete(String path, Handler handler) {
    add(HandlerType.DELETE, path, Access.WRITE, handler);
  }

  private void add(HandlerType method, String path, Access access, Handler handler) {
    Handler guarded =
        ctx -> {
          Principal principal = Principal.of(ctx);
          if (!principal.key().preset().allows(access)) {
            throw ApiError.forbidden(
                "This key's '"
                    + principal.key().preset().wire()
                    + "' preset does not allow this request");
          }
          refuseUnsafeParameters(ctx);
          handler.handle(ctx);
        };
    for (String base : BASE_PATHS) {
      routes.addHttpHandler(method, base + path, guarded);
      templates.add(method.name(), base + path);
    }
  }

  /**
   * Query and path parameters meet the same {@link TextRules} as body text, on every route: a bad
   * query parameter is a 400 naming it, and a path id with a control character names no object.
   */
  private static void refuseUnsafeParameters(Context ctx) {
    for (Map.Entry<String, List<String>> param : ctx.queryParamMap().entrySet()) {
      String name = param.getKey();
      String problem = TextRules.problem(name);
      for (int i = 0; problem == null && i < param.getValue().size(); i++) {
        problem = TextRules.problem(param.getValue().get(i));
      }
      if (problem != null) {
        throw ApiError.invalid(name, "Query parameter '" + name + "' " + problem);
      }
    }
    for (String value : ctx.pathParamMap().values()) {
      if (TextRules.problem(value) != null) {
        throw new ApiError(404, ErrorCode.NOT_FOUND, "No object has this id", null, null);
      }
    }
  }
}
