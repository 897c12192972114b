package ai.peeker.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** Small readers for asserting on JSON answers. */
public final class JsonRows {
  private JsonRows() {}

  /** The {@code id} of every row of the list at {@code path}, in answer order. */
  public static List<String> ids(Api.As api, String path) {
    List<String> ids = new ArrayList<>();
    api.get(path).expect(200).data().forEach(row -> ids.add(row.path("id").asText()));
    return ids;
  }

  /** An object's keys, in the order the server wrote them. */
  public static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  /** An array of strings as a list. */
  public static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(n -> texts.add(n.asText()));
    return texts;
  }
}
