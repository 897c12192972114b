package ai.peeker.domains.imports;

import ai.peeker.api.ApiError;
import ai.peeker.api.ApiRouter;
import ai.peeker.api.FieldError;
import ai.peeker.api.Fields;
import ai.peeker.api.JsonBody;
import ai.peeker.api.Principal;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /domains/import}: imports of customer-owned domains.
 *
 * <pre>POST /partner/v1/domains/import {"domains":["acme-mail.com","team-acme.com"]}</pre>
 */
public final class ImportRoutes {
  private final Imports imports;

  public ImportRoutes(Imports imports) {
    this.imports = imports;
  }

  /** Register before {@code /domains/{id}}. */
  public void register(ApiRouter api) {
    api.post("/domains/import", this::importNow);
    api.post("/domains/import/jobs", this::importLater);
    api.get("/domains/import", this::lookup);
    api.get("/domains/import/jobs/{id}", this::get);
    api.get("/domains/import/{id}", this::get);
  }

  private void importNow(Context ctx) {
    var names = JsonBody.object(ctx, SyncNames.class).domains();
    ctx.json(Map.of("data", imports.importNow(Principal.scope(ctx), names)));
  }

  private void importLater(Context ctx) {
    var names = JsonBody.object(ctx, BulkNames.class).domains();
    var submitted = imports.importLater(Principal.scope(ctx), names);
    ctx.status(submitted.statusCode()).json(Map.of("data", submitted.job()));
  }

  private void get(Context ctx) {
    ctx.json(Map.of("data", imports.get(Principal.scope(ctx), ctx.pathParam("id"))));
  }

  private void lookup(Context ctx) {
    String raw = ctx.queryParam("domains");
    if (raw == null || raw.isBlank()) {
      throw ApiError.invalid("domains", "Query parameter 'domains' is required: a.com,b.com");
    }
    List<String> names = new ArrayList<>();
    for (String part : raw.split(",")) {
      if (!part.isBlank()) {
        names.add(part.strip());
      }
    }
    if (names.isEmpty() || names.size() > Imports.MAX_LOOKUP) {
      throw ApiError.invalid(
          "domains", "Query parameter 'domains' must name 1 to " + Imports.MAX_LOOKUP + " domains");
    }
    for (String name : names) {
      if (name.length() > 1000) {
        throw ApiError.invalid("domains", "A domain name is longer than 1000 characters");
      }
    }
    ctx.json(Map.of("data", imports.lookup(Principal.scope(ctx), names)));
  }

  /** {@code {"domains":[…]}}: 1 to 25 names; a name that is no domain becomes a refused row. */
  record SyncNames(List<String> domains) {
    SyncNames {
      domains = names(domains, Imports.MAX_SYNC);
    }
  }

  /** {@code {"domains":[…]}}: 1 to 500 names. */
  record BulkNames(List<String> domains) {
    BulkNames {
      domains = names(domains, Imports.MAX_BULK);
    }
  }

  private static List<String> names(List<String> domains, int max) {
    Fields.size(Fields.required(domains, "domains"), "domains", 1, max);
    for (int i = 0; i < domains.size(); i++) {
      if (domains.get(i).length() > 1000) {
        throw new FieldError("domains[" + i + "]", "is longer than 1000 characters");
      }
    }
    return domains;
  }
}
