package ai.peeker.portal;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.util.Map;

/**
 * The portal's pages: JTE templates compiled with the code (src/main/jte), escaping every value for
 * HTML.
 */
public final class Templates {
  private final TemplateEngine engine = TemplateEngine.createPrecompiled(ContentType.Html);

  public String render(String template, Map<String, Object> params) {
    StringOutput out = new StringOutput();
    engine.render(template + ".jte", params, out);
    return out.toString();
  }
}
