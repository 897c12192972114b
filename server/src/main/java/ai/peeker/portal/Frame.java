package ai.peeker.portal;

import ai.peeker.partners.Environment;

/**
 * What every signed-in page shows around its content: the partner and user, the navigation with the
 * current section, the environment switch, and the CSRF token its forms carry.
 *
 * @param section the navigation entry of this page: keys, webhooks, orders, pending, domains
 */
public record Frame(String title, String section, Environment environment, Session session) {
  public String base() {
    return "/portal/" + environment.wire();
  }

  /** The same section in the other environment. */
  public String otherBase() {
    return "/portal/" + other().wire();
  }

  public Environment other() {
    return environment == Environment.TEST ? Environment.LIVE : Environment.TEST;
  }

  public Frame withTitle(String newTitle) {
    return new Frame(newTitle, section, environment, session);
  }

  /** The tenant this page reads: the session's partner in this page's environment. */
  public ai.peeker.partners.Scope scope() {
    return session.scope(environment);
  }

  public String csrf() {
    return session.csrfToken();
  }
}
