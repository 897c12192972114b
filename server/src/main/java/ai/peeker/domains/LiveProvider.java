package ai.peeker.domains;

import ai.peeker.common.WireValue;

/** The live providers an operation may need (the settings that configure each live in app). */
public enum LiveProvider implements WireValue {
  NAMECOM("Name.com"),
  CLOUDFLARE("Cloudflare"),
  GOOGLE("Google Workspace"),
  MICROSOFT("Microsoft 365"),
  SMARTLEAD("Smartlead");

  private final String title;

  LiveProvider(String title) {
    this.title = title;
  }

  /** The provider's name for people. */
  public String title() {
    return title;
  }
}
